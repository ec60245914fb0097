package dev.offload.tasks.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.offload.platform.Problem;
import dev.offload.tasks.boundary.QueryParameters.Limit;
import dev.offload.tasks.boundary.QueryParameters.Statuses;
import dev.offload.tasks.entity.TaskStatus;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryParametersTest {

  private final QueryParameters parameters = new QueryParameters();

  @SuppressWarnings("unused")
  void resource(
      @QueryParam("timeout") Duration timeout,
      @QueryParam("failedSince") Instant since,
      @QueryParam("status") TaskStatus status,
      @QueryParam("waitFor") Statuses waitFor,
      @QueryParam("limit") Limit limit) {}

  private <T> ParamConverter<T> converter(Class<T> type) throws Exception {
    var method =
        getClass()
            .getDeclaredMethod(
                "resource",
                Duration.class,
                Instant.class,
                TaskStatus.class,
                Statuses.class,
                Limit.class);
    for (int i = 0; i < method.getParameterCount(); i++) {
      if (method.getParameterTypes()[i] == type) {
        return parameters.getConverter(type, type, method.getParameterAnnotations()[i]);
      }
    }
    throw new IllegalArgumentException(type.getName());
  }

  @Test
  void durationsAndInstantsAreReadAsIso8601() throws Exception {
    assertThat(converter(Duration.class).fromString("PT30S")).isEqualTo(Duration.ofSeconds(30));
    assertThat(converter(Instant.class).fromString("2030-01-01T09:00:00Z"))
        .isEqualTo(Instant.parse("2030-01-01T09:00:00Z"));
  }

  @Test
  void anEmptyValueIsNoValue() throws Exception {
    assertThat(converter(Duration.class).fromString("")).isNull();
    assertThat(converter(TaskStatus.class).fromString(" ")).isNull();
    assertThat(converter(Statuses.class).fromString("")).isNull();
  }

  @Test
  void aMalformedValueIsABadRequestThatNamesTheParameter() throws Exception {
    assertThatThrownBy(() -> converter(Duration.class).fromString("5 minutes"))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(400))
        .hasMessage("timeout must be an ISO-8601 duration such as PT30S, was '5 minutes'");
    assertThatThrownBy(() -> converter(Instant.class).fromString("yesterday"))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("failedSince must be an ISO-8601 instant");
  }

  @Test
  void statusesAreReadWhateverTheirCaseAndTheServersLocale() throws Exception {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr"));
    try {
      assertThat(converter(TaskStatus.class).fromString("processing"))
          .isEqualTo(TaskStatus.PROCESSING);
      assertThat(converter(Statuses.class).fromString("completed, FAILED").set())
          .isEqualTo(Set.of(TaskStatus.COMPLETED, TaskStatus.FAILED));
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void anUnknownStatusIsABadRequestThatListsTheStatuses() throws Exception {
    assertThatThrownBy(() -> converter(TaskStatus.class).fromString("DONE"))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(400))
        .hasMessageStartingWith("unknown status 'DONE'; one of [QUEUED, SCHEDULED,");
    assertThatThrownBy(() -> converter(Statuses.class).fromString("COMPLETED,DONE"))
        .isInstanceOf(Problem.class)
        .hasMessageStartingWith(
            "waitFor: 'DONE' is not a status; use a comma-separated list of QUEUED, SCHEDULED,");
  }

  @Test
  void aLimitIsAnIntegerFromOneToTheMaximumAndNeverEmpty() throws Exception {
    ParamConverter<Limit> limit = converter(Limit.class);

    assertThat(limit.fromString("50").value()).isEqualTo(50);
    assertThat(limit.fromString("500").value()).isEqualTo(Limit.MAX);
    for (String bad : new String[] {"0", "501", "ten", ""}) {
      assertThatThrownBy(() -> limit.fromString(bad))
          .isInstanceOf(Problem.class)
          .hasMessage("limit must be an integer from 1 to 500, was '" + bad + "'");
    }
  }

  @Test
  void otherTypesAreLeftToJaxRs() throws Exception {
    assertThat(parameters.getConverter(String.class, String.class, new Annotation[0])).isNull();
  }
}
