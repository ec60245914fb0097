package it.dev.offload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo tool, run as the README runs it (the JDK's source launcher on src/tool/Load.java, with
 * the JSON jars the build copies to target/tool), and the demonstration endpoints it needs, which
 * only a server that enables them has.
 */
class DemoToolIT {

  @BeforeEach
  void workerRuns() {
    Offload.ensureWorkerRunning();
  }

  @Test
  void observeShowsOneSubmissionsStatusLatencyAndAnswer() throws Exception {
    String out = demo("observe");
    assertThat(out).containsPattern("POST .*api/tasks -> 202 in [0-9.]+ ms");
    assertThat(out).contains("\"status\":\"QUEUED\"");
  }

  @Test
  void loadReportsPercentilesAndStatusCodes() throws Exception {
    String out = demo("--work-ms", "0", "load", "60", "6");
    assertThat(out)
        .containsPattern("\\| POST /api/tasks +\\| +[0-9.]+ \\| +[0-9.]+ \\| +[0-9.]+ \\|")
        .contains("202: 60");
  }

  @Test
  void compareRunsTheSameLoadSynchronouslyAndQueuedAndWritesAChart() throws Exception {
    Path html = Path.of("target/demo/compare.html");
    Files.deleteIfExists(html);

    String out = demo("--work-ms", "100", "compare", "40", "8");

    assertThat(out).contains("POST /api/sync/tasks (inline)").contains("200: 40");
    assertThat(out).contains("POST /api/tasks (queued)").contains("202: 40");
    assertThat(html).exists();
    assertThat(Files.readString(html)).contains("<svg").contains("p99");
    assertThat(Files.readString(Path.of("target/demo/compare.md"))).contains("| endpoint");
  }

  @Test
  void aServerWithoutTheDemoSwitchHasNoDemoEndpoints() {
    // The worker server runs with the production default, offload.demo.enabled=false.
    for (String path : List.of("/api/sync/tasks", "/api/ceiling/tasks")) {
      Offload.signedIn()
          .baseUri(Offload.WORKER_API)
          .contentType("application/json")
          .body("{\"type\":\"simulate\"}")
          .post(path)
          .then()
          .statusCode(404)
          .contentType("application/problem+json");
    }
  }

  private static String demo(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The java launcher expands the class path's wildcard itself: no shell in between.
    command.add("-cp");
    command.add("target/tool/*");
    command.add("src/tool/Load.java");
    command.add("--url");
    command.add(Offload.API);
    command.add("--user");
    command.add(String.join(":", Offload.OPERATOR));
    command.addAll(List.of(args));
    // Output goes to a file, so a tool that hangs fails the test at the deadline instead of
    // hanging the build on a read; the progress bar (stderr) is discarded.
    Path output = Files.createTempFile("demo", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(output.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    boolean finished = process.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String out = Files.readString(output, StandardCharsets.UTF_8);
    Files.delete(output);
    assertThat(finished).as("the tool finished within 120 s; output:\n" + out).isTrue();
    assertThat(process.exitValue()).as("exit code; output:\n" + out).isZero();
    return out;
  }
}
