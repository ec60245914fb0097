package dev.offload.health;

import dev.offload.submission.WarmUp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the submission path has been gone through once at start, so the first client a
 * load balancer sends is not the one that pays for it.
 */
@Readiness
@ApplicationScoped
public class WarmUpReadiness implements HealthCheck {

  @Inject WarmUp warmUp;

  @Override
  public HealthCheckResponse call() {
    String outcome = warmUp.outcome();
    return HealthCheckResponse.named("warm-up")
        .status(outcome != null)
        .withData("outcome", outcome == null ? "running" : outcome)
        .build();
  }
}
