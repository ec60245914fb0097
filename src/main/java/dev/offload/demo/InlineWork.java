package dev.offload.demo;

import dev.offload.handlers.TaskContext;
import dev.offload.handlers.TaskHandler;
import dev.offload.handlers.TaskHandlers;
import dev.offload.submission.SubmissionRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * Runs a task's handler right away, in the caller's thread and in one transaction, as a service
 * without a queue would: the client waits for the work, and a failure is the client's problem.
 */
@ApplicationScoped
public class InlineWork {

  @Inject TaskHandlers handlers;
  @jakarta.annotation.Resource TransactionSynchronizationRegistry transactions;

  /** The handler's result, or the exception it failed with (returned, the work rolled back). */
  public record Outcome(String taskId, JsonValue result, Exception failure) {}

  @Transactional
  public Outcome run(SubmissionRequest request) {
    String id = UUID.randomUUID().toString();
    TaskHandler handler = handlers.forType(request.type()).orElseThrow();
    try {
      JsonValue result =
          handler.handle(
              new TaskContext(id, request.type(), 1, request.maxAttempts(), request.payload()));
      return new Outcome(id, result == null ? JsonValue.NULL : result, null);
    } catch (Exception failure) {
      // Returned rather than thrown, so an expected failure is not an incident in Liberty's log.
      transactions.setRollbackOnly();
      return new Outcome(id, null, failure);
    }
  }
}
