package dev.offload.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.offload.platform.Problem;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PurgesResourceTest {

  private final PurgesResource purges = new PurgesResource();

  PurgesResourceTest() {
    purges.retention = mock(RetentionJob.class);
    when(purges.retention.purgeFinishedBefore(any())).thenReturn(3);
  }

  @Test
  void anInstantIsTheCutoffItself() {
    Instant cutoff = Instant.parse("2026-12-01T00:00:00Z");

    JsonObject answer = purges.purge(null, cutoff);

    verify(purges.retention).purgeFinishedBefore(cutoff);
    assertThat(answer.getString("finishedBefore")).isEqualTo("2026-12-01T00:00:00Z");
    assertThat(answer.getInt("purged")).isEqualTo(3);
  }

  @Test
  void anAgeCountsBackFromNow() {
    Instant before = Instant.now();

    Instant cutoff =
        Instant.parse(purges.purge(Duration.ofDays(1), null).getString("finishedBefore"));

    assertThat(cutoff)
        .isBetween(before.minus(Duration.ofDays(1)), Instant.now().minus(Duration.ofDays(1)));
  }

  @Test
  void aPurgeThatWouldReachTasksJustFinishedOrNotYetFinishedIsRefused() {
    assertThatThrownBy(() -> purges.purge(Duration.ZERO, null))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("at least PT1S");
    assertThatThrownBy(() -> purges.purge(null, Instant.now().plusSeconds(60)))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("must not be in the future");
    assertThatThrownBy(() -> purges.purge(Duration.ofDays(1), Instant.now()))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> purges.purge(null, null))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("olderThan is required");
    verify(purges.retention, never()).purgeFinishedBefore(any());
  }
}
