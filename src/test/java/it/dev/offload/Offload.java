package it.dev.offload;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the black-box tests use to drive Offload from outside: its HTTP API, the broker's own
 * management API (Jolokia, as the Artemis console uses it), and the processes themselves.
 */
final class Offload {

  static final String API = System.getProperty("offload.api.url", "http://localhost:9080");
  static final String WORKER_API =
      System.getProperty("offload.worker.url", "http://localhost:9081");
  static final String CONSOLE =
      System.getProperty("offload.console.url", "http://127.0.0.1:8161/console");

  /** The broker's administrator, as the console signs in. */
  static final String CONSOLE_USER = System.getProperty("offload.console.user", "console");

  static final String CONSOLE_PASSWORD = System.getProperty("offload.console.password");

  /** The application's own broker account. */
  static final String BROKER_USER = System.getProperty("offload.broker.user", "offload");

  static final String BROKER_PASSWORD = System.getProperty("offload.broker.password");
  static final int BROKER_PORT = Integer.getInteger("offload.broker.port", 61616);

  /** The test servers' operator account: name and password. */
  static final String[] OPERATOR =
      System.getProperty("offload.operator", "it-operator:it-operator-secret").split(":", 2);

  /** An {@code Authorization} header value for {@code name:password}. */
  static String basic(String nameAndPassword) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(nameAndPassword.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static final String TASKS = "offload.tasks";
  static final String DLQ = "offload.tasks.DLQ";
  static final String DEAD_LETTER_NOTICES = "offload.tasks.failed";

  private Offload() {}

  static RequestSpecification api() {
    return signedIn().baseUri(API).contentType(ContentType.JSON).accept(ContentType.JSON);
  }

  /**
   * A request as the test servers' operator. Only for Offload's own paths: Liberty's /health and
   * /metrics are open, and credentials sent there would be checked against a user registry that
   * does not exist.
   */
  static RequestSpecification signedIn() {
    return given().auth().preemptive().basic(OPERATOR[0], OPERATOR[1]);
  }

  /** A JSON request to the API as the account {@code name:password}. */
  static RequestSpecification as(String account) {
    String[] user = account.split(":", 2);
    return given()
        .baseUri(API)
        .auth()
        .preemptive()
        .basic(user[0], user[1])
        .contentType(ContentType.JSON);
  }

  /** Submits a task and returns its id; fails unless the answer is 202. */
  static String submit(String body) {
    return submit(String.join(":", OPERATOR), body);
  }

  /** Submits a task as the account {@code name:password}; fails unless the answer is 202. */
  static String submit(String account, String body) {
    return as(account).body(body).post("/api/tasks").then().statusCode(202).extract().path("id");
  }

  static JsonPath task(String id) {
    return api().get("/api/tasks/" + id).then().statusCode(200).extract().jsonPath();
  }

  static JsonPath awaitStatus(String id, String status, Duration atMost) {
    return await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> task(id), t -> status.equals(t.getString("status")));
  }

