package dev.offload.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.offload.platform.BrokerQueues;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BackpressureTest {

  /** The broker's answer about the queue's depth; empty while it cannot be reached. */
  static final class Broker extends BrokerQueues {
    OptionalLong depth = OptionalLong.empty();
    int reads;

    @Override
    public OptionalLong read(String queue, String attribute) {
      reads++;
      return depth;
    }
  }

  private final Broker broker = new Broker();

  private Backpressure limitedTo(long maxDepth) {
    Backpressure backpressure = new Backpressure();
    backpressure.broker = broker;
    backpressure.maxQueueDepth = maxDepth;
    return backpressure;
  }

  @Test
  void aBacklogUnderTheLimitLetsSubmissionsThrough() {
    broker.depth = OptionalLong.of(99);

    assertThatCode(() -> limitedTo(100).check()).doesNotThrowAnyException();
  }

  @Test
  void aBacklogAtTheLimitIsRefusedAsOverloaded() {
    broker.depth = OptionalLong.of(100);

    Overloaded refused = catchThrowableOfType(Overloaded.class, () -> limitedTo(100).check());

    assertThat(refused.getMessage()).contains("100 tasks").contains("limit of 100");
  }

  @Test
  void theBrokerIsAskedAtMostOncePerInterval() {
    broker.depth = OptionalLong.of(1);
    Backpressure backpressure = limitedTo(100);

    for (int i = 0; i < 1_000; i++) {
      backpressure.check();
    }

    assertThat(broker.reads).isEqualTo(1);
  }

  @Test
  void anUnreachableBrokerLeavesTheLastSampleInPlace() {
    Backpressure backpressure = limitedTo(100);

    assertThatCode(backpressure::check).doesNotThrowAnyException();
    assertThat(broker.reads).isEqualTo(1);
  }
}
