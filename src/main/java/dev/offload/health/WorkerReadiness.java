package dev.offload.health;

import dev.offload.platform.BrokerQueues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * On a worker server, ready only while its task consumer is active (not paused, its activation spec
 * started) and the broker sees consumers on the task queue. API-only servers report their role and
 * pass.
 */
@Readiness
@ApplicationScoped
public class WorkerReadiness implements HealthCheck {

  /** Liberty's name for the task consumer's message endpoint: application#module#bean. */
  static final String ENDPOINT = "offload#offload.war#TaskConsumer";

  @Inject
  @ConfigProperty(name = "offload.worker.enabled", defaultValue = "true")
  boolean workerEnabled;

  @Inject BrokerQueues queues;

  @Override
  public HealthCheckResponse call() {
    if (!workerEnabled) {
      return HealthCheckResponse.named("worker").up().withData("role", "api").build();
    }
    boolean paused;
    try {
      paused =
          (Boolean)
              ManagementFactory.getPlatformMBeanServer()
                  .invoke(
                      new ObjectName("WebSphere:feature=kernel,name=ServerEndpointControl"),
                      "isPaused",
                      new Object[] {ENDPOINT},
                      new String[] {String.class.getName()});
    } catch (JMException | RuntimeException e) {
      return HealthCheckResponse.named("worker").down().withData("error", e.toString()).build();
    }
    long consumers = queues.read(BrokerQueues.TASKS, "consumerCount").orElse(0);
    return HealthCheckResponse.named("worker")
        .status(!paused && consumers > 0)
        .withData("role", "worker")
        .withData("taskConsumerActive", !paused)
        .withData("brokerConsumers", consumers)
        .build();
  }
}
