package dev.offload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpsRequiredTest {

  private final Map<String, Object> answered = new HashMap<>();
  private final StringWriter body = new StringWriter();

  @Test
  void plainHttpIsRefusedWithTheSecureAddressWhenHttpsIsRequired() throws Exception {
    boolean refused = https(true).refused(request(false), response());

    assertThat(refused).isTrue();
    assertThat(answered).containsEntry("status", 403).containsEntry("type", Problem.MEDIA_TYPE);
    JsonObject problem = Json.createReader(new StringReader(body.toString())).readObject();
    assertThat(problem.getInt("status")).isEqualTo(403);
    assertThat(problem.getString("detail")).contains("use https://offload.example:9443/api/tasks");
    assertThat(problem.getString("instance")).isEqualTo("/api/tasks");
  }

  @Test
  void httpsPassesWhenRequired() throws Exception {
    boolean refused = https(true).refused(request(true), response());

    assertThat(refused).isFalse();
    assertThat(answered).isEmpty();
  }

  @Test
  void plainHttpPassesUnlessRequired() throws Exception {
    boolean refused = https(false).refused(request(false), response());

    assertThat(refused).isFalse();
    assertThat(answered).isEmpty();
  }

  private static HttpsRequired https(boolean required) {
    HttpsRequired https = new HttpsRequired();
    https.required = required;
    https.httpsPort = 9443;
    return https;
  }

  private static HttpServletRequest request(boolean secure) {
    return fake(
        HttpServletRequest.class,
        Map.of(
            "isSecure", secure,
            "getServerName", "offload.example",
            "getRequestURI", "/api/tasks"));
  }

  private HttpServletResponse response() {
    PrintWriter writer = new PrintWriter(body);
    return (HttpServletResponse)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {HttpServletResponse.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "setStatus" -> answered.put("status", args[0]);
                  case "setContentType" -> answered.put("type", args[0]);
                  case "setCharacterEncoding" -> null;
                  case "getWriter" -> writer;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  private static <T> T fake(Class<T> type, Map<String, Object> answers) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              if (!answers.containsKey(method.getName())) {
                throw new UnsupportedOperationException(method.getName());
              }
              return answers.get(method.getName());
            }));
  }
}
