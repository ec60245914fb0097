package dev.offload.submission;

import dev.offload.platform.Batches;
import dev.offload.tasks.control.TracedTask;
import dev.offload.tasks.entity.Task;
import dev.offload.tracing.TaskTracing;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Group commit: submissions that arrive while a commit is under way wait for the next one, and each
 * commit stores and enqueues all of them in one two-phase transaction. The durable cost of a commit
 * (the broker's journal, the database, the transaction log) is paid once per batch instead of once
 * per task, and no client hears 202 before its task has committed.
 */
@ApplicationScoped
public class GroupCommit {

  @Inject
  @ConfigProperty(name = "offload.submission.batch-max", defaultValue = "256")
  int batchMax;

  /** Commits under way at once: while one is in its two-phase commit, the next batch forms. */
  @Inject
  @ConfigProperty(name = "offload.submission.committers", defaultValue = "4")
  int committers;

  @Inject SubmissionTransaction submission;
  @Inject TaskTracing tracing;
  @Resource ManagedThreadFactory threads;

  private record Pending(TracedTask traced, CompletableFuture<Task> accepted) {}

  private Batches<Pending> waiting;

  @PostConstruct
  void start() {
    waiting =
        new Batches<>(
            threads, "offload-group-commit", committers, Integer.MAX_VALUE, batchMax, this::commit);
  }

  @PreDestroy
  void stop() {
    waiting
        .close()
        .forEach(
            p ->
                p.accepted.completeExceptionally(
                    new IllegalStateException("the server is stopping; nothing was written")));
  }

  /** Completes with the task once it is stored and queued, or fails if it was not. */
  public CompletionStage<Task> submit(Task task) {
    CompletableFuture<Task> accepted = new CompletableFuture<>();
    if (!waiting.offer(new Pending(new TracedTask(task, tracing.capture()), accepted))) {
      // The queue has no bound, so only a stopping server refuses; the client must not wait
      // forever.
      accepted.completeExceptionally(
          new IllegalStateException("the server is stopping; nothing was written"));
    }
    return accepted;
  }

  private void commit(List<Pending> batch) {
    try {
      submission.submitAll(batch.stream().map(Pending::traced).toList());
      batch.forEach(p -> p.accepted.complete(p.traced.task()));
    } catch (RuntimeException failed) {
      Map<String, Task> stored =
          submission.committedDespite(batch.stream().map(p -> p.traced.task()).toList(), failed);
      for (Pending p : batch) {
        Task task = stored.get(p.traced.task().getId());
        if (task != null) {
          p.accepted.complete(task);
        } else {
          p.accepted.completeExceptionally(failed);
        }
      }
    }
  }
}
