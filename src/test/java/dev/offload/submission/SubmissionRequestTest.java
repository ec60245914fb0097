package dev.offload.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.offload.handlers.SimulateHandler;
import dev.offload.handlers.TaskHandlers;
import dev.offload.platform.JsonBodies;
import dev.offload.platform.Problem;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubmissionRequestTest {

  private final TaskHandlers handlers = new TaskHandlers(List.of(new SimulateHandler()));
  private final JsonBodies json = new JsonBodies(64, 1_000);

  @Test
  void aCompleteRequestIsAccepted() {
    SubmissionRequest task =
        SubmissionRequest.parse(
            "{\"type\":\"simulate\",\"payload\":{\"durationMs\":5},\"maxAttempts\":4}",
            json,
            handlers);

    assertThat(task.type()).isEqualTo("simulate");
    assertThat(task.payload().getInt("durationMs")).isEqualTo(5);
    assertThat(task.maxAttempts()).isEqualTo(4);
  }

  @Test
  void aTaskCanBeDelayedOrScheduledAndPrioritised() {
    Instant now = Instant.parse("2026-05-01T10:00:00Z");

    SubmissionRequest delayed =
        SubmissionRequest.parse(
            "{\"type\":\"simulate\",\"delay\":\"PT90S\",\"priority\":9}", json, handlers);
    SubmissionRequest scheduled =
        SubmissionRequest.parse(
            "{\"type\":\"simulate\",\"runAt\":\"2026-05-01T12:00:00Z\"}", json, handlers);
    SubmissionRequest now1 = SubmissionRequest.parse("{\"type\":\"simulate\"}", json, handlers);

    assertThat(delayed.dueAt(now)).isEqualTo(Instant.parse("2026-05-01T10:01:30Z"));
    assertThat(delayed.priority()).isEqualTo(9);
    assertThat(scheduled.dueAt(now)).isEqualTo(Instant.parse("2026-05-01T12:00:00Z"));
    assertThat(now1.dueAt(now)).isNull();
    assertThat(now1.priority()).isEqualTo(dev.offload.tasks.entity.Task.DEFAULT_PRIORITY);
  }

  @Test
  void payloadAndMaxAttemptsAreOptional() {
    SubmissionRequest task = SubmissionRequest.parse("{\"type\":\"simulate\"}", json, handlers);

    assertThat(task.payload()).isEmpty();
    assertThat(task.maxAttempts()).isEqualTo(SubmissionRequest.DEFAULT_MAX_ATTEMPTS);
  }

  @Test
  void theRequestHashIgnoresMemberOrderAndWhitespaceButNotContent() {
    String hash =
        SubmissionRequest.parse(
                "{\"type\":\"simulate\",\"payload\":{\"a\":1,\"b\":[1,{\"x\":2,\"y\":3}]}}",
                json,
                handlers)
            .requestHash();

    assertThat(
            SubmissionRequest.parse(
                    "{ \"payload\": {\"b\": [1, {\"y\":3, \"x\":2}], \"a\": 1}, \"type\": \"simulate\" }",
                    json,
                    handlers)
                .requestHash())
        .isEqualTo(hash);
    assertThat(
            SubmissionRequest.parse(
                    "{\"type\":\"simulate\",\"payload\":{\"a\":2,\"b\":[1,{\"x\":2,\"y\":3}]}}",
                    json,
                    handlers)
                .requestHash())
        .isNotEqualTo(hash);
    assertThat(
            SubmissionRequest.parse(
                    "{\"type\":\"simulate\",\"payload\":{\"a\":1,\"b\":[1,{\"x\":2,\"y\":3}]},\"maxAttempts\":5}",
                    json,
                    handlers)
                .requestHash())
        .isNotEqualTo(hash);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "malformed JSON              | {\"type\": | malformed JSON",
        "empty body                  |            | empty",
        "not an object               | [1,2]      | must be a JSON object, not an array",
        "missing type                | {}         | \"type\" is required",
        "type not a string           | {\"type\":7} | \"type\" must be a string",
        "unknown type                | {\"type\":\"nope\"} | unknown task type 'nope'; known types: simulate",
        "payload not an object       | {\"type\":\"simulate\",\"payload\":[1]} | \"payload\" must be a JSON object, not an array",
        "maxAttempts zero            | {\"type\":\"simulate\",\"maxAttempts\":0} | \"maxAttempts\" must be from 1 to 10",
        "maxAttempts too large       | {\"type\":\"simulate\",\"maxAttempts\":11} | \"maxAttempts\" must be from 1 to 10",
        "maxAttempts not an integer  | {\"type\":\"simulate\",\"maxAttempts\":1.5} | must be an integer",
        "maxAttempts a string        | {\"type\":\"simulate\",\"maxAttempts\":\"3\"} | must be an integer",
        "unknown member              | {\"type\":\"simulate\",\"colour\":1} | unknown member 'colour'",
        "payload the handler refuses | {\"type\":\"simulate\",\"payload\":{\"failRate\":2}} | \"failRate\" must be a number from 0 to 1",
        "priority too high           | {\"type\":\"simulate\",\"priority\":10} | \"priority\" must be an integer from 0 (lowest) to 9",
        "priority not an integer     | {\"type\":\"simulate\",\"priority\":\"high\"} | \"priority\" must be an integer",
        "delay not a duration        | {\"type\":\"simulate\",\"delay\":\"soon\"} | \"delay\" must be an ISO-8601 duration",
        "delay negative              | {\"type\":\"simulate\",\"delay\":\"-PT5S\"} | \"delay\" must be from PT0S to PT8760H",
        "delay a number              | {\"type\":\"simulate\",\"delay\":30} | \"delay\" must be an ISO-8601 duration such as \"PT30S\", not a number",
        "runAt not an instant        | {\"type\":\"simulate\",\"runAt\":\"tomorrow\"} | \"runAt\" must be an ISO-8601 instant",
        "timeout too short           | {\"type\":\"simulate\",\"timeout\":\"PT0.5S\"} | \"timeout\" must be from PT1S to PT24H",
        "timeout not a duration      | {\"type\":\"simulate\",\"timeout\":\"1m\"} | \"timeout\" must be an ISO-8601 duration",
        "delay and runAt             | {\"type\":\"simulate\",\"delay\":\"PT1S\",\"runAt\":\"2030-01-01T00:00:00Z\"} | either \"delay\" or \"runAt\", not both",
      })
  void badRequestsAreRefusedWithAReason(String name, String body, String detail) {
    assertThatThrownBy(() -> SubmissionRequest.parse(body, json, handlers))
        .isInstanceOf(Problem.class)
        .hasMessageContaining(detail)
        .satisfies(e -> assertThat(((Problem) e).status()).isEqualTo(400));
  }

  @Test
  void aPriorityBeyondTheRangeOfAnIntIsRefusedNotWrappedAround() {
    assertThatThrownBy(
            () ->
                SubmissionRequest.parse(
                    "{\"type\":\"simulate\",\"priority\":4294967300}", json, handlers))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("\"priority\" must be an integer from 0 (lowest) to 9 (highest)");
  }

  @Test
  void aTaskMayBeScheduledAtMostAYearAhead() {
    String inTwoYears = Instant.now().plus(java.time.Duration.ofDays(730)).toString();

    assertThatThrownBy(
            () ->
                SubmissionRequest.parse(
                    "{\"type\":\"simulate\",\"runAt\":\"" + inTwoYears + "\"}", json, handlers))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("at most 365 days ahead");
  }

  @Test
  void aBodyNestedTooDeeplyIsRefusedBeforeItIsBuilt() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);

    assertThatThrownBy(
            () ->
                SubmissionRequest.parse(
                    "{\"type\":\"simulate\",\"payload\":{\"a\":" + deep + "}}", json, handlers))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("more than 64 levels deep");
  }

  @Test
  void aRequestWithADifferentTimeoutIsADifferentRequest() {
    String shortOne =
        SubmissionRequest.parse("{\"type\":\"simulate\",\"timeout\":\"PT1M\"}", json, handlers)
            .requestHash();
    String longOne =
        SubmissionRequest.parse("{\"type\":\"simulate\",\"timeout\":\"PT1H\"}", json, handlers)
            .requestHash();

    assertThat(shortOne).isNotEqualTo(longOne);
  }

  @Test
  void aMemberNamedTwiceIsRefusedNotSilentlyDropped() {
    assertThatThrownBy(
            () ->
                SubmissionRequest.parse(
                    "{\"type\":\"simulate\",\"payload\":{\"durationMs\":5,\"durationMs\":9000}}",
                    json,
                    handlers))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("the member \"durationMs\" appears twice in one object");
  }

  @Test
  void oneNameMayRecurInDifferentObjects() {
    SubmissionRequest task =
        SubmissionRequest.parse(
            "{\"type\":\"simulate\",\"payload\":{\"a\":{\"type\":1},\"b\":[{\"type\":2},{\"type\":3}]}}",
            json,
            handlers);

    assertThat(task.payload().getJsonArray("b")).hasSize(2);
  }

  @Test
  void aStringOverTheConfiguredLengthIsRefused() {
    String atLimit = "x".repeat(1_000);
    String over = "x".repeat(1_001);

    assertThat(
            SubmissionRequest.parse(
                    "{\"type\":\"simulate\",\"payload\":{\"note\":\"" + atLimit + "\"}}",
                    json,
                    handlers)
                .payload()
                .getString("note"))
        .hasSize(1_000);
    assertThatThrownBy(
            () ->
                SubmissionRequest.parse(
                    "{\"type\":\"simulate\",\"payload\":{\"note\":\"" + over + "\"}}",
                    json,
                    handlers))
        .isInstanceOf(Problem.class)
        .hasMessageContaining(
            "a string in the body has 1001 characters, more than the 1000 allowed");
    assertThatThrownBy(
            () ->
                SubmissionRequest.parse(
                    "{\"type\":\"simulate\",\"payload\":{\"n\":" + "9".repeat(1_001) + "}}",
                    json,
                    handlers))
        .as("a number as long")
        .isInstanceOf(Problem.class);
  }
}