  /** Waits until every task is final ({@code COMPLETED} or {@code FAILED}); returns them then. */
  static List<JsonPath> awaitFinished(List<String> ids, Duration atMost) {
    return await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> ids.stream().map(Offload::task).toList(),
            tasks ->
                tasks.stream()
                    .allMatch(t -> List.of("COMPLETED", "FAILED").contains(t.getString("status"))));
  }

  /** Waits for every task to finish and checks that each completed on its first attempt. */
  static void assertAllCompletedOnFirstAttempt(List<String> ids, Duration atMost) {
    assertThat(awaitFinished(ids, atMost))
        .allSatisfy(
            t -> {
              assertThat(t.getString("status"))
                  .as("task " + t.getString("id"))
                  .isEqualTo("COMPLETED");
              assertThat(t.getInt("attempts")).as("attempts of " + t.getString("id")).isEqualTo(1);
            });
  }

  static JsonPath stats() {
    return stats(String.join(":", OPERATOR));
  }

  /** {@code /api/stats} as the account {@code name:password} sees it. */
  static JsonPath stats(String account) {
    return as(account).get("/api/stats").then().statusCode(200).extract().jsonPath();
  }

  /** Whether no task is queued, processing or waiting to retry (scheduled ones may wait). */
  static boolean idle() {
    Map<String, Integer> tasks = stats().getMap("tasks");
    return tasks.getOrDefault("QUEUED", 0) == 0
        && tasks.getOrDefault("PROCESSING", 0) == 0
        && tasks.getOrDefault("RETRYING", 0) == 0;
  }

  /** All tasks the database holds, whatever their status. */
  static long totalTasks() {
    return totalTasks(String.join(":", OPERATOR));
  }

  /** The tasks the account {@code name:password} may see, whatever their status. */
  static long totalTasks(String account) {
    Map<String, Integer> counts = stats(account).getMap("tasks");
    return counts.values().stream().mapToLong(Integer::longValue).sum();
  }

  // --- the broker, as an operator sees it -------------------------------------------------

  private static String queueMBean(String queue) {
    return "org.apache.activemq.artemis:broker=\"offload\",component=addresses,address=\""
        + queue
        + "\",subcomponent=queues,routing-type=\"anycast\",queue=\""
        + queue
        + "\"";
  }

  private static RequestSpecification jolokia() {
    return given()
        .baseUri(CONSOLE)
        .auth()
        .preemptive()
        .basic(CONSOLE_USER, CONSOLE_PASSWORD)
        .header("Origin", "http://127.0.0.1")
        .contentType(ContentType.JSON);
  }

  static long queueAttribute(String queue, String attribute) {
    JsonPath answer =
        jolokia()
            .body(
                Json.createObjectBuilder()
                    .add("type", "read")
                    .add("mbean", queueMBean(queue))
                    .add("attribute", attribute)
                    .build()
                    .toString())
            .post("/jolokia/")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    if (answer.getInt("status") != 200) {
      throw new IllegalStateException("Jolokia: " + answer.prettify());
    }
    return answer.getLong("value");
  }

  /** Sends a durable text message with no properties to a queue, as an operator can. */
  static void sendStrayMessage(String queue, String body) {
    exec(
        queue,
        "sendMessage(java.util.Map,int,java.lang.String,boolean,java.lang.String,java.lang.String)",
        Json.createArrayBuilder()
            .add(Json.createObjectBuilder())
            .add(3) // a text message
            .add(body)
            .add(true)
            .add(CONSOLE_USER)
            .add(CONSOLE_PASSWORD));
  }

  /**
   * Pauses a queue at the broker: its consumers, on every server, receive nothing until {@link
   * #resumeQueue}, which hands the waiting messages out to all of them in turn.
   */
  static void pauseQueue(String queue) {
    exec(queue, "pause()", Json.createArrayBuilder());
  }

  static void resumeQueue(String queue) {
    exec(queue, "resume()", Json.createArrayBuilder());
  }

  private static void exec(String queue, String operation, JsonArrayBuilder arguments) {
    JsonPath answer =
        jolokia()
            .body(
                Json.createObjectBuilder()
                    .add("type", "exec")
                    .add("mbean", queueMBean(queue))
                    .add("operation", operation)
                    .add("arguments", arguments)
                    .build()
                    .toString())
            .post("/jolokia/")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    if (answer.getInt("status") != 200) {
      throw new IllegalStateException("Jolokia: " + answer.prettify());
    }
  }

  /** Messages in a queue that match a JMS selector, e.g. {@code taskId='...'}. */
  static long countMessages(String queue, String filter) {
    JsonPath answer =
        jolokia()
            .body(
                Json.createObjectBuilder()
                    .add("type", "exec")
                    .add("mbean", queueMBean(queue))
                    .add("operation", "countMessages(java.lang.String)")
                    .add("arguments", Json.createArrayBuilder().add(filter))
                    .build()
                    .toString())
            .post("/jolokia/")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    if (answer.getInt("status") != 200) {
      throw new IllegalStateException("Jolokia: " + answer.prettify());
    }
    return answer.getLong("value");
  }

  // --- the processes -----------------------------------------------------------------------

  static void stopWorker() {
    liberty("stop", "offload-worker");
  }

  /** Kills the worker server's JVM outright (SIGKILL): no shutdown, no rollback, no goodbye. */
  static void killWorker() {
    kill("offload-worker");
  }

  /** Kills a Liberty server's JVM outright (SIGKILL). */
  static void kill(String server) {
    killProcess(
        Path.of(System.getProperty("offload.wlp.dir"), "usr/servers/.pid/" + server + ".pid"));
  }

  /** Kills the process whose pid a file holds (SIGKILL) and waits until it is gone. */
  private static void killProcess(Path pidFile) {
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).trim());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the pid in " + pidFile, e);
    }
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
  }

  static void start(String server) {
    liberty("start", server);
  }

  static void stop(String server) {
    liberty("stop", server);
  }

  static void stopApi() {
    liberty("stop", "offload-api");
  }

  static void startApi() {
    liberty("start", "offload-api");
  }

  static void startWorker() {
    liberty("start", "offload-worker");
  }

  static void stopBroker() {
    run(
        new File(System.getProperty("offload.broker.instance"), "bin/artemis-service").getPath(),
        "stop");
    await().atMost(Duration.ofSeconds(60)).until(() -> !listening(BROKER_PORT));
  }

  static void startBroker() {
    run(
        new File(System.getProperty("offload.broker.instance"), "bin/artemis-service").getPath(),
        "start");
    await().atMost(Duration.ofSeconds(90)).until(() -> listening(BROKER_PORT));
  }

  /** Kills the primary broker's JVM outright (SIGKILL): its backup is the only one left. */
  static void killBroker() {
    killProcess(Path.of(System.getProperty("offload.broker.instance"), "data", "artemis.pid"));
  }

  static final int BACKUP_PORT = Integer.getInteger("offload.broker.backup.port", 61617);

  /** Starts the primary's backup, which waits, passive, until the primary's store is free. */
  static void startBackup() {
    run(
        new File(System.getProperty("offload.broker.backup.instance"), "bin/artemis-service")
            .getPath(),
        "start");
  }

  static void stopBackup() {
    run(
        new File(System.getProperty("offload.broker.backup.instance"), "bin/artemis-service")
            .getPath(),
        "stop");
  }

  /** The backup broker's log, as it is now (empty before its first start). */
  static String backupLog() {
    Path log = Path.of(System.getProperty("offload.broker.backup.instance"), "log", "artemis.log");
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + log, e);
    }
  }

  static final int H2_PORT = Integer.getInteger("offload.h2.port", 9092);
  private static final String H2_ADMIN_PASSWORD = System.getProperty("offload.h2.admin.password");

  /** Shuts the shared H2 server down the way an operator would. */
  static void stopDatabase() {
    run(
        java(),
        "-cp",
        System.getProperty("offload.h2.jar"),
        "org.h2.tools.Server",
        "-tcpShutdown",
        "tcp://127.0.0.1:" + H2_PORT,
        // Without it H2 only stops listening: open connections go on working.
        "-tcpShutdownForce",
        "-tcpPassword",
        H2_ADMIN_PASSWORD);
    await().atMost(Duration.ofSeconds(30)).until(() -> !listening(H2_PORT));
  }

  /** Kills the shared H2 server's JVM outright (SIGKILL): whatever it had not written is gone. */
  static void killDatabase() {
    List<ProcessHandle> servers =
        ProcessHandle.allProcesses()
            .filter(
                p ->
                    p.info()
                        .commandLine()
                        .filter(
                            line ->
                                line.contains("org.h2.tools.Server")
                                    && line.contains("-tcpPort " + H2_PORT))
                        .isPresent())
            .toList();
    if (servers.isEmpty()) {
      throw new IllegalStateException("no H2 server process on port " + H2_PORT);
    }
    servers.forEach(ProcessHandle::destroyForcibly);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> servers.stream().noneMatch(ProcessHandle::isAlive));
  }

  static void startDatabase() {
    try {
      new ProcessBuilder(
              java(),
              "-cp",
              System.getProperty("offload.h2.jar"),
              "org.h2.tools.Server",
              "-tcp",
              "-tcpPort",
              String.valueOf(H2_PORT),
              "-ifNotExists",
              "-baseDir",
              System.getProperty("offload.h2.dir"),
              "-tcpPassword",
              H2_ADMIN_PASSWORD)
          .redirectErrorStream(true)
          .redirectOutput(
              ProcessBuilder.Redirect.appendTo(
                  new File(System.getProperty("offload.h2.dir"), "h2-restarted.log")))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> listening(H2_PORT));
  }

  /**
   * Waits until the API server accepts a submission again (its pools may hold dead connections).
   */
  static String awaitAccepting() {
    return await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> api().body("{\"type\":\"simulate\"}").post("/api/tasks").then().extract(),
            r -> r.statusCode() == 202)
        .path("id");
  }

  private static String java() {
    return System.getProperty("java.home") + "/bin/java";
  }

  /**
   * After a test that stopped or killed the worker: starts it if it is down, waits for its
   * consumers.
   */
  static void ensureWorkerRunning() {
    if (!listening(9081)) {
      startWorker();
    }
    awaitConsumers();
  }

  /** Waits until the worker's consumers are attached to the task queue again. */
  static void awaitConsumers() {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> queueAttribute(TASKS, "ConsumerCount") > 0);
  }

  static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Pauses or resumes the worker's task consumer ({@code server pause|resume --target=}). */
  static void workerConsumer(String action) {
    String[] command = {
      new File(System.getProperty("offload.wlp.dir"), "bin/server").getPath(),
      action,
      "offload-worker",
      "--target=offload#offload.war#TaskConsumer"
    };
    // A pause that failed would leave a test measuring a consumer that never stopped.
    int exit = run(command);
    if (exit != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
    }
  }

  /** A server's messages.log, as it is now. */
  static String serverLog(String server) {
    try {
      return Files.readString(
          Path.of(
              System.getProperty("offload.wlp.dir"), "usr/servers", server, "logs/messages.log"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the log of " + server, e);
    }
  }

  private static void liberty(String action, String server) {
    run(new File(System.getProperty("offload.wlp.dir"), "bin/server").getPath(), action, server);
  }

  /** Runs a command to its end and returns its exit code. */
  static int run(String... command) {
    try {
      Process process = new ProcessBuilder(command).inheritIO().start();
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish in 180 s");
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // --- the shared database ------------------------------------------------------------

  /** Counts the effect rows per task straight from the shared database. */
  static Map<String, Integer> effectsPerTask(List<String> ids) throws SQLException {
    Map<String, Integer> counts = new HashMap<>();
    try (Connection db = database();
        PreparedStatement query =
            db.prepareStatement(
                "SELECT COUNT(*) FROM OFFLOAD_SIMULATED_EFFECTS WHERE TASK_ID = ?")) {
      for (String id : ids) {
        query.setString(1, id);
        try (ResultSet rows = query.executeQuery()) {
          rows.next();
          counts.put(id, rows.getInt(1));
        }
      }
    }
    return counts;
  }

  /** The servers' database, with their credentials. */
  private static Connection database() throws SQLException {
    return DriverManager.getConnection(
        System.getProperty("offload.db.url"),
        System.getProperty("offload.db.user", "sa"),
        System.getProperty("offload.db.password", ""));
  }
}
