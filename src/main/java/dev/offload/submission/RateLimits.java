package dev.offload.submission;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fair use: each account may submit at most its rate of tasks per second (a token bucket that holds
 * one second's worth, so short bursts pass), so one client cannot take the server from the others.
 * {@code offload.submission.rate-limit} is empty (no limit), a rate for every account ({@code 20}),
 * or rates per account with {@code *} for the rest ({@code *=20;importer=200}); 0 is no limit.
 */
@ApplicationScoped
public class RateLimits {

  private static final String EVERY_OTHER = "*";

  @Inject
  @ConfigProperty(name = "offload.submission.rate-limit")
  Optional<String> setting;

  private final Map<String, Long> rates = new HashMap<>();
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  @PostConstruct
  void parse() {
    setting.ifPresent(s -> rates.putAll(rates(s)));
  }

  /** The rates a setting names, per account ({@code *}: every other); refuses a malformed one. */
  static Map<String, Long> rates(String setting) {
    Map<String, Long> rates = new HashMap<>();
    for (String entry : setting.strip().split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] pair = entry.contains("=") ? entry.split("=", 2) : new String[] {EVERY_OTHER, entry};
      try {
        long rate = Long.parseLong(pair[1].strip());
        if (rate < 0 || pair[0].isBlank()) {
          throw new NumberFormatException();
        }
        rates.put(pair[0].strip(), rate);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "offload.submission.rate-limit: '"
                + entry
                + "' is not a rate; use N, or name=N entries separated by ';' (N tasks per second)");
      }
    }
    return rates;
  }

  /** Passes while {@code account} is within its rate; otherwise throws {@link RateLimited}. */
  public void check(String account) {
    long rate = rates.getOrDefault(account, rates.getOrDefault(EVERY_OTHER, 0L));
    if (rate == 0) {
      return;
    }
    ConsumptionProbe probe =
        buckets
            .computeIfAbsent(
                account,
                a ->
                    Bucket.builder()
                        .addLimit(
                            limit -> limit.capacity(rate).refillGreedy(rate, Duration.ofSeconds(1)))
                        .build())
            .tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds =
          Math.max(
              1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
      throw new RateLimited(account, rate, seconds);
    }
  }
}
