package dev.offload.processing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Names this server in a task's {@code processedBy}: Liberty server name @ host. */
@ApplicationScoped
public class WorkerIdentity {

  @Inject
  @ConfigProperty(name = "wlp.server.name", defaultValue = "offload")
  String serverName;

  private String name;

  public String name() {
    if (name == null) {
      name = serverName + "@" + host();
    }
    return name;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
