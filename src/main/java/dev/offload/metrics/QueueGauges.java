package dev.offload.metrics;

import dev.offload.platform.BrokerQueues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The broker's own figures as gauges, read when Prometheus scrapes: the depth of the task queue and
 * of the dead-letter queue, and the consumers on the task queue. NaN while the broker is away.
 */
@ApplicationScoped
public class QueueGauges {

  @Inject MetricRegistry registry;
  @Inject BrokerQueues queues;

  void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
    registry.gauge("offload.queue.depth", this, g -> g.read(BrokerQueues.TASKS, "messageCount"));
    registry.gauge(
        "offload.queue.consumers", this, g -> g.read(BrokerQueues.TASKS, "consumerCount"));
    registry.gauge(
        "offload.deadletter.depth", this, g -> g.read(BrokerQueues.DEAD_LETTERS, "messageCount"));
  }

  private double read(String queue, String attribute) {
    var value = queues.read(queue, attribute);
    return value.isPresent() ? value.getAsLong() : Double.NaN;
  }
}
