package it.dev.offload;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * HTTPS out of the box: the API and the dashboard answer on the HTTPS port with the certificate the
 * server generated at its first start (self-signed, so this client does not check its issuer).
 */
class SecureTransportIT {

  private static final String HTTPS_API =
      System.getProperty("offload.api.https.url", "https://localhost:9443");

  private static RequestSpecification https() {
    return Offload.signedIn().baseUri(HTTPS_API).relaxedHTTPSValidation();
  }

  @Test
  void aTaskIsSubmittedAndReadOverHttps() {
    String id =
        https()
            .contentType(ContentType.JSON)
            .body("{\"type\":\"simulate\",\"payload\":{\"result\":\"over TLS\"}}")
            .post("/api/tasks")
            .then()
            .statusCode(202)
            .header("Location", containsString("https://"))
            .extract()
            .path("id");

    Offload.awaitStatus(id, "COMPLETED", java.time.Duration.ofSeconds(30));
    https()
        .accept(ContentType.JSON)
        .get("/api/tasks/" + id)
        .then()
        .statusCode(200)
        .body("result", equalTo("over TLS"));
  }

  @Test
  void theDashboardIsServedOverHttps() {
    https().get("/").then().statusCode(200).contentType(containsString("text/html"));
  }
}
