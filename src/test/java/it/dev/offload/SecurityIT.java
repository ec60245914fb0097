package it.dev.offload;

import static io.restassured.RestAssured.given;
import static it.dev.offload.Offload.API;
import static it.dev.offload.Offload.as;
import static it.dev.offload.Offload.totalTasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Who may do what, over HTTP: without an account nothing but health answers, a wrong password is
 * refused, and each role may do its own part and nothing more; a refusal changes nothing. The test
 * servers' accounts are in the pom ({@code it.users}).
 */
class SecurityIT {

  private static final String VIEWER = "it-viewer:it-viewer-secret";
  private static final String SUBMITTER = "it-submitter:it-submitter-secret";
  private static final String TASK = "{\"type\":\"simulate\",\"payload\":{}}";
  private static final String LATER = "{\"type\":\"simulate\",\"delay\":\"PT1H\"}";

  private static RequestSpecification anonymous() {
    return given().baseUri(API).auth().none().contentType(ContentType.JSON);
  }

  @Test
  void withoutAnAccountNothingButHealthAnswers() {
    long before = totalTasks();

    anonymous()
        .body(TASK)
        .post("/api/tasks")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", startsWith("Basic realm=\"Offload\""))
        .contentType("application/problem+json")
        .body("status", equalTo(401))
        .body("detail", containsString("sign in"));
    for (String path : new String[] {"/api/tasks", "/api/stats", "/api/dead-letters", "/"}) {
      anonymous().get(path).then().statusCode(401);
    }
    // Up or down, health answers whoever asks: load balancers and probes have no account.
    anonymous()
        .get("/health/ready")
        .then()
        .statusCode(anyOf(equalTo(200), equalTo(503)))
        .body("status", anyOf(equalTo("UP"), equalTo("DOWN")));
    assertThat(totalTasks()).as("tasks after refused submissions").isEqualTo(before);
  }

  @Test
  void aWrongPasswordIsRefused() {
    long before = totalTasks();

    as("it-operator:not-the-password")
        .body(TASK)
        .post("/api/tasks")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("detail", equalTo("wrong user name or password"));
    as("nobody:whatever-it-is").get("/api/tasks").then().statusCode(401);
    assertThat(totalTasks()).isEqualTo(before);
  }

  @Test
  void aViewerReadsEverythingAndChangesNothing() {
    String id = Offload.submit(LATER);

    as(VIEWER).get("/api/tasks/" + id).then().statusCode(200).body("status", equalTo("SCHEDULED"));
    as(VIEWER).get("/api/tasks?limit=5").then().statusCode(200);
    as(VIEWER).get("/api/stats").then().statusCode(200);
    as(VIEWER).get("/api/dead-letters").then().statusCode(200);
    long before = totalTasks();

    forbidden(as(VIEWER).body(TASK).post("/api/tasks"));
    forbidden(as(VIEWER).post("/api/tasks/" + id + "/cancel"));
    forbidden(as(VIEWER).post("/api/purges?olderThan=PT0S"));
    forbidden(as(VIEWER).post("/api/dead-letters/retry?type=simulate"));

    assertThat(totalTasks()).isEqualTo(before);
    assertThat(Offload.task(id).getString("status")).isEqualTo("SCHEDULED");
  }

  @Test
  void aSubmitterSubmitsAndCancelsButRunsNoOperatorAction() {
    as(SUBMITTER)
        .get("/api/accounts/me")
        .then()
        .statusCode(200)
        .body("name", equalTo("it-submitter"))
        .body("role", equalTo("submitter"));
    String id = Offload.submit(SUBMITTER, TASK);
    Offload.awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));
    String later = Offload.submit(SUBMITTER, LATER);

    forbidden(as(SUBMITTER).get("/api/dead-letters"));
    forbidden(as(SUBMITTER).post("/api/dead-letters/retry?type=simulate"));
    forbidden(as(SUBMITTER).delete("/api/dead-letters/" + later));
    forbidden(as(SUBMITTER).post("/api/purges?olderThan=PT0S"));
    forbidden(as(SUBMITTER).post("/api/tasks/" + id + "/retry"));
    assertThat(Offload.task(later).getString("status")).isEqualTo("SCHEDULED");

    as(SUBMITTER)
        .body("{\"reason\":\"no longer needed\"}")
        .post("/api/tasks/" + later + "/cancel")
        .then()
        .statusCode(200)
        .body("status", equalTo("CANCELLED"));
  }

  @Test
  void theHistoryNamesTheAccountThatActedNotWhatTheBodyClaims() {
    String id = Offload.submit(SUBMITTER, LATER);

    as(SUBMITTER)
        .body("{\"by\":\"somebody-else\",\"reason\":\"x\"}")
        .post("/api/tasks/" + id + "/cancel")
        .then()
        .statusCode(400)
        .body("detail", containsString("\"by\" is the account you signed in with"));
    as(SUBMITTER)
        .body("{\"reason\":\"customer withdrew\"}")
        .post("/api/tasks/" + id + "/cancel")
        .then()
        .statusCode(200);

    JsonPath task = Offload.task(id);
    assertThat(task.getList("history.detail", String.class))
        .contains("cancelled by it-submitter: customer withdrew");
  }

  @Test
  void theDashboardKeepsToItsOwnScriptsAndOutOfFrames() {
    as(VIEWER)
        .get("/")
        .then()
        .statusCode(200)
        .header("Content-Security-Policy", containsString("script-src 'self'"))
        .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
        .header("X-Content-Type-Options", equalTo("nosniff"))
        .header("X-Frame-Options", equalTo("DENY"));
    as(VIEWER).get("/api/stats").then().header("X-Content-Type-Options", equalTo("nosniff"));
  }

  @Test
  void aPageOfAnotherSiteChangesNothingEvenWithTheUsersCredentials() {
    String id = Offload.submit(LATER);
    long before = totalTasks();

    for (String origin : new String[] {"https://evil.example", "null"}) {
      Offload.api()
          .header("Origin", origin)
          .body("{\"reason\":\"forged\"}")
          .post("/api/tasks/" + id + "/cancel")
          .then()
          .statusCode(403)
          .contentType("application/problem+json")
          .body("detail", containsString("a page of another site may not change anything"));
    }
    Offload.api()
        .header("Sec-Fetch-Site", "cross-site")
        .body(TASK)
        .post("/api/tasks")
        .then()
        .statusCode(403);

    assertThat(Offload.task(id).getString("status")).isEqualTo("SCHEDULED");
    assertThat(totalTasks()).isEqualTo(before);
    Offload.api()
        .header("Origin", API)
        .body("{\"reason\":\"from the dashboard\"}")
        .post("/api/tasks/" + id + "/cancel")
        .then()
        .statusCode(200);
  }

  private static void forbidden(io.restassured.response.Response response) {
    response
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("status", equalTo(403))
        .body("detail", equalTo("this account's role may not do this"));
  }
}
