import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offload's benchmark, run against a started Offload (src/tool/benchmark.sh starts one as the
 * README does). One file for the JDK's source launcher, so the load comes from its own process.
 *
 * <p>Measures acceptance at 16 and 64 connections (and the same server's no-persistence ceiling),
 * the drain rate of a preloaded backlog, idle submit-to-start latency, POST latency with 200 ms
 * handlers against the synchronous endpoint, and the servers' memory. Prints a table and writes it
 * to target/benchmark/results.md. {@code --smoke} runs every phase for seconds, to keep it working.
 */
public class Benchmark {

  private final URI base;
  private final boolean smoke;
  private final Duration warmup;
  private final Duration measure;
  private final int runs;
  private final int drainTasks;
  private final int idleSamples;
  private final String wlp;
  private final String server;
  private final int drains;
  private final boolean drainOnly;
  private final boolean acceptOnly;
  private final int sustainedRate;
  private final int sustainedSeconds;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final MemoryWatch memory = new MemoryWatch();

  /** "Basic ..." for --user name:password (or OFFLOAD_USER), sent with every request. */
  private final String authorization;

  Benchmark(List<String> args) {
    base = URI.create(option(args, "--url", "http://localhost:9080/"));
    authorization = basic(option(args, "--user", System.getenv("OFFLOAD_USER")));
    smoke = args.contains("--smoke");
    warmup = Duration.ofSeconds(Long.parseLong(option(args, "--warmup", smoke ? "1" : "5")));
    measure = Duration.ofSeconds(Long.parseLong(option(args, "--seconds", smoke ? "2" : "15")));
    runs = Integer.parseInt(option(args, "--runs", smoke ? "1" : "3"));
    drainTasks = Integer.parseInt(option(args, "--drain", smoke ? "500" : "100000"));
    idleSamples = Integer.parseInt(option(args, "--idle", smoke ? "10" : "200"));
    wlp = option(args, "--wlp", "target/liberty/wlp");
    server = option(args, "--server", "offload");
    drains = Integer.parseInt(option(args, "--drains", "1"));
    drainOnly = args.contains("--drain-only");
    acceptOnly = args.contains("--accept-only");
    sustainedRate = Integer.parseInt(option(args, "--sustained-rate", smoke ? "200" : "1000"));
    sustainedSeconds = Integer.parseInt(option(args, "--sustained-seconds", smoke ? "3" : "60"));
  }

  public static void main(String[] args) throws Exception {
    new Benchmark(new ArrayList<>(Arrays.asList(args))).run();
  }

  void run() throws Exception {
    memory.start();
    // Each row is also printed as soon as it is measured, so an interrupted run still tells.
    List<String[]> rows =
        new ArrayList<>() {
          @Override
          public boolean add(String[] row) {
            say("| " + String.join(" | ", row) + " |");
            return super.add(row);
          }
        };
    String load = "load average before: " + loadAverage();
    say(load);

    // The first request after start: the server was only asked whether it is ready.
    long firstPost = System.nanoTime();
    int firstStatus = post("api/tasks", task(0)).statusCode();
    rows.add(
        new String[] {
          "first POST after start (" + firstStatus + ")",
          "",
          ms(System.nanoTime() - firstPost),
          "",
          "",
          ""
        });

    // Acceptance runs with the task consumer working, as in production: what is accepted is
    // processed meanwhile on the same cores. Each run: warm-up, then a fixed measured window; the
    // median of the runs. --drain-only skips to the drain (to compare drain rates at different
    // backlogs).
    for (int connections : drainOnly ? new int[0] : new int[] {16, 64}) {
      Result accepted = median(() -> closedLoop("api/tasks", task(0), connections), r -> r.rate);
      rows.add(
          accepted.row(
              "acceptance, " + connections + " connections (POST /api/tasks), workers running"));
      if (connections == 64) {
        Result ceiling =
            median(() -> closedLoop("api/ceiling/tasks", task(0), connections), r -> r.rate);
        rows.add(ceiling.row("ceiling, 64 connections (202 without persistence)"));
        rows.add(
            new String[] {
              "acceptance / ceiling at 64 connections",
              String.format(Locale.ROOT, "%.0f %%", 100 * accepted.rate / ceiling.rate),
              "",
              "",
              "",
              ""
            });
      }
    }
    if (acceptOnly) {
      finish(rows, load);
      return;
    }
    if (!drainOnly) {
      awaitQueueEmpty();
      rows.add(sustained(sustainedRate, sustainedSeconds));
    }

    // Drain: a backlog of drainTasks no-op tasks (on top of what acceptance queued), then the
    // consumer resumes and the clock runs until the last is COMPLETED. Repeated with --drains N:
    // the first drain of a fresh server also pays for compiling its consuming code.
    for (int round = 1; round <= drains; round++) {
      awaitQueueEmpty();
      consumer("pause");
      preload(drainTasks);
      long queued = queueDepth();
      long completedBefore = completed();
      say("draining " + queued + " tasks...");
      long start = System.nanoTime();
      consumer("resume");
      // Once a second: each look is a GROUP BY over every task on the server being measured (JFR:
      // 5 % of its samples when it looked five times a second), and a drain lasts minutes.
      while (completed() - completedBefore < queued) {
        Thread.sleep(1000);
      }
      double drainSeconds = (System.nanoTime() - start) / 1e9;
      rows.add(
          new String[] {
            "drain of "
                + queued
                + " no-op tasks, one worker server"
                + (drains == 1 ? "" : " (" + round + " of " + drains + ")"),
            String.format(Locale.ROOT, "%.0f tasks/s", queued / drainSeconds),
            "",
            "",
            "",
            ""
          });
    }
    if (drainOnly) {
      finish(rows, load);
      return;
    }

    // Idle latency: one task at a time, from createdAt to startedAt as the server recorded them.
    long[] idle = new long[idleSamples];
    for (int i = 0; i < idleSamples; i++) {
      String id = id(post("api/tasks", task(0)).body());
      String done = get("api/tasks/" + id + "?waitFor=COMPLETED,FAILED&timeout=PT30S");
      idle[i] =
          Duration.between(
                  Instant.parse(field(done, "createdAt")), Instant.parse(field(done, "startedAt")))
              .toNanos();
      Thread.sleep(20);
    }
    Arrays.sort(idle);
    rows.add(
        new String[] {
          "idle submit → start (" + idleSamples + " tasks, one at a time)",
          "",
          ms(pct(idle, 50)),
          "",
          ms(pct(idle, 99)),
          ""
        });

    // 200 ms handlers at 64 connections: what the client waits for, queued versus inline.
    Result queued200 = closedLoop("api/tasks", task(200), 64);
    Result sync200 = closedLoop("api/sync/tasks", task(200), 64);
    rows.add(queued200.row("200 ms handlers, 64 connections: POST /api/tasks"));
    rows.add(sync200.row("200 ms handlers, 64 connections: POST /api/sync/tasks"));
    finish(rows, load);
  }

  /** Every mode ends here: the memory rows, then the table printed and written to a file. */
  private void finish(List<String[]> rows, String load) throws Exception {
    memory.stop();
    rows.add(
        new String[] {"Liberty: peak RSS / peak heap in use", memory.liberty(), "", "", "", ""});
    rows.add(new String[] {"broker: peak RSS / peak heap in use", memory.broker(), "", "", "", ""});

    String table = table(rows);
    String header =
        "Offload benchmark, "
            + DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                Instant.now().atOffset(ZoneOffset.UTC).withNano(0))
            + " UTC"
            + (smoke ? " (smoke mode)" : "")
            + "\n\n"
            + machine()
            + "\n"
            + "database: "
            + Optional.ofNullable(System.getenv("OFFLOAD_DB_URL"))
                .orElse("embedded H2 (the default)")
            + "\n"
            + load
            + "; after: "
            + loadAverage()
            + "\n"
            + "acceptance: "
            + warmup.toSeconds()
            + " s warm-up + "
            + measure.toSeconds()
            + " s measured, median of "
            + runs
            + " run(s), workers running"
            + (acceptOnly
                ? " (--accept-only)"
                : drainOnly ? " (--drain-only, " + drains + " drain(s))" : "")
            + "\n\n";
    System.out.println();
    System.out.println(header + table);
    Path out = Path.of("target", "benchmark");
    Files.createDirectories(out);
    Files.writeString(out.resolve("results.md"), header + table);
    System.out.println("written: " + out.resolve("results.md"));
  }

  // --- load --------------------------------------------------------------------------------

  record Result(double rate, long[] latencies, long errors, long non2xx) {
    String[] row(String name) {
      return new String[] {
        name,
        String.format(Locale.ROOT, "%.0f req/s", rate),
        ms(pct(latencies, 50)),
        ms(pct(latencies, 95)),
        ms(pct(latencies, 99)),
        (errors + non2xx) + ""
      };
    }
  }

  interface Measurement {
    Result run() throws Exception;
  }

  private Result median(Measurement measurement, ToDoubleFunction<Result> by) throws Exception {
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      results.add(measurement.run());
    }
    results.sort((a, b) -> Double.compare(by.applyAsDouble(a), by.applyAsDouble(b)));
    return results.get(results.size() / 2);
  }

  /** {@code connections} clients, each sending the next request when the last is answered. */
  private Result closedLoop(String path, String body, int connections) throws InterruptedException {
    say(
        String.format(
            "%s, %d connections: %d s warm-up, %d s measured",
            path, connections, warmup.toSeconds(), measure.toSeconds()));
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean running = new AtomicBoolean(true);
    List<long[]> perClient = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    AtomicLong non2xx = new AtomicLong();
    int[] counts = new int[connections];
    ExecutorService clients = Executors.newFixedThreadPool(connections);
    for (int c = 0; c < connections; c++) {
      long[] latencies = new long[2_000_000 / connections + 1000];
      perClient.add(latencies);
      int client = c;
      clients.submit(
          () -> {
            while (running.get()) {
              long t0 = System.nanoTime();
              try {
                int status = post(path, body).statusCode();
                if (measuring.get()) {
                  if (status / 100 != 2) {
                    non2xx.incrementAndGet();
                  }
                  if (counts[client] < latencies.length) {
                    latencies[counts[client]++] = System.nanoTime() - t0;
                  }
                }
              } catch (IOException e) {
                if (measuring.get()) {
                  errors.incrementAndGet();
                }
              } catch (InterruptedException e) {
                return;
              }
            }
          });
    }
    Thread.sleep(warmup.toMillis());
    measuring.set(true);
    long start = System.nanoTime();
    Thread.sleep(measure.toMillis());
    measuring.set(false);
    double seconds = (System.nanoTime() - start) / 1e9;
    running.set(false);
    clients.shutdown();
    clients.awaitTermination(90, TimeUnit.SECONDS);
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int c = 0; c < connections; c++) {
      System.arraycopy(perClient.get(c), 0, all, at, counts[c]);
      at += counts[c];
    }
    Arrays.sort(all);
    return new Result(total / seconds, all, errors.get(), non2xx.get());
  }

  /**
   * Open loop: {@code perSecond} submissions a second for {@code seconds}, each sent on schedule
   * whatever the answers before it, while the workers process them. Reports the POST latencies and
   * the backlog at the end: if processing keeps up, the backlog stays small.
   */
  private String[] sustained(int perSecond, int seconds) throws Exception {
    say(String.format("sustained: %d tasks/s for %d s, workers running", perSecond, seconds));
    int total = perSecond * seconds;
    long[] latencies = new long[total];
    AtomicLong failures = new AtomicLong();
    long maxBacklog = 0;
    ExecutorService senders = Executors.newFixedThreadPool(128);
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long due = start + i * 1_000_000_000L / perSecond;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      int n = i;
      senders.submit(
          () -> {
            try {
              if (post("api/tasks", task(0)).statusCode() != 202) {
                failures.incrementAndGet();
              }
            } catch (IOException e) {
              failures.incrementAndGet();
            } catch (InterruptedException e) {
              return;
            }
            // From when it was due, not when it was sent: a late send counts as waiting.
            latencies[n] = System.nanoTime() - due;
          });
      if (i % perSecond == perSecond - 1) {
        maxBacklog = Math.max(maxBacklog, queueDepth());
      }
    }
    senders.shutdown();
    senders.awaitTermination(5, TimeUnit.MINUTES);
    double rate = total / ((System.nanoTime() - start) / 1e9);
    long backlogAtEnd = queueDepth();
    Arrays.sort(latencies);
    return new String[] {
      String.format(
          Locale.ROOT,
          "sustained %d tasks/s for %d s, workers running (backlog: max %d, at end %d)",
          perSecond,
          seconds,
          maxBacklog,
          backlogAtEnd),
      String.format(Locale.ROOT, "%.0f req/s", rate),
      ms(pct(latencies, 50)),
      ms(pct(latencies, 95)),
      ms(pct(latencies, 99)),
      failures.get() + ""
    };
  }

  private void awaitQueueEmpty() throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (queueDepth() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
  }

  private void preload(long count) throws InterruptedException {
    say("preloading " + count + " tasks with the consumer paused...");
    AtomicLong next = new AtomicLong();
    ExecutorService clients = Executors.newFixedThreadPool(64);
    for (int c = 0; c < 64; c++) {
      clients.submit(
          () -> {
            while (next.getAndIncrement() < count) {
              try {
                int status = post("api/tasks", task(0)).statusCode();
                if (status != 202) {
                  next.decrementAndGet();
                  Thread.sleep(100);
                }
              } catch (IOException e) {
                next.decrementAndGet();
              } catch (InterruptedException e) {
                return;
              }
            }
          });
    }
    clients.shutdown();
    clients.awaitTermination(2, TimeUnit.HOURS);
  }

  // --- the server --------------------------------------------------------------------------

  private void consumer(String action) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                wlp + "/bin/server", action, server, "--target=offload#offload.war#TaskConsumer")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("server " + action + " failed: " + out);
    }
  }

  private String task(int workMs) {
    return "{\"type\":\"simulate\",\"payload\":{\"durationMs\":" + workMs + "}}";
  }

  private long queueDepth() throws IOException, InterruptedException {
    Matcher m = Pattern.compile("\"queue\":\\{\"depth\":(\\d+)").matcher(get("api/stats"));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private long completed() throws IOException, InterruptedException {
    Matcher m = Pattern.compile("\"COMPLETED\":(\\d+)").matcher(get("api/stats"));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private HttpResponse<String> post(String path, String body)
      throws IOException, InterruptedException {
    return http.send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    return authorization == null ? request : request.header("Authorization", authorization);
  }

  static String basic(String user) {
    return user == null || user.isBlank()
        ? null
        : "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8));
  }

  private String get(String path) throws IOException, InterruptedException {
    return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static String id(String json) {
    return field(json, "id");
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

  // --- memory: peak RSS from /proc, heap in use from one streaming jstat per JVM -----------

  static final class MemoryWatch {
    private final AtomicLong libertyHeap = new AtomicLong();
    private final AtomicLong brokerHeap = new AtomicLong();
    private final List<Process> samplers = new ArrayList<>();
    private long libertyPid;
    private long brokerPid;

    void start() throws IOException, InterruptedException {
      Process jps =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jps").toString(), "-l")
              .start();
      for (String line : new String(jps.getInputStream().readAllBytes()).split("\n")) {
        if (line.contains("ws-server.jar")) {
          libertyPid = Long.parseLong(line.split(" ")[0]);
        } else if (line.contains("artemis")) {
          brokerPid = Long.parseLong(line.split(" ")[0]);
        }
      }
      watchHeap(libertyPid, libertyHeap);
      watchHeap(brokerPid, brokerHeap);
    }

    void stop() {
      samplers.forEach(Process::destroy);
    }

    String liberty() {
      return mib(peakRss(libertyPid)) + " / " + mib(libertyHeap.get());
    }

    String broker() {
      return mib(peakRss(brokerPid)) + " / " + mib(brokerHeap.get());
    }

    /**
     * One jstat that prints the heap once a second for the whole run. Starting a jstat per sample
     * costs a JVM start each time: two a second took about 0.4 of this machine's 2 cores away from
     * the servers being measured.
     */
    private void watchHeap(long pid, AtomicLong peak) throws IOException {
      if (pid == 0) {
        return;
      }
      Process jstat =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jstat").toString(),
                  "-gc",
                  Long.toString(pid),
                  "1000")
              .redirectErrorStream(true)
              .start();
      samplers.add(jstat);
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
                  List<String> names = List.of();
                  for (String line; (line = lines.readLine()) != null; ) {
                    String[] cells = line.trim().split("\\s+");
                    if (line.contains("EU")) {
                      names = List.of(cells);
                      continue;
                    }
                    double kb = 0;
                    for (int i = 0; i < names.size() && i < cells.length; i++) {
                      if (List.of("S0U", "S1U", "EU", "OU").contains(names.get(i))) {
                        kb += Double.parseDouble(cells[i]);
                      }
                    }
                    long bytes = (long) (kb * 1024);
                    peak.accumulateAndGet(bytes, Math::max);
                  }
                } catch (IOException | RuntimeException e) {
                  // the JVM being watched is gone
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    private static long peakRss(long pid) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
          if (line.startsWith("VmHWM:")) {
            return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
          }
        }
      } catch (IOException | RuntimeException e) {
        // not Linux, or the process is gone
      }
      return 0;
    }

    private static String mib(long bytes) {
      return bytes == 0 ? "?" : (bytes >> 20) + " MiB";
    }
  }

  // --- output ------------------------------------------------------------------------------

  private static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(i, sorted.length - 1))];
  }

  private static String ms(long nanos) {
    return nanos < 0 ? "–" : String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  private static String table(List<String[]> rows) {
    StringBuilder out =
        new StringBuilder(
            "| measurement | throughput | p50 | p95 | p99 | errors |\n|---|---:|---:|---:|---:|---:|\n");
    for (String[] r : rows) {
      out.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    return out.toString();
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "?";
    }
  }

  private static String machine() {
    String cpu = "?";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .findFirst()
              .map(l -> l.replaceAll(".*:\\s*", ""))
              .orElse("?");
    } catch (IOException e) {
      // not Linux
    }
    return "machine: "
        + Runtime.getRuntime().availableProcessors()
        + " cores ("
        + cpu
        + "), "
        + (Runtime.getRuntime().maxMemory() >> 20)
        + " MiB max heap for the client; Java "
        + System.getProperty("java.version");
  }

  private static void say(String line) {
    System.err.println("[benchmark] " + line);
  }

  private static String option(List<String> args, String name, String fallback) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
  }
}
