package it.dev.offload;

import static it.dev.offload.Offload.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Fair use: an account that submits faster than its rate is refused with 429 and told when to come
 * back, nothing of the refused requests is written, and other accounts are not held up. The test
 * API server limits {@code it-limited} (used only here) to 3 tasks per second.
 */
class RateLimitIT {

  private static final String LIMITED = "it-limited:it-limited-secret";
  private static final String OTHER = "it-submitter:it-submitter-secret";
  private static final String TASK = "{\"type\":\"simulate\",\"payload\":{}}";

  @Test
  void aBurstOverTheRateIsRefusedUntilTheAccountMaySubmitAgain() throws Exception {
    // The account's own tasks, as its counts show them (the test servers count exactly).
    long before = Offload.totalTasks(LIMITED);

    List<Response> answers = burst(12);

    List<Response> refused = answers.stream().filter(r -> r.statusCode() == 429).toList();
    long accepted = answers.stream().filter(r -> r.statusCode() == 202).count();
    assertThat(accepted + refused.size()).as("every answer is 202 or 429").isEqualTo(12);
    assertThat(refused).as("refused submissions of a burst of 12").isNotEmpty();
    assertThat(refused)
        .allSatisfy(
            r -> {
              assertThat(r.contentType()).startsWith("application/problem+json");
              assertThat(Integer.parseInt(r.header("Retry-After"))).isBetween(1, 2);
              assertThat(r.jsonPath().getString("reason")).isEqualTo("rate-limit");
              assertThat(r.jsonPath().getString("detail"))
                  .contains("may submit at most 3 tasks per second");
            });
    as(OTHER).body(TASK).post("/api/tasks").then().statusCode(202);
    assertThat(Offload.totalTasks(LIMITED)).as("tasks written").isEqualTo(before + accepted);

    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> as(LIMITED).body(TASK).post("/api/tasks").statusCode() == 202);
  }

  private static List<Response> burst(int size) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(size);
    try {
      List<Future<Response>> sent = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        sent.add(clients.submit(() -> as(LIMITED).body(TASK).post("/api/tasks")));
      }
      List<Response> answers = new ArrayList<>();
      for (Future<Response> answer : sent) {
        answers.add(answer.get(60, TimeUnit.SECONDS));
      }
      return answers;
    } finally {
      clients.shutdownNow();
    }
  }
}
