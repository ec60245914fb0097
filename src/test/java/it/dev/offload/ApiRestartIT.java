package it.dev.offload;

import static it.dev.offload.Offload.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Restarting the API server during a burst loses no task it accepted. */
class ApiRestartIT {

  @AfterEach
  void apiRunsAgain() {
    if (!Offload.listening(9080)) {
      Offload.startApi();
    }
    await()
        .atMost(Duration.ofSeconds(120))
        .ignoreExceptions()
        .until(() -> api().get("/api/stats").statusCode() == 200);
  }

  @Test
  void noAcceptedTaskIsLostWhenTheApiServerRestartsDuringABurst() throws Exception {
    List<String> ids;
    int notAccepted;
    try (SubmissionStream stream = new SubmissionStream(4, Duration.ofSeconds(5))) {
      stream.awaitAccepted(20, Duration.ofSeconds(30));
      Offload.stopApi();
      Offload.startApi();
      stream.awaitAccepted(20, Duration.ofSeconds(120));
      ids = stream.stop();
      notAccepted = stream.unreachable.get() + stream.refused.get() + stream.otherStatuses.size();
    }

    List<JsonPath> finished = Offload.awaitFinished(ids, Duration.ofSeconds(180));
    long completed =
        finished.stream().filter(t -> "COMPLETED".equals(t.getString("status"))).count();
    System.out.printf(
        "api restart: accepted=%d not-accepted=%d completed=%d lost=%d%n",
        ids.size(), notAccepted, completed, ids.size() - completed);
    assertThat(notAccepted).as("submissions that met the restart").isPositive();
    assertThat(completed).as("accepted tasks completed").isEqualTo(ids.size());
  }
}
