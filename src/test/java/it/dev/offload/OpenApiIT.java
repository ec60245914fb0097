package it.dev.offload;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document a client generator or a curious developer reads, and its UI. */
class OpenApiIT {

  @Test
  void theDocumentDescribesEveryEndpointWithItsErrors() {
    JsonPath doc = document();

    assertThat(doc.getString("info.title")).isEqualTo("Offload");
    assertThat(doc.getMap("paths").keySet())
        .contains(
            "/api/tasks",
            "/api/tasks/{id}",
            "/api/tasks/{id}/events",
            "/api/tasks/{id}/cancel",
            "/api/tasks/{id}/retry",
            "/api/events",
            "/api/dead-letters",
            "/api/dead-letters/retry",
            "/api/dead-letters/{id}",
            "/api/stats",
            "/api/purges");
    assertThat(doc.getMap("paths.'/api/tasks'.post.responses").keySet())
        .contains("202", "200", "400", "409", "413", "415", "503");
    assertThat(
            doc.getString(
                "paths.'/api/tasks'.post.requestBody.content.'application/json'.examples.simulate.value"))
        .contains("simulate");
    assertThat(
            doc.getString(
                "paths.'/api/tasks'.post.requestBody.content.'application/json'.examples.http.value"))
        .contains("expectStatus");
    assertThat(
            doc.getString(
                "components.responses.Unavailable.content.'application/problem+json'.schema.$ref"))
        .endsWith("/Problem");
    assertThat(doc.getMap("components.schemas").keySet()).contains("Problem", "TaskView");
    assertThat(doc.getString("components.securitySchemes.basic.scheme")).isEqualTo("basic");
    assertThat(doc.getList("paths.'/api/tasks/{id}'.get.parameters.name"))
        .contains("id", "waitFor", "timeout");
  }

  @Test
  void everyOperationSaysWhatItAnswersWhenItSucceeds() {
    Map<String, Map<String, Object>> paths = document().getMap("paths");

    paths.forEach(
        (path, operations) ->
            operations.forEach(
                (method, operation) -> {
                  if (!(operation instanceof Map<?, ?> op) || !op.containsKey("responses")) {
                    return; // path-level members such as shared parameters
                  }
                  Map<?, ?> responses = (Map<?, ?>) op.get("responses");
                  assertThat(responses.keySet())
                      .as(method + " " + path)
                      .anySatisfy(code -> assertThat(code.toString()).startsWith("2"));
                }));
  }

  private static JsonPath document() {
    return given()
        .baseUri(Offload.API)
        .queryParam("format", "JSON")
        .get("/openapi")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void theUiIsServed() {
    String page =
        given()
            .baseUri(Offload.API)
            .get("/openapi/ui/")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(page).containsIgnoringCase("<html").contains("Swagger UI");
  }
}
