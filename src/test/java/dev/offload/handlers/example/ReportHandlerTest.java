package dev.offload.handlers.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.offload.handlers.PermanentFailure;
import dev.offload.handlers.RetryLater;
import dev.offload.handlers.TaskContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How to test a handler of your own: give it a {@link TaskContext} and look at what it did. */
class ReportHandlerTest {

  private final ReportHandler handler = new ReportHandler();
  private final List<Integer> progress = new ArrayList<>();
  private final AtomicBoolean cancelled = new AtomicBoolean();

  @BeforeEach
  void wire() {
    handler.store = new ReportStore();
  }

  private static JsonObject payload(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  private TaskContext attempt(int number, String payload) {
    return new TaskContext(
        "task-1",
        "report",
        number,
        3,
        payload(payload),
        cancelled::get,
        (percent, message) -> progress.add(percent));
  }

  @Test
  void aReportIsBuiltInPartsReportingProgressAndUploadedUnderTheTasksKey() throws Exception {
    JsonObject result =
        handler.handle(attempt(1, "{\"report\": \"sales\", \"parts\": 4}")).asJsonObject();

    assertThat(progress).containsExactly(25, 50, 75, 100);
    assertThat(result.getString("location")).isEqualTo("store://reports/task-1");
    // A second attempt of the same task (its first one's commit was lost) uploads no second copy.
    handler.handle(attempt(2, "{\"report\": \"sales\", \"parts\": 4}"));
    assertThat(handler.store.uploads).containsOnlyKeys("task-1");
  }

  @Test
  void aBadPayloadIsRefusedAtSubmission() {
    assertThatThrownBy(() -> handler.validate(payload("{\"report\": \"weather\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("\"report\" must be one of");
    assertThatThrownBy(() -> handler.validate(payload("{\"report\": \"stock\", \"parts\": 0}")))
        .hasMessage("\"parts\" must be from 1 to 100");
  }

  @Test
  void aCancelledTaskStopsBetweenParts() {
    cancelled.set(true);

    assertThatThrownBy(() -> handler.handle(attempt(1, "{\"report\": \"stock\"}")))
        .isInstanceOf(InterruptedException.class);
    assertThat(handler.store.uploads).isEmpty();
  }

  @Test
  void whatCannotSucceedFailsForGoodAndABusyStoreAsksForALaterAttempt() {
    handler.store.accepted = Set.of("stock");
    assertThatThrownBy(() -> handler.handle(attempt(1, "{\"report\": \"sales\"}")))
        .isInstanceOf(PermanentFailure.class);

    handler.store.busy = true;
    assertThatThrownBy(() -> handler.handle(attempt(1, "{\"report\": \"stock\"}")))
        .isInstanceOfSatisfying(
            RetryLater.class,
            later -> assertThat(later.notBefore()).isEqualTo(Duration.ofSeconds(30)));
  }
}
