package dev.offload.handlers.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts {@code http} tasks may call, so that a task cannot be used to reach a service the
 * submitter could not reach itself (server-side request forgery). Entries are host names or
 * addresses as they appear in a URL ({@code [::1]} for IPv6), or {@code *.example.com} for every
 * host below a domain; matching ignores case. An empty list allows nothing.
 */
final class AllowedHosts {

  private final List<String> hosts = new ArrayList<>();
  private final List<String> domains = new ArrayList<>();

  /** Parses a comma- or space-separated list. */
  AllowedHosts(String list) {
    for (String entry : list.toLowerCase(Locale.ROOT).split("[,\\s]+")) {
      if (entry.startsWith("*.") && entry.length() > 2) {
        domains.add(entry.substring(1));
      } else if (!entry.isEmpty()) {
        hosts.add(entry);
      }
    }
  }

  boolean allows(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return hosts.contains(h) || domains.stream().anyMatch(h::endsWith);
  }
}
