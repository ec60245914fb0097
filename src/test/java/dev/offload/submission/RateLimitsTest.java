package dev.offload.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

  private static RateLimits limits(String setting) {
    RateLimits limits = new RateLimits();
    limits.setting = Optional.ofNullable(setting);
    limits.parse();
    return limits;
  }

  @Test
  void anAccountOverItsRateIsRefusedWithWhenToComeBack() {
    RateLimits limits = limits("*=100;importer=3");

    for (int i = 0; i < 3; i++) {
      limits.check("importer");
    }

    assertThatThrownBy(() -> limits.check("importer"))
        .isInstanceOfSatisfying(
            RateLimited.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(1))
        .hasMessage(
            "account 'importer' may submit at most 3 tasks per second; nothing was written, try"
                + " again in 1 s");
  }

  @Test
  void eachAccountHasABucketOfItsOwn() {
    RateLimits limits = limits("2");

    limits.check("ann");
    limits.check("ann");
    limits.check("bob");

    assertThatThrownBy(() -> limits.check("ann")).isInstanceOf(RateLimited.class);
    limits.check("bob");
  }

  @Test
  void withoutASettingOrWithZeroNothingIsLimited() {
    RateLimits none = limits(null);
    RateLimits zero = limits("0;importer=0");

    for (int i = 0; i < 10_000; i++) {
      none.check("ann");
      zero.check("importer");
    }
  }

  @Test
  void aSettingIsReadAsRatesPerAccount() {
    assertThat(RateLimits.rates(" 20 ")).isEqualTo(Map.of("*", 20L));
    assertThat(RateLimits.rates("*=20; importer = 200;"))
        .isEqualTo(Map.of("*", 20L, "importer", 200L));
    assertThatThrownBy(() -> RateLimits.rates("importer=fast"))
        .hasMessageContaining("'importer=fast' is not a rate");
    assertThatThrownBy(() -> RateLimits.rates("=5")).hasMessageContaining("is not a rate");
    assertThatThrownBy(() -> RateLimits.rates("-1")).hasMessageContaining("is not a rate");
  }
}
