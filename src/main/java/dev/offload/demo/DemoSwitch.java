package dev.offload.demo;

import jakarta.inject.Inject;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hides the demonstration endpoints (404, as if they did not exist) unless {@code
 * offload.demo.enabled} is true: they run work nobody retries, or answer 202 for tasks nobody
 * stores, and have no place on a production server.
 */
@Provider
@DemoSwitch.DemoOnly
public class DemoSwitch implements ContainerRequestFilter {

  /** Marks a resource that exists only while the demo endpoints are enabled. */
  @NameBinding
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.TYPE, ElementType.METHOD})
  public @interface DemoOnly {}

  @Inject
  @ConfigProperty(name = "offload.demo.enabled", defaultValue = "false")
  boolean enabled;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!enabled) {
      throw new NotFoundException();
    }
  }
}
