import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * Offload's demo, load and benchmark tool. The JDK's source launcher runs one file, so the demo's
 * commands and the benchmark are subcommands of this one and share its parts: the command line, the
 * signed-in HTTP client, JSON, percentiles and tables. JSON is read with Jakarta JSON Processing,
 * whose API and implementation (Parsson) every build copies to target/tool: {@code java -cp
 * 'target/tool/*' src/tool/Load.java COMMAND ...}, or {@code ./mvnw -q -Pdemo -Ddemo="COMMAND
 * ..."}; src/tool/benchmark.sh starts a server of its own for {@code benchmark}. The commands and
 * options: {@link #USAGE}.
 */
public class Load {

  private static final PrintStream OUT = System.out;
  private static final PrintStream ERR = System.err;

  static final String USAGE =
      """
      usage: java -cp 'target/tool/*' src/tool/Load.java [OPTION...] COMMAND
        observe                    one submission: status, latency, the JSON answer
        load COUNT CONCURRENCY     COUNT submissions from CONCURRENCY clients: latency
                                   percentiles, throughput and status codes
        burst COUNT CONCURRENCY    as load, then how long until every accepted task finished
        watch [SECONDS]            queue depth and task counts, once a second
        compare COUNT CONCURRENCY  the same load against POST /api/sync/tasks (work done
                                   inline) and POST /api/tasks (queued): a table, and an HTML
                                   chart with it in target/demo/
        benchmark [OPTION...]      the benchmark (src/tool/benchmark.sh starts a server for it):
                                   a table, also written to target/benchmark/results.md
      options: --url http://localhost:9080 (or OFFLOAD_URL)  --user name:password (or
        OFFLOAD_USER; an account with the submitter or operator role)  --work-ms 200
        (simulated work per task, for the demo's commands)
      benchmark's, with their defaults (then with --smoke, which runs every phase for seconds):
        --warmup 5|1  --seconds 15|2  --runs 3|1  --drain 100000|500  --drains 1  --idle 200|10
        --sustained-rate 1000|200  --sustained-seconds 60|3  --accept-only  --drain-only
        --wlp target/liberty/wlp  --server offload (its consumer is paused for the drain)
      """;

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    if (args.flag("--help") || args.flag("-h")) {
      OUT.print(USAGE);
      return;
    }
    Client client =
        new Client(
            args.option(
                "--url", System.getenv().getOrDefault("OFFLOAD_URL", "http://localhost:9080")),
            args.option("--user", System.getenv("OFFLOAD_USER")));
    Demo demo = new Demo(client, args.number("--work-ms", 200));
    switch (args.word(0)) {
      case "observe" -> demo.observe();
      case "load" -> demo.load(args.count(1, 1000), args.count(2, 32)).print(OUT);
      case "burst" -> demo.burst(args.count(1, 1000), args.count(2, 64));
      case "watch" -> demo.watch(args.count(1, Integer.MAX_VALUE));
      case "compare" -> demo.compare(args.count(1, 500), args.count(2, 64));
      case "benchmark" -> new Benchmark(client, args).run();
      default -> {
        ERR.print(USAGE);
        System.exit(2);
      }
    }
  }

  /** A simulated task that works {@code workMs} (0: a no-op, the path every task takes). */
  static String task(int workMs) {
    return "{\"type\":\"simulate\",\"payload\":{\"durationMs\":" + workMs + "}}";
  }

  // --- the demo ----------------------------------------------------------------------------

  /** The demo's commands: what the queue changes for the clients, at a size a laptop shows. */
  static final class Demo {

    private static final List<Column> COLUMNS =
        List.of(
            new Column("endpoint", 30, false),
            new Column("p50 ms", 8, true),
            new Column("p95 ms", 8, true),
            new Column("p99 ms", 8, true),
            new Column("max ms", 8, true),
            new Column("req/s", 9, true),
            new Column("status codes", 22, false));

    private final Client client;
    private final int workMs;

    Demo(Client client, int workMs) {
      this.client = client;
      this.workMs = workMs;
    }

    void observe() throws IOException, InterruptedException {
      long start = System.nanoTime();
      HttpResponse<String> response = client.post("api/tasks", task(workMs));
      double ms = (System.nanoTime() - start) / 1e6;
      OUT.printf(
          Locale.ROOT,
          "POST %sapi/tasks -> %d in %.1f ms%n",
          client.base,
          response.statusCode(),
          ms);
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
        Stats stats = client.stats();
        remaining = stats.count("QUEUED") + stats.count("PROCESSING") + stats.count("RETRYING");
        ERR.printf("\r  still to finish: %-10d", remaining);
      } while (remaining > 0);
      double seconds = (System.nanoTime() - start) / 1e9;
      ERR.println();
      OUT.printf(
          Locale.ROOT,
          "burst of %d: all accepted tasks finished %.1f s after the first submission"
              + " (%.0f tasks/s end to end)%n",
          count,
          seconds,
          run.accepted() / seconds);
    }

    void watch(int seconds) throws IOException, InterruptedException {
      OUT.printf(
          "%-10s %8s %9s %10s %9s %10s %9s %7s%n",
          "time", "depth", "consumers", "dead", "QUEUED", "PROCESSING", "COMPLETED", "FAILED");
      for (int i = 0; i < seconds; i++) {
        Stats s = client.stats();
        OUT.printf(
            "%-10s %8s %9s %10s %9d %10d %9d %7d%n",
            LocalTime.now().withNano(0),
            Objects.toString(s.depth(), "?"),
            Objects.toString(s.consumers(), "?"),
            Objects.toString(s.deadLetters(), "?"),
            s.count("QUEUED"),
            s.count("PROCESSING"),
            s.count("COMPLETED"),
            s.count("FAILED"));
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
      Files.writeString(
          dir.resolve("compare.html"), html(count, concurrency, List.of(sync, queued)));
      OUT.println("\nwritten: " + dir.resolve("compare.md") + ", " + dir.resolve("compare.html"));
    }

    /** One load run's answers: latencies in ns, sorted, by outcome. */
    record Run(
        String name, long[] latencies, Map<Integer, Integer> statuses, int errors, double seconds) {
      double percentileMs(double p) {
        long nanos = percentile(latencies, p);
        return nanos < 0 ? Double.NaN : nanos / 1e6;
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

    /** {@code count} POSTs from {@code concurrency} clients, each sending when answered. */
    private Run run(String name, String path, int count, int concurrency)
        throws InterruptedException {
      String body = task(workMs);
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
                  int status = client.post(path, body).statusCode();
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
          "\r%-32s [%s%s] %d/%d",
          name, "#".repeat(filled), " ".repeat(width - filled), done, count);
    }

    static String table(List<Run> runs) {
      List<String[]> rows = new ArrayList<>();
      for (Run r : runs) {
        StringBuilder codes = new StringBuilder();
        r.statuses().forEach((s, n) -> codes.append(s).append(": ").append(n).append("  "));
        if (r.errors() > 0) {
          codes.append("no answer: ").append(r.errors());
        }
        rows.add(
            new String[] {
              r.name(),
              oneDecimal(r.percentileMs(50)),
              oneDecimal(r.percentileMs(95)),
              oneDecimal(r.percentileMs(99)),
              oneDecimal(r.percentileMs(100)),
              oneDecimal(r.throughput()),
              codes.toString().trim()
            });
      }
      return Load.table(COLUMNS, rows);
    }

    private static String oneDecimal(double value) {
      return String.format(Locale.ROOT, "%.1f", value);
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
                  "<rect x='%d' y='%d' width='40' height='%d' fill='%s'/>"
                      + "<text x='%d' y='%d' font-size='12' text-anchor='middle'>%.1f</text>",
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
          + "<style>body{font-family:system-ui,sans-serif;margin:2rem}"
          + "pre{background:#f5f6f8;padding:1rem}</style></head><body>"
          + "<h1>Synchronous vs queued</h1><p>"
          + count
          + " requests, "
          + concurrency
          + " clients, "
          + workMs
          + " ms of work per task. Client-side latency in ms.</p><p>"
          + legend
          + "</p>"
          + "<svg width='520' height='330' role='img'>"
          + "<line x1='50' y1='300' x2='510' y2='300' stroke='#999'/>"
          + bars
          + "</svg><pre>"
          + table(runs)
          + "</pre></body></html>";
    }
  }

  // --- the benchmark -----------------------------------------------------------------------

  /**
   * The benchmark, run against a started Offload (src/tool/benchmark.sh starts one as the README
   * does), so the load comes from its own process.
   *
   * <p>Measures acceptance at 16 and 64 connections (and the same server's no-persistence ceiling),
   * the drain rate of a preloaded backlog, idle submit-to-start latency, POST latency with 200 ms
   * handlers against the synchronous endpoint, and the servers' memory. Prints a table and writes
   * it to target/benchmark/results.md. {@code --smoke} runs every phase for seconds, to keep it
   * working.
   */
  static final class Benchmark {

    private static final List<Column> COLUMNS =
        List.of(
            new Column("measurement", 0, false),
            new Column("throughput", 0, true),
            new Column("p50", 0, true),
            new Column("p95", 0, true),
            new Column("p99", 0, true),
            new Column("errors", 0, true));

    private final Client client;
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
    private final MemoryWatch memory = new MemoryWatch();

    Benchmark(Client client, Args args) {
      this.client = client;
      smoke = args.flag("--smoke");
      warmup = Duration.ofSeconds(args.number("--warmup", smoke ? 1 : 5));
      measure = Duration.ofSeconds(args.number("--seconds", smoke ? 2 : 15));
      runs = args.number("--runs", smoke ? 1 : 3);
      drainTasks = args.number("--drain", smoke ? 500 : 100000);
      idleSamples = args.number("--idle", smoke ? 10 : 200);
      wlp = args.option("--wlp", "target/liberty/wlp");
      server = args.option("--server", "offload");
      drains = args.number("--drains", 1);
      drainOnly = args.flag("--drain-only");
      acceptOnly = args.flag("--accept-only");
      sustainedRate = args.number("--sustained-rate", smoke ? 200 : 1000);
      sustainedSeconds = args.number("--sustained-seconds", smoke ? 3 : 60);
    }

    void run() throws Exception {
      memory.start();
      // Each row is also printed as soon as it is measured, so an interrupted run still tells.
      List<String[]> rows =
          new ArrayList<>() {
            @Override
            public boolean add(String[] row) {
              say(Load.row(COLUMNS, row));
              return super.add(row);
            }
          };
      String load = "load average before: " + loadAverage();
      say(load);

      // The first request after start: the server was only asked whether it is ready.
      long firstPost = System.nanoTime();
      int firstStatus = client.post("api/tasks", task(0)).statusCode();
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
      // processed meanwhile on the same cores. Each run: warm-up, then a fixed measured window;
      // the median of the runs. --drain-only skips to the drain (to compare drain rates at
      // different backlogs).
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
      // consumer resumes and the clock runs until the last is COMPLETED. Repeated with --drains
      // N: the first drain of a fresh server also pays for compiling its consuming code.
      for (int round = 1; round <= drains; round++) {
        awaitQueueEmpty();
        consumer("pause");
        preload(drainTasks);
        long queued = queueDepth();
        long completedBefore = completed();
        say("draining " + queued + " tasks...");
        long start = System.nanoTime();
        consumer("resume");
        // Once a second: each look is a GROUP BY over every task on the server being measured
        // (JFR: 5 % of its samples when it looked five times a second), and a drain lasts
        // minutes.
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

      // Idle latency: one task at a time, from createdAt to startedAt as the server recorded
      // them.
      long[] idle = new long[idleSamples];
      for (int i = 0; i < idleSamples; i++) {
        String id = string(json(client.post("api/tasks", task(0)).body()), "id");
        JsonObject done =
            json(client.get("api/tasks/" + id + "?waitFor=COMPLETED,FAILED&timeout=PT30S"));
        idle[i] =
            Duration.between(
                    Instant.parse(string(done, "createdAt")),
                    Instant.parse(string(done, "startedAt")))
                .toNanos();
        Thread.sleep(20);
      }
      Arrays.sort(idle);
      rows.add(
          new String[] {
            "idle submit → start (" + idleSamples + " tasks, one at a time)",
            "",
            ms(percentile(idle, 50)),
            "",
            ms(percentile(idle, 99)),
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
      rows.add(
          new String[] {"broker: peak RSS / peak heap in use", memory.broker(), "", "", "", ""});

      String table = table(COLUMNS, rows);
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
      OUT.println();
      OUT.println(header + table);
      Path out = Path.of("target", "benchmark");
      Files.createDirectories(out);
      Files.writeString(out.resolve("results.md"), header + table);
      OUT.println("written: " + out.resolve("results.md"));
    }

    record Result(double rate, long[] latencies, long errors, long non2xx) {
      String[] row(String name) {
        return new String[] {
          name,
          String.format(Locale.ROOT, "%.0f req/s", rate),
          ms(percentile(latencies, 50)),
          ms(percentile(latencies, 95)),
          ms(percentile(latencies, 99)),
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
    private Result closedLoop(String path, String body, int connections)
        throws InterruptedException {
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
        int id = c;
        clients.submit(
            () -> {
              while (running.get()) {
                long t0 = System.nanoTime();
                try {
                  int status = client.post(path, body).statusCode();
                  if (measuring.get()) {
                    if (status / 100 != 2) {
                      non2xx.incrementAndGet();
                    }
                    if (counts[id] < latencies.length) {
                      latencies[counts[id]++] = System.nanoTime() - t0;
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
     * whatever the answers before it, while the workers process them. Reports the POST latencies
     * and the backlog at the end: if processing keeps up, the backlog stays small.
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
                if (client.post("api/tasks", task(0)).statusCode() != 202) {
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
        ms(percentile(latencies, 50)),
        ms(percentile(latencies, 95)),
        ms(percentile(latencies, 99)),
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
                  int status = client.post("api/tasks", task(0)).statusCode();
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

    /** The queue's depth; 0 while no broker answers. */
    private long queueDepth() throws IOException, InterruptedException {
      return Objects.requireNonNullElse(client.stats().depth(), 0L);
    }

    private long completed() throws IOException, InterruptedException {
      return client.stats().count("COMPLETED");
    }

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

    private static String ms(long nanos) {
      return nanos < 0 ? "–" : String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
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
      ERR.println("[benchmark] " + line);
    }
  }

  // --- memory: peak RSS from /proc, heap in use from one streaming jstat per JVM -------------

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

  // --- shared: the command line, the server, JSON, percentiles, tables ----------------------

  /** The command line: options anywhere (each removed once read), then the words left. */
  static final class Args {
    private final List<String> words;

    Args(String[] args) {
      words = new ArrayList<>(Arrays.asList(args));
    }

    String option(String name, String fallback) {
      int i = words.indexOf(name);
      if (i < 0 || i + 1 >= words.size()) {
        return fallback;
      }
      String value = words.get(i + 1);
      words.remove(i + 1);
      words.remove(i);
      return value;
    }

    int number(String name, int fallback) {
      return Integer.parseInt(option(name, Integer.toString(fallback)));
    }

    boolean flag(String name) {
      return words.remove(name);
    }

    /** The word at {@code index} of those left once the options were read; "" if none. */
    String word(int index) {
      return words.size() > index ? words.get(index) : "";
    }

    int count(int index, int fallback) {
      return words.size() > index ? Integer.parseInt(words.get(index)) : fallback;
    }
  }

  /** Offload's API: HTTP/1.1, every request signed in (HTTP Basic) and given 60 s. */
  static final class Client {
    final URI base;

    /** "Basic ..." for --user name:password (or OFFLOAD_USER), sent with every request. */
    private final String authorization;

    private final HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Client(String url, String user) {
      base = URI.create(url.endsWith("/") ? url : url + "/");
      authorization =
          user == null || user.isBlank()
              ? null
              : "Basic "
                  + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
      return http.send(
          request(path)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    String get(String path) throws IOException, InterruptedException {
      return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    Stats stats() throws IOException, InterruptedException {
      return Stats.of(json(get("api/stats")));
    }

    private HttpRequest.Builder request(String path) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
      return authorization == null ? request : request.header("Authorization", authorization);
    }
  }

  /**
   * What /api/stats tells: tasks by status, and the broker's figures (queue depth, consumers, dead
   * letters), null while no broker answers.
   */
  record Stats(JsonObject tasks, Long depth, Long consumers, Long deadLetters) {
    static Stats of(JsonObject json) {
      JsonObject queue = object(json, "queue");
      return new Stats(
          object(json, "tasks"),
          number(queue, "depth"),
          number(queue, "consumers"),
          number(object(json, "deadLetter"), "depth"));
    }

    /** How many tasks have {@code status}: 0 if none has, or if there are no counts. */
    long count(String status) {
      return Objects.requireNonNullElse(number(tasks, status), 0L);
    }
  }

  /** One factory for every read: {@code Json.createReader} looks the JSON provider up each time. */
  private static final JsonReaderFactory JSON = Json.createReaderFactory(Map.of());

  /** An answer that must be a JSON object: members are read by name, in whatever order. */
  static JsonObject json(String text) {
    try (JsonReader reader = JSON.createReader(new StringReader(text))) {
      return reader.readObject();
    } catch (JsonException e) {
      throw new IllegalStateException("not a JSON object: " + text, e);
    }
  }

  /** The member {@code name} if it is an object; null if absent, JSON null or not an object. */
  static JsonObject object(JsonObject json, String name) {
    return json != null && json.get(name) instanceof JsonObject member ? member : null;
  }

  /** The member {@code name} if it is a number; null if absent, JSON null or not a number. */
  static Long number(JsonObject json, String name) {
    return json != null && json.get(name) instanceof JsonNumber member ? member.longValue() : null;
  }

  static String string(JsonObject json, String name) {
    JsonValue member = json.get(name);
    if (member instanceof JsonString text) {
      return text.getString();
    }
    throw new IllegalStateException("no " + name + " in " + json);
  }

  /** The nearest-rank percentile {@code p} of {@code sorted}; -1 if it is empty. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(i, sorted.length - 1))];
  }

  /**
   * A column of a Markdown table: its heading, and the width its cells are padded to, or 0 to leave
   * them as they are and show the alignment in the rule under the headings instead.
   */
  record Column(String heading, int width, boolean right) {
    String cell(String text) {
      return width == 0 ? text : String.format("%" + (right ? "" : "-") + width + "s", text);
    }

    String rule() {
      return width > 0 ? "-".repeat(width + 2) : right ? "---:" : "---";
    }
  }

  static String table(List<Column> columns, List<String[]> rows) {
    StringBuilder out = new StringBuilder();
    out.append(row(columns, columns.stream().map(Column::heading).toArray(String[]::new)));
    out.append("\n|");
    columns.forEach(c -> out.append(c.rule()).append('|'));
    out.append('\n');
    rows.forEach(r -> out.append(row(columns, r)).append('\n'));
    return out.toString();
  }

  static String row(List<Column> columns, String[] cells) {
    StringBuilder out = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      out.append(' ').append(columns.get(i).cell(cells[i])).append(" |");
    }
    return out.toString();
  }
}
