package dev.offload.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offload.tasks.entity.Progress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a running attempt's progress reports are coalesced for live clients. */
class RunningAttemptsTest {

  private static final long MS = 1_000_000;

  private final RunningAttempts.Running running =
      new RunningAttempts.Running(
          "t1", 1, Duration.ofMinutes(1), Instant.now(), Thread.currentThread(), Duration.ZERO);

  private static Progress report(int percent) {
    return new Progress("t1", "x", "alice", 1, percent, null, Instant.now());
  }

  @Test
  void aHandlerReportingInAHotLoopIsPublishedAtMostTenTimesASecondButItsLatestAlways() {
    long t0 = 1_000 * MS;
    Progress first = report(1);
    assertThat(running.report(first, t0)).as("the first at once").isTrue();

    int published = 0;
    for (int i = 2; i <= 99; i++) {
      if (running.report(report(i), t0 + i * MS)) {
        published++;
      }
    }
    assertThat(published).as("within 99 ms of the first").isZero();
    assertThat(running.latest().percent()).isEqualTo(99);

    // The watchdog's next tick (or the attempt's outcome) publishes what is left, once.
    assertThat(running.takeUnpublished(t0 + 100 * MS).percent()).isEqualTo(99);
    assertThat(running.takeUnpublished(t0 + 150 * MS)).isNull();

    assertThat(running.report(report(100), t0 + 160 * MS)).as("a moment too soon").isFalse();
    assertThat(running.report(report(100), t0 + 201 * MS)).isTrue();
    assertThat(running.takeUnpublished(t0 + 250 * MS)).isNull();
  }
}
