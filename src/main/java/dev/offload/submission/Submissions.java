package dev.offload.submission;

import dev.offload.tasks.control.TaskQueries;
import dev.offload.tasks.entity.Task;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Accepts a submission at most once per idempotency key. A repeat of the same request answers with
 * the task it created; the same key with a different request is a conflict. Concurrent repeats race
 * on the database's unique key and the losers answer like a repeat.
 */
@ApplicationScoped
public class Submissions {

  @Inject SubmissionTransaction submission;
  @Inject TaskQueries queries;
  @Inject Backpressure backpressure;
  @Inject RateLimits rateLimits;
  @Inject GroupCommit groupCommit;

  /** The task and whether this request created it (false: a repeat of an earlier one). */
  public record Accepted(Task task, boolean created) {}

  /**
   * Accepts a submission of {@code owner} (the signed-in account). Without a key it joins the next
   * group commit; with one it commits on its own, since a repeat must be told from a conflict by
   * the key's unique constraint.
   */
  public CompletionStage<Accepted> accept(
      SubmissionRequest request, String owner, Optional<IdempotencyKey> key) {
    if (key.isEmpty()) {
      rateLimits.check(owner);
      backpressure.check();
      return groupCommit
          .submit(submission.taskFor(request, owner, null))
          .thenApply(t -> new Accepted(t, true));
    }
    // A repeat writes nothing, so neither the rate limit nor the backlog holds it up.
    Optional<Task> earlier = queries.findByIdempotencyKey(key.get().value());
    if (earlier.isPresent()) {
      return CompletableFuture.completedFuture(repeat(earlier.get(), request));
    }
    rateLimits.check(owner);
    backpressure.check();
    Task task = submission.taskFor(request, owner, key.get());
    try {
      return CompletableFuture.completedFuture(new Accepted(submission.submit(task), true));
    } catch (RuntimeException failed) {
      return CompletableFuture.completedFuture(outcomeOf(task, request, key, failed));
    }
  }

  private Accepted outcomeOf(
      Task task, SubmissionRequest request, Optional<IdempotencyKey> key, RuntimeException failed) {
    Task stored = submission.committedDespite(List.of(task), failed).get(task.getId());
    if (stored != null) {
      return new Accepted(stored, true);
    }
    // Lost the race to a concurrent request with the same key (unique constraint or the broker's
    // duplicate id): answer like a repeat. Anything else is the failure it was.
    return key.flatMap(k -> queries.findByIdempotencyKey(k.value()))
        .map(winner -> repeat(winner, request))
        .orElseThrow(() -> failed);
  }

  private static Accepted repeat(Task earlier, SubmissionRequest request) {
    if (!request.requestHash().equals(earlier.getRequestHash())) {
      throw new KeyReused(earlier.getId());
    }
    return new Accepted(earlier, false);
  }
}
