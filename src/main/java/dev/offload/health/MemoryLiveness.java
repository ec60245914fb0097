package dev.offload.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while the JVM has heap to work with. Broker or database outages do not count: a restart
 * would not cure them, and readiness already takes the server out of rotation.
 */
@Liveness
@ApplicationScoped
public class MemoryLiveness implements HealthCheck {

  /**
   * Heap in use after the last collections, as a share of the maximum, that counts as exhausted.
   */
  private static final double EXHAUSTED = 0.95;

  @Override
  public HealthCheckResponse call() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
    return HealthCheckResponse.named("memory")
        .status(heap.getUsed() < EXHAUSTED * max)
        .withData("heapUsedBytes", heap.getUsed())
        .withData("heapMaxBytes", max)
        .build();
  }
}
