package dev.offload.handlers.example;

import dev.offload.handlers.PermanentFailure;
import dev.offload.handlers.RetryLater;
import dev.offload.handlers.TaskContext;
import dev.offload.handlers.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Set;

/**
 * An example to copy: a handler for a task type {@code report} that builds a report in parts and
 * uploads it. It shows each part of the contract (see "Writing a handler" in the README): checking
 * the payload at submission, reporting progress, stopping when cancelled, failing for good or
 * asking to be retried later, and keying the outside effect by the task so that a repeated attempt
 * does not upload twice. It lives in the tests, so Offload itself does not ship it.
 */
@ApplicationScoped
public class ReportHandler implements TaskHandler {

  static final Set<String> REPORTS = Set.of("sales", "stock");

  /** Where finished reports go: an outside service, so not part of the attempt's transaction. */
  @Inject ReportStore store;

  @Override
  public String type() {
    return "report";
  }

  /** Runs when the task is submitted: an exception here is a 400, and nothing is stored. */
  @Override
  public void validate(JsonObject payload) {
    String name = payload.getString("report", null);
    if (name == null || !REPORTS.contains(name)) {
      throw new IllegalArgumentException("\"report\" must be one of " + REPORTS);
    }
    int parts = payload.getInt("parts", 10);
    if (parts < 1 || parts > 100) {
      throw new IllegalArgumentException("\"parts\" must be from 1 to 100");
    }
  }

  @Override
  public JsonValue handle(TaskContext task) throws InterruptedException {
    String name = task.payload().getString("report");
    int parts = task.payload().getInt("parts", 10);
    if (!store.accepts(name)) {
      // Trying again cannot help: straight to FAILED, whatever attempts are left.
      throw new PermanentFailure("the store no longer takes '" + name + "' reports");
    }
    StringBuilder report = new StringBuilder();
    for (int part = 1; part <= parts; part++) {
      if (task.cancelled()) {
        // The task was cancelled: nothing of this attempt will commit, so stop working.
        throw new InterruptedException("cancelled at part " + part);
      }
      report.append(name).append(" part ").append(part).append('\n'); // the real work
      task.progress(part * 100 / parts, "part " + part + " of " + parts);
    }
    if (store.isBusy()) {
      // The store said when to come back; the next attempt waits at least that long.
      throw new RetryLater(Duration.ofSeconds(30), "the report store is busy");
    }
    // Keyed by the task: a repeated attempt (after a crash, a timeout) replaces, not duplicates.
    String location = store.upload(task.taskId(), report.toString());
    return Json.createObjectBuilder().add("location", location).add("parts", parts).build();
  }
}
