import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offload's demo and load tool, one file for the JDK's source launcher (no build, no dependencies):
 * {@code java src/tool/Demo.java <command> ...}, or {@code ./mvnw -q -Pdemo -Ddemo="<command>
 * ..."}.
 *
 * <pre>
 *   observe                     one submission: status, latency, the JSON answer
 *   load COUNT CONCURRENCY      COUNT submissions from CONCURRENCY clients: latency percentiles,
 *                               throughput and status codes
 *   burst COUNT CONCURRENCY     as load, then waits for every accepted task to finish: how long
 *                               the backlog took to drain
 *   watch [SECONDS]             queue depth and task counts, once a second
 *   compare COUNT CONCURRENCY   the same load against POST /api/sync/tasks (work done inline) and
 *                               POST /api/tasks (queued): a side-by-side table, written with an
 *                               HTML chart to target/demo/
 * options: --url http://localhost:9080 (or OFFLOAD_URL)   --work-ms 200 (simulated work per task)
 *          --user name:password (or OFFLOAD_USER; an account with the submitter or operator role)
 * </pre>
 */
public class Demo {

  private static final PrintStream OUT = System.out;
  private static final PrintStream ERR = System.err;

  private final URI base;
  private final int workMs;
  private final String authorization;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  Demo(URI base, int workMs, String user) {
    this.base = base;
    this.workMs = workMs;
    this.authorization =
        user == null || user.isBlank()
            ? null
            : "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8));
  }

  public static void main(String[] args) throws Exception {
    List<String> words = new ArrayList<>(Arrays.asList(args));
    String url =
        option(
            words, "--url", System.getenv().getOrDefault("OFFLOAD_URL", "http://localhost:9080"));
    int workMs = Integer.parseInt(option(words, "--work-ms", "200"));
    String user = option(words, "--user", System.getenv("OFFLOAD_USER"));
    if (words.isEmpty()) {
      usage();
      System.exit(2);
    }
    Demo demo = new Demo(URI.create(url.endsWith("/") ? url : url + "/"), workMs, user);
    String command = words.get(0);
    switch (command) {
      case "observe" -> demo.observe();
      case "load" -> demo.load(count(words, 1, 1000), count(words, 2, 32)).print(OUT);
      case "burst" -> demo.burst(count(words, 1, 1000), count(words, 2, 64));
      case "watch" -> demo.watch(count(words, 1, Integer.MAX_VALUE));
      case "compare" -> demo.compare(count(words, 1, 500), count(words, 2, 64));
      default -> {
        usage();
        System.exit(2);
      }
    }
  }

  // --- commands ----------------------------------------------------------------------------

  void observe() throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<String> response = post("api/tasks", task());
    double ms = (System.nanoTime() - start) / 1e6;
    OUT.printf(Locale.ROOT, "POST %sapi/tasks -> %d in %.1f ms%n", base, response.statusCode(), ms);
    response.headers().firstValue("Location").ifPresent(l -> OUT.println("Location: " + l));
    OUT.println(response.body());
  }

  Run load(int count, int concurrency) throws InterruptedException {
    return run("POST /api/tasks", "api/tasks", count, concurrency);
  }

  void burst(int count, int concurrency) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Run run = load(count, concurrency);
    run.print(OUT);
    ERR.println("waiting for the accepted tasks to finish...");
    long remaining;
    do {
      Thread.sleep(500);
      Map<String, Long> tasks = stats().tasks();
      remaining =
          tasks.getOrDefault("QUEUED", 0L)
              + tasks.getOrDefault("PROCESSING", 0L)
              + tasks.getOrDefault("RETRYING", 0L);
      ERR.printf("\r  still to finish: %-10d", remaining);
    } while (remaining > 0);
    double seconds = (System.nanoTime() - start) / 1e9;
    ERR.println();
    OUT.printf(
        Locale.ROOT,
        "burst of %d: all accepted tasks finished %.1f s after the first submission (%.0f tasks/s end to end)%n",
        count,
        seconds,
        run.accepted() / seconds);
  }

  void watch(int seconds) throws IOException, InterruptedException {
    OUT.printf(
        "%-10s %8s %9s %10s %9s %10s %9s %7s%n",
        "time", "depth", "consumers", "dead", "QUEUED", "PROCESSING", "COMPLETED", "FAILED");
    for (int i = 0; i < seconds; i++) {
      Stats s = stats();
      OUT.printf(
          "%-10s %8s %9s %10s %9d %10d %9d %7d%n",
          java.time.LocalTime.now().withNano(0),
          s.depth(),
          s.consumers(),
          s.deadLetters(),
          s.tasks().getOrDefault("QUEUED", 0L),
          s.tasks().getOrDefault("PROCESSING", 0L),
          s.tasks().getOrDefault("COMPLETED", 0L),
          s.tasks().getOrDefault("FAILED", 0L));
      Thread.sleep(1000);
    }
  }

  void compare(int count, int concurrency) throws IOException, InterruptedException {
    ERR.printf("%d requests, %d clients, %d ms of work per task%n", count, concurrency, workMs);
    Run sync = run("POST /api/sync/tasks (inline)", "api/sync/tasks", count, concurrency);
    Run queued = run("POST /api/tasks (queued)", "api/tasks", count, concurrency);
    String table = table(List.of(sync, queued));
    OUT.println();
    OUT.print(table);
    Path dir = Path.of("target", "demo");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("compare.md"),
        "# compare: "
            + count
            + " requests, "
            + concurrency
            + " clients, "
            + workMs
            + " ms of work per task\n\n"
            + table);
    Files.writeString(dir.resolve("compare.html"), html(count, concurrency, List.of(sync, queued)));
    OUT.println("\nwritten: " + dir.resolve("compare.md") + ", " + dir.resolve("compare.html"));
  }

  // --- the load ----------------------------------------------------------------------------

  /** One load run's answers: latencies in ns, by outcome. */
  record Run(
      String name, long[] latencies, Map<Integer, Integer> statuses, int errors, double seconds) {
    double percentileMs(double p) {
      if (latencies.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(p / 100 * latencies.length) - 1;
      return latencies[Math.max(0, Math.min(index, latencies.length - 1))] / 1e6;
    }

    int accepted() {
      return statuses.getOrDefault(202, 0) + statuses.getOrDefault(200, 0);
    }

    double throughput() {
      return latencies.length / seconds;
    }

    void print(PrintStream out) {
      out.print(table(List.of(this)));
    }
  }

  private Run run(String name, String path, int count, int concurrency)
      throws InterruptedException {
    String body = task();
    long[] latencies = new long[count];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    LongAdder errors = new LongAdder();
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    ExecutorService clients = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    for (int c = 0; c < concurrency; c++) {
      clients.submit(
          () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
              long t0 = System.nanoTime();
              try {
                int status = post(path, body).statusCode();
                statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
              } catch (IOException e) {
                errors.increment();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
              latencies[i] = System.nanoTime() - t0;
              done.incrementAndGet();
            }
          });
    }
    clients.shutdown();
    while (!clients.awaitTermination(200, TimeUnit.MILLISECONDS)) {
      progress(name, done.get(), count);
    }
    progress(name, done.get(), count);
    ERR.println();
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] measured = Arrays.copyOf(latencies, done.get());
    Arrays.sort(measured);
    Map<Integer, Integer> byStatus = new TreeMap<>();
    statuses.forEach((s, n) -> byStatus.put(s, n.get()));
    return new Run(name, measured, byStatus, errors.intValue(), seconds);
  }

  private static void progress(String name, int done, int count) {
    int width = 30;
    int filled = count == 0 ? width : (int) ((long) done * width / count);
    ERR.printf(
        "\r%-32s [%s%s] %d/%d", name, "#".repeat(filled), " ".repeat(width - filled), done, count);
  }

  private String task() {
    return "{\"type\":\"simulate\",\"payload\":{\"durationMs\":" + workMs + "}}";
  }

  private HttpResponse<String> post(String path, String body)
      throws IOException, InterruptedException {
    return http.send(
        request(path)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
    return authorization == null ? request : request.header("Authorization", authorization);
  }

  // --- the broker's and the tasks' figures -------------------------------------------------

  record Stats(Map<String, Long> tasks, String depth, String consumers, String deadLetters) {}

  private Stats stats() throws IOException, InterruptedException {
    String json =
        http.send(request("api/stats").build(), HttpResponse.BodyHandlers.ofString()).body();
    Map<String, Long> tasks = new TreeMap<>();
    Matcher counts = Pattern.compile("\"([A-Z]+)\":(\\d+)").matcher(section(json, "tasks"));
    while (counts.find()) {
      tasks.put(counts.group(1), Long.parseLong(counts.group(2)));
    }
    String queue = section(json, "queue");
    return new Stats(
        tasks,
        number(queue, "depth"),
        number(queue, "consumers"),
        number(section(json, "deadLetter"), "depth"));
  }

  private static String section(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(\\{[^}]*\\}|null)").matcher(json);
    return m.find() ? m.group(1) : "";
  }

  private static String number(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
    return m.find() ? m.group(1) : "?";
  }

  // --- output ------------------------------------------------------------------------------

  static String table(List<Run> runs) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "| %-30s | %8s | %8s | %8s | %8s | %9s | %-22s |%n",
            "endpoint", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s", "status codes"));
    out.append(
        String.format(
            "|%s|%s|%s|%s|%s|%s|%s|%n",
            "-".repeat(32),
            "-".repeat(10),
            "-".repeat(10),
            "-".repeat(10),
            "-".repeat(10),
            "-".repeat(11),
            "-".repeat(24)));
    for (Run r : runs) {
      StringBuilder codes = new StringBuilder();
      r.statuses().forEach((s, n) -> codes.append(s).append(": ").append(n).append("  "));
      if (r.errors() > 0) {
        codes.append("no answer: ").append(r.errors());
      }
      out.append(
          String.format(
              Locale.ROOT,
              "| %-30s | %8.1f | %8.1f | %8.1f | %8.1f | %9.1f | %-22s |%n",
              r.name(),
              r.percentileMs(50),
              r.percentileMs(95),
              r.percentileMs(99),
              r.percentileMs(100),
              r.throughput(),
              codes.toString().trim()));
    }
    return out.toString();
  }

  private String html(int count, int concurrency, List<Run> runs) {
    String[] labels = {"p50", "p95", "p99"};
    double[] ps = {50, 95, 99};
    double max = runs.stream().mapToDouble(r -> r.percentileMs(99)).max().orElse(1);
    String[] colors = {"#e03131", "#2f9e44"};
    StringBuilder bars = new StringBuilder();
    int x = 60;
    for (int i = 0; i < labels.length; i++) {
      for (int r = 0; r < runs.size(); r++) {
        double v = runs.get(r).percentileMs(ps[i]);
        int h = (int) Math.max(1, v / max * 260);
        bars.append(
            String.format(
                Locale.ROOT,
                "<rect x='%d' y='%d' width='40' height='%d' fill='%s'/><text x='%d' y='%d' font-size='12' text-anchor='middle'>%.1f</text>",
                x,
                300 - h,
                h,
                colors[r % 2],
                x + 20,
                295 - h,
                v));
        x += 44;
      }
      bars.append(
          String.format(
              "<text x='%d' y='320' font-size='13' text-anchor='middle'>%s</text>",
              x - 44, labels[i]));
      x += 40;
    }
    StringBuilder legend = new StringBuilder();
    for (int r = 0; r < runs.size(); r++) {
      legend.append(
          String.format(
              "<span style='color:%s'>&#9632;</span> %s &nbsp; ",
              colors[r % 2], runs.get(r).name()));
    }
    return "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Offload compare</title>"
        + "<style>body{font-family:system-ui,sans-serif;margin:2rem}pre{background:#f5f6f8;padding:1rem}</style></head><body>"
        + "<h1>Synchronous vs queued</h1><p>"
        + count
        + " requests, "
        + concurrency
        + " clients, "
        + workMs
        + " ms of work per task. Client-side latency in ms.</p><p>"
        + legend
        + "</p>"
        + "<svg width='520' height='330' role='img'><line x1='50' y1='300' x2='510' y2='300' stroke='#999'/>"
        + bars
        + "</svg><pre>"
        + table(runs)
        + "</pre></body></html>";
  }

  // --- arguments ---------------------------------------------------------------------------

  private static String option(List<String> words, String name, String fallback) {
    int i = words.indexOf(name);
    if (i < 0 || i + 1 >= words.size()) {
      return fallback;
    }
    String value = words.get(i + 1);
    words.remove(i + 1);
    words.remove(i);
    return value;
  }

  private static int count(List<String> words, int index, int fallback) {
    return words.size() > index ? Integer.parseInt(words.get(index)) : fallback;
  }

  private static void usage() {
    ERR.println(
        "usage: java src/tool/Demo.java [--url URL] [--user NAME:PASSWORD] [--work-ms MS] "
            + "observe | load COUNT CONCURRENCY | burst COUNT CONCURRENCY | watch [SECONDS] | compare COUNT CONCURRENCY");
  }
}
