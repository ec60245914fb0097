package dev.offload.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offload.handlers.RetryLater;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AttemptRecordsTest {

  @Test
  void eachRetryWaitsTwiceAsLongAsTheOneBeforeUpToTheCap() {
    AttemptRecords records = new AttemptRecords();
    records.firstDelay = Duration.ofSeconds(1);
    records.maxDelay = Duration.ofMinutes(5);

    assertThat(records.retryDelay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(records.retryDelay(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(records.retryDelay(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(records.retryDelay(9)).isEqualTo(Duration.ofSeconds(256));
    assertThat(records.retryDelay(10)).isEqualTo(Duration.ofMinutes(5));
    assertThat(records.retryDelay(1_000)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aHandlersRetryLaterStretchesTheDelayButNotPastTheCapAndNeverShortensIt() {
    AttemptRecords records = new AttemptRecords();
    records.firstDelay = Duration.ofSeconds(1);
    records.maxDelay = Duration.ofMinutes(5);

    assertThat(records.nextDelay(1, new RetryLater(Duration.ofSeconds(30), "429")))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(records.nextDelay(4, new RetryLater(Duration.ofSeconds(2), "429")))
        .isEqualTo(Duration.ofSeconds(8));
    assertThat(records.nextDelay(1, new RetryLater(Duration.ofDays(1), "429")))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(records.nextDelay(2, new IllegalStateException("plain failure")))
        .isEqualTo(Duration.ofSeconds(2));
  }
}
