package it.dev.offload;

import static it.dev.offload.Offload.totalTasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every kind of bad request gets a problem+json answer that says what is wrong, and writes nothing.
 */
class BadInputIT {

  /** A submitter of its own: its task count moves only with what this class sends. */
  private static final String ACCOUNT = "it-bad-input:it-bad-input-secret";

  private long tasksBefore;

  @BeforeEach
  void countTasks() {
    tasksBefore = totalTasks(ACCOUNT);
  }

  @AfterEach
  void nothingWasWritten() {
    assertThat(totalTasks(ACCOUNT))
        .as("this account's tasks in the database")
        .isEqualTo(tasksBefore);
  }

  private static RequestSpecification api() {
    return Offload.as(ACCOUNT).accept(ContentType.JSON);
  }

  private static ValidatableResponse post(String body) {
    return api().body(body).post("/api/tasks").then().contentType("application/problem+json");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "malformed JSON         | {\"type\": \"simulate\"     | malformed JSON at line 1",
        "not an object          | [\"simulate\"]              | must be a JSON object, not an array",
        "unknown type           | {\"type\":\"launch-rockets\"} | unknown task type 'launch-rockets'; known types: email, http, simulate",
        "payload not an object  | {\"type\":\"simulate\",\"payload\":\"fast\"} | \"payload\" must be a JSON object, not a string",
        "maxAttempts zero       | {\"type\":\"simulate\",\"maxAttempts\":0}  | \"maxAttempts\" must be from 1 to 10",
        "maxAttempts too large  | {\"type\":\"simulate\",\"maxAttempts\":50} | \"maxAttempts\" must be from 1 to 10",
        "handler refuses input  | {\"type\":\"simulate\",\"payload\":{\"durationMs\":-1}} | \"durationMs\" must be a number from 0 to 600000",
        "priority out of range  | {\"type\":\"simulate\",\"priority\":12} | \"priority\" must be an integer from 0 (lowest) to 9 (highest)",
        "delay not a duration   | {\"type\":\"simulate\",\"delay\":\"5 minutes\"} | \"delay\" must be an ISO-8601 duration",
        "runAt not an instant   | {\"type\":\"simulate\",\"runAt\":\"next week\"} | \"runAt\" must be an ISO-8601 instant",
        "priority past int      | {\"type\":\"simulate\",\"priority\":4294967300} | \"priority\" must be an integer from 0 (lowest) to 9 (highest)",
        "runAt too far ahead    | {\"type\":\"simulate\",\"runAt\":\"+99999-01-01T00:00:00Z\"} | \"runAt\" may be at most 365 days ahead",
        "member named twice     | {\"type\":\"simulate\",\"maxAttempts\":1,\"maxAttempts\":9} | the member \"maxAttempts\" appears twice in one object",
      })
  void invalidSubmissionsAreRefused(String name, String body, String detail) {
    post(body)
        .statusCode(400)
        .body("status", equalTo(400))
        .body("title", equalTo("Bad Request"))
        .body("detail", containsString(detail));
  }

  @Test
  void aPayloadNestedTooDeeplyIsRefusedNotAServerError() {
    int levels = 100_000;
    String deep = "[".repeat(levels) + "]".repeat(levels);

    post("{\"type\":\"simulate\",\"payload\":{\"deep\":" + deep + "}}")
        .statusCode(400)
        .body("detail", containsString("more than 64 levels deep"));
  }

  @Test
  void aStringLongerThanTheLimitIsRefused() {
    String huge = "x".repeat(70_000);

    post("{\"type\":\"simulate\",\"payload\":{\"note\":\"" + huge + "\"}}")
        .statusCode(400)
        .body("detail", containsString("more than the 65536 allowed"));
  }

  @Test
  void aMissingTypeListsTheKnownTypes() {
    post("{\"payload\":{}}")
        .statusCode(400)
        .body("detail", containsString("\"type\" is required"))
        .body("knownTypes", hasItem("simulate"));
  }

  @Test
  void aBodyThatIsNotJsonIsUnsupported() {
    api()
        .contentType(ContentType.TEXT)
        .body("type=simulate")
        .post("/api/tasks")
        .then()
        .statusCode(415)
        .contentType("application/problem+json")
        .body("detail", containsString("application/json"));
  }

  @Test
  void aBodyOverTheLimitIsTooLarge() {
    String big =
        "{\"type\":\"simulate\",\"payload\":{\"blob\":\"" + "x".repeat(1024 * 1024) + "\"}}";

    post(big)
        .statusCode(413)
        .body("detail", containsString("larger than the limit of 1048576 bytes"));
  }

  @Test
  void anUnknownTaskIsNotFound() {
    api()
        .get("/api/tasks/00000000-0000-4000-8000-000000000000")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("no task with id 00000000-0000-4000-8000-000000000000"));
  }

  @Test
  void aMalformedIdIsABadRequest() {
    api()
        .get("/api/tasks/not-a-uuid")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("is not a task id"));
  }

  @Test
  void badListParametersAreRefused() {
    api()
        .get("/api/tasks?status=DONE")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("unknown status 'DONE'"));
    api()
        .get("/api/tasks?limit=0")
        .then()
        .statusCode(400)
        .body("detail", containsString("limit must be an integer from 1 to 500"));
    api()
        .get("/api/tasks?cursor=garbage!")
        .then()
        .statusCode(400)
        .body("detail", containsString("is not one this API issued"));
  }

  @Test
  void anUnknownPathIsAProblemToo() {
    api().get("/api/nothing-here").then().statusCode(404).contentType("application/problem+json");
  }
}
