package dev.offload.handlers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpCallTest {

  private static final AllowedHosts LOOPBACK = new AllowedHosts("localhost, 127.0.0.1 [::1]");

  private static JsonObject payload(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  private static HttpCall parse(String json) {
    return HttpCall.parse(payload(json), LOOPBACK);
  }

  private static void refused(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void aMinimalCallIsAPostWithTheDefaultTimeoutExpectingAny2xx() {
    HttpCall call = parse("{\"url\": \"http://localhost:8080/hook\"}");

    assertThat(call.describe()).isEqualTo("POST http://localhost:8080/hook");
    assertThat(call.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(call.expects(200)).isTrue();
    assertThat(call.expects(299)).isTrue();
    assertThat(call.expects(304)).isFalse();
    assertThat(call.expects(404)).isFalse();
  }

  @Test
  void expectStatusReplacesTheDefaultSuccesses() {
    HttpCall call =
        parse(
            "{\"url\": \"http://localhost/\", \"method\": \"delete\", \"expectStatus\": [204, 404]}");

    assertThat(call.method()).isEqualTo("DELETE");
    assertThat(call.expects(404)).isTrue();
    assertThat(call.expects(204)).isTrue();
    assertThat(call.expects(200)).isFalse();
  }

  @Test
  void eachAttemptsRequestCarriesTheTaskIdAsIdempotencyKeyAndTheAttemptNumber() {
    HttpRequest request =
        parse(
                "{\"url\": \"http://127.0.0.1:9/x\", \"headers\": {\"X-Tenant\": \"acme\"},"
                    + " \"body\": {\"order\": 4711}, \"timeoutMs\": 1500}")
            .request("task-1", 3);

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.headers().firstValue("Idempotency-Key")).hasValue("task-1");
    assertThat(request.headers().firstValue("Offload-Attempt")).hasValue("3");
    assertThat(request.headers().firstValue("X-Tenant")).hasValue("acme");
    assertThat(request.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    assertThat(request.timeout()).hasValue(Duration.ofMillis(1500));
    assertThat(request.bodyPublisher().orElseThrow().contentLength())
        .isEqualTo("{\"order\":4711}".length());
  }

  @Test
  void aStringBodyIsSentAsTextUnlessTheTaskSaysOtherwise() {
    assertThat(
            parse("{\"url\": \"http://localhost/\", \"body\": \"hello\"}")
                .request("t", 1)
                .headers()
                .firstValue("Content-Type"))
        .hasValue("text/plain; charset=utf-8");
    assertThat(
            parse(
                    "{\"url\": \"http://localhost/\", \"body\": \"<a/>\","
                        + " \"headers\": {\"content-type\": \"application/xml\"}}")
                .request("t", 1)
                .headers()
                .allValues("Content-Type"))
        .containsExactly("application/xml");
  }

  @Test
  void hostsOffTheAllowlistAreRefusedWhateverTheirSpelling() {
    refused(
        "{\"url\": \"http://169.254.169.254/latest/meta-data\"}",
        "host '169.254.169.254' is not allowed for http tasks on this server"
            + " (offload.http-task.allowed-hosts)");
    refused(
        "{\"url\": \"http://localhost.evil.example/\"}",
        "host 'localhost.evil.example' is not allowed for http tasks on this server"
            + " (offload.http-task.allowed-hosts)");
    assertThat(parse("{\"url\": \"http://LOCALHOST/\"}").url().getHost()).isEqualTo("LOCALHOST");
    assertThat(parse("{\"url\": \"http://[::1]:8080/\"}").url().getPort()).isEqualTo(8080);
  }

  @Test
  void aDomainEntryAllowsTheHostsBelowItOnly() {
    AllowedHosts hosts = new AllowedHosts("*.example.com");

    assertThat(hosts.allows("api.example.com")).isTrue();
    assertThat(hosts.allows("a.b.Example.COM")).isTrue();
    assertThat(hosts.allows("example.com")).isFalse();
    assertThat(hosts.allows("badexample.com")).isFalse();
    assertThat(new AllowedHosts("").allows("localhost")).isFalse();
  }

  @Test
  void badPayloadsAreRefusedWithWhatIsWrong() {
    refused("{}", "\"url\" is required: the http or https URL to call");
    refused("{\"url\": \"ftp://localhost/x\"}", "\"url\" must be an absolute http or https URL");
    refused("{\"url\": \"/relative\"}", "\"url\" must be an absolute http or https URL");
    refused(
        "{\"url\": \"http://user:secret@localhost/\"}",
        "\"url\" must not carry credentials; send them in \"headers\" (e.g. Authorization)");
    refused(
        "{\"url\": \"http://localhost/\", \"method\": \"TRACE\"}",
        "\"method\" must be one of [DELETE, GET, HEAD, PATCH, POST, PUT]");
    refused(
        "{\"url\": \"http://localhost/\", \"method\": \"GET\", \"body\": {}}",
        "a GET request has no \"body\"");
    refused(
        "{\"url\": \"http://localhost/\", \"headers\": {\"Idempotency-Key\": \"mine\"}}",
        "header 'Idempotency-Key' is set by Offload, not the task");
    refused(
        "{\"url\": \"http://localhost/\", \"headers\": {\"Host\": \"elsewhere\"}}",
        "header 'Host' is set by Offload, not the task");
    refused(
        "{\"url\": \"http://localhost/\", \"headers\": {\"X-A\": \"1\\r\\nX-B: 2\"}}",
        "header 'X-A' must be a string of visible characters, spaces and tabs (Latin-1)");
    refused(
        "{\"url\": \"http://localhost/\", \"headers\": {\"X-Price\": \"10 €\"}}",
        "header 'X-Price' must be a string of visible characters, spaces and tabs (Latin-1)");
    refused(
        "{\"url\": \"http://localhost/\", \"headers\": {\"X-A\": \"a\\u0000b\"}}",
        "header 'X-A' must be a string of visible characters, spaces and tabs (Latin-1)");
    refused(
        "{\"url\": \"http://localhost/\", \"headers\": {\"bad name\": \"1\"}}",
        "header name 'bad name' is not a valid name");
    refused(
        "{\"url\": \"http://localhost/\", \"timeoutMs\": 0}",
        "\"timeoutMs\" must be a whole number from 1 to 600000");
    refused(
        "{\"url\": \"http://localhost/\", \"timeoutMs\": 1e30}",
        "\"timeoutMs\" must be a whole number from 1 to 600000");
    refused(
        "{\"url\": \"http://localhost/\", \"expectStatus\": []}",
        "\"expectStatus\" must be a non-empty array of HTTP statuses");
    refused(
        "{\"url\": \"http://localhost/\", \"expectStatus\": [4294967496]}",
        "\"expectStatus\" must hold HTTP statuses from 100 to 599");
    refused(
        "{\"url\": \"http://localhost/\", \"retries\": 3}",
        "unknown member 'retries'; an http payload has"
            + " [body, expectStatus, headers, method, timeoutMs, url]");
  }
}
