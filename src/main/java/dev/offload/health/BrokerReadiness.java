package dev.offload.health;

import dev.offload.platform.BrokerQueues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the broker answers a management request: a pooled connection can look open after
 * the broker has gone, so the check asks the broker something.
 */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

  @Inject BrokerQueues queues;

  @Override
  public HealthCheckResponse call() {
    return queues
        .stats(BrokerQueues.TASKS)
        .map(
            stats ->
                HealthCheckResponse.named("broker")
                    .up()
                    .withData("live", stats.live().orElse("?"))
                    .withData("queueDepth", stats.depth())
                    .withData("consumers", stats.consumers())
                    .build())
        .orElseGet(
            () ->
                HealthCheckResponse.named("broker")
                    .down()
                    .withData("error", "the broker does not answer")
                    .build());
  }
}
