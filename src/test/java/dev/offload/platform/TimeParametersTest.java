package dev.offload.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeParametersTest {

  private final TimeParameters parameters = new TimeParameters();

  @SuppressWarnings("unused")
  void resource(
      @QueryParam("timeout") Duration timeout, @QueryParam("failedSince") Instant since) {}

  private <T> ParamConverter<T> converter(Class<T> type, int parameter) throws Exception {
    Annotation[] annotations =
        getClass()
            .getDeclaredMethod("resource", Duration.class, Instant.class)
            .getParameterAnnotations()[parameter];
    return parameters.getConverter(type, type, annotations);
  }

  @Test
  void durationsAndInstantsAreReadAsIso8601() throws Exception {
    assertThat(converter(Duration.class, 0).fromString("PT30S")).isEqualTo(Duration.ofSeconds(30));
    assertThat(converter(Instant.class, 1).fromString("2030-01-01T09:00:00Z"))
        .isEqualTo(Instant.parse("2030-01-01T09:00:00Z"));
  }

  @Test
  void anEmptyValueIsNoValue() throws Exception {
    assertThat(converter(Duration.class, 0).fromString("")).isNull();
  }

  @Test
  void aMalformedValueIsABadRequestThatNamesTheParameter() throws Exception {
    assertThatThrownBy(() -> converter(Duration.class, 0).fromString("5 minutes"))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(400))
        .hasMessage("timeout must be an ISO-8601 duration such as PT30S, was '5 minutes'");
    assertThatThrownBy(() -> converter(Instant.class, 1).fromString("yesterday"))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("failedSince must be an ISO-8601 instant");
  }

  @Test
  void otherTypesAreLeftToJaxRs() throws Exception {
    assertThat(parameters.getConverter(String.class, String.class, new Annotation[0])).isNull();
  }
}
