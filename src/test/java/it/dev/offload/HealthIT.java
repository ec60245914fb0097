package it.dev.offload;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a load balancer or Kubernetes sees at /health/ready and /health/live. */
class HealthIT {

  @AfterEach
  void everythingRunsAgain() {
    if (!Offload.listening(Offload.BROKER_PORT)) {
      Offload.startBroker();
    }
    Offload.workerConsumer("resume");
    Offload.awaitConsumers();
  }

  @Test
  void bothServersAreReadyAndLiveWhenEverythingRuns() {
    JsonPath api = ready(Offload.API, 200);
    assertThat(api.getString("status")).isEqualTo("UP");
    assertThat(check(api, "database")).isEqualTo("UP");
    assertThat(check(api, "broker")).isEqualTo("UP");
    assertThat(check(api, "warm-up")).isEqualTo("UP");
    assertThat(api.getString("checks.find { it.name == 'warm-up' }.data.outcome"))
        .as("the submission path was gone through at start, not skipped")
        .startsWith("warmed up in ");
    assertThat(api.getString("checks.find { it.name == 'worker' }.data.role")).isEqualTo("api");

    JsonPath worker = ready(Offload.WORKER_API, 200);
    assertThat(check(worker, "worker")).isEqualTo("UP");
    assertThat(worker.getBoolean("checks.find { it.name == 'worker' }.data.taskConsumerActive"))
        .isTrue();

    JsonPath live =
        given()
            .baseUri(Offload.API)
            .get("/health/live")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(live.getString("status")).isEqualTo("UP");
    assertThat(check(live, "memory")).isEqualTo("UP");
  }

  @Test
  void readinessGoesDownWithTheBrokerAndUpWhenItIsBack() {
    Offload.stopBroker();

    JsonPath down =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> readiness(Offload.API), r -> "DOWN".equals(r.getString("status")));
    assertThat(check(down, "broker")).isEqualTo("DOWN");
    assertThat(check(down, "database")).as("the database is still there").isEqualTo("UP");
    assertThat(given().baseUri(Offload.API).get("/health/live").then().extract().statusCode())
        .as("liveness does not depend on the broker: a restart would not bring it back")
        .isEqualTo(200);

    Offload.startBroker();

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> "UP".equals(readiness(Offload.API).getString("status")));
  }

  @Test
  void aWorkerWhoseTaskConsumerIsPausedIsNotReady() {
    Offload.workerConsumer("pause");

    JsonPath paused = readiness(Offload.WORKER_API);
    assertThat(paused.getString("status")).isEqualTo("DOWN");
    assertThat(paused.getBoolean("checks.find { it.name == 'worker' }.data.taskConsumerActive"))
        .isFalse();

    Offload.workerConsumer("resume");

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> "UP".equals(readiness(Offload.WORKER_API).getString("status")));
  }

  private static JsonPath ready(String server, int status) {
    return given()
        .baseUri(server)
        .get("/health/ready")
        .then()
        .statusCode(status)
        .extract()
        .jsonPath();
  }

  private static JsonPath readiness(String server) {
    return given().baseUri(server).get("/health/ready").then().extract().jsonPath();
  }

  private static String check(JsonPath health, String name) {
    return health.getString("checks.find { it.name == '" + name + "' }.status");
  }
}
