package dev.offload.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
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
    long live = liveAfterCollection();
    return HealthCheckResponse.named("memory")
        .status(live < EXHAUSTED * max)
        .withData("heapLiveBytes", live)
        .withData("heapUsedBytes", heap.getUsed())
        .withData("heapMaxBytes", max)
        .build();
  }

  /**
   * What the heap pools held right after their last collection: garbage not yet collected is no
   * sign of trouble, and a busy server has plenty of it between collections.
   */
  private static long liveAfterCollection() {
    long live = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        MemoryUsage afterGc = pool.getCollectionUsage();
        live += afterGc != null ? afterGc.getUsed() : pool.getUsage().getUsed();
      }
    }
    return live;
  }
}
