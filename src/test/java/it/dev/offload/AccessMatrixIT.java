package it.dev.offload;

import static io.restassured.RestAssured.given;
import static it.dev.offload.Offload.API;
import static it.dev.offload.Offload.totalTasks;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint of the API against every kind of caller: none, a wrong password, a submitter (with
 * its own task and with another's), a viewer and an operator. Where the answer is a refusal,
 * nothing changed: no task was added and the task named in the path is as it was.
 */
class AccessMatrixIT {

  private static final String LATER = "{\"type\":\"simulate\",\"delay\":\"PT1H\"}";

  /** Callers, as {@code name:password}; null for none. */
  enum Caller {
    NOBODY(null),
    WRONG_PASSWORD("it-operator:not-the-password"),
    SUBMITTER("it-submitter:it-submitter-secret"),
    VIEWER("it-viewer:it-viewer-secret"),
    OPERATOR(String.join(":", Offload.OPERATOR));

    final String account;

    Caller(String account) {
      this.account = account;
    }

    RequestSpecification request() {
      RequestSpecification request = given().baseUri(API).contentType(ContentType.JSON);
      if (account == null) {
        return request.auth().none();
      }
      String[] user = account.split(":", 2);
      return request.auth().preemptive().basic(user[0], user[1]);
    }
  }

  /**
   * One endpoint and the status each caller gets, in {@link Caller} order. In paths, {@code {mine}}
   * is a waiting task of the submitter's, {@code {theirs}} one of the operator's, {@code {unknown}}
   * an id no task has.
   */
  record Endpoint(String method, String path, String body, int... statuses) {}

  static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint("GET", "/api/tasks", null, 401, 401, 200, 200, 200),
          new Endpoint("POST", "/api/tasks", LATER, 401, 401, 202, 403, 202),
          new Endpoint("GET", "/api/tasks/{mine}", null, 401, 401, 200, 200, 200),
          new Endpoint("GET", "/api/tasks/{theirs}", null, 401, 401, 404, 200, 200),
          new Endpoint("GET", "/api/tasks/{unknown}", null, 401, 401, 404, 404, 404),
          new Endpoint("POST", "/api/tasks/{mine}/cancel", null, 401, 401, 200, 403, 200),
          new Endpoint("POST", "/api/tasks/{theirs}/cancel", null, 401, 401, 404, 403, 200),
          new Endpoint("POST", "/api/tasks/{theirs}/retry", null, 401, 401, 403, 403, 409),
          new Endpoint("GET", "/api/stats", null, 401, 401, 200, 200, 200),
          new Endpoint("GET", "/api/accounts/me", null, 401, 401, 200, 200, 200),
          new Endpoint("GET", "/api/dead-letters", null, 401, 401, 403, 200, 200),
          new Endpoint(
              "POST", "/api/dead-letters/retry?type=no-such-type", null, 401, 401, 403, 403, 200),
          new Endpoint("DELETE", "/api/dead-letters/{unknown}", null, 401, 401, 403, 403, 404),
          new Endpoint("POST", "/api/purges?olderThan=P3650D", null, 401, 401, 403, 403, 200));

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Endpoint endpoint : ENDPOINTS) {
      for (Caller caller : Caller.values()) {
        cases.add(Arguments.of(endpoint.method(), endpoint.path(), caller, endpoint));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} as {2}")
  @MethodSource("cases")
  void eachCallerGetsItsAnswerAndARefusalChangesNothing(
      String method, String path, Caller caller, Endpoint endpoint) {
    String mine = path.contains("{mine}") ? Offload.submit(Caller.SUBMITTER.account, LATER) : null;
    String theirs =
        path.contains("{theirs}") ? Offload.submit(Caller.OPERATOR.account, LATER) : null;
    String task = mine != null ? mine : theirs;
    String resolved =
        path.replace("{mine}", String.valueOf(mine))
            .replace("{theirs}", String.valueOf(theirs))
            .replace("{unknown}", UUID.randomUUID().toString());
    int expected = endpoint.statuses()[caller.ordinal()];
    long tasksBefore = totalTasks();
    JsonPath before = task == null ? null : Offload.task(task);

    RequestSpecification request = caller.request();
    if (endpoint.body() != null) {
      request.body(endpoint.body());
    }
    Response response = request.request(method, resolved);

    assertThat(response.statusCode()).as(response.asString()).isEqualTo(expected);
    if (expected >= 400) {
      assertThat(response.contentType()).startsWith("application/problem+json");
      assertThat(totalTasks()).as("tasks after a refusal").isEqualTo(tasksBefore);
      if (task != null) {
        assertThat(Offload.task(task).getLong("revision"))
            .as("the task's revision after a refusal")
            .isEqualTo(before.getLong("revision"));
      }
    }
  }
}
