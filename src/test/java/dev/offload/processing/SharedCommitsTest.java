package dev.offload.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who leads, who waits and for how long, without a server: deliveries on real threads. */
class SharedCommitsTest {

  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  private static SharedCommits.Member member(String taskId) {
    return new SharedCommits.Member(
        new Delivery(taskId, "quick", 1, Duration.ofMinutes(1)), Context.root());
  }

  /**
   * Delivers on a thread of its own and returns once that thread is blocked: leading (in {@code
   * lead}, held back) or waiting for a batch.
   */
  private Future<SharedCommits.Member> deliver(
      SharedCommits shared,
      String taskId,
      BiConsumer<SharedCommits.Batch, List<SharedCommits.Member>> lead) {
    AtomicReference<Thread> thread = new AtomicReference<>();
    Future<SharedCommits.Member> done =
        threads.submit(
            () -> {
              thread.set(Thread.currentThread());
              return shared.await(member(taskId), lead);
            });
    await()
        .until(
            () ->
                thread.get() != null
                    && (thread.get().getState() == Thread.State.WAITING
                        || thread.get().getState() == Thread.State.TIMED_WAITING));
    return done;
  }

  /** A leader that settles every member of its batch, once {@code go} opens, and records it. */
  private static BiConsumer<SharedCommits.Batch, List<SharedCommits.Member>> settling(
      CountDownLatch go, List<List<String>> batches, List<Boolean> commits) {
    return (batch, members) -> {
      try {
        go.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      batches.add(members.stream().map(m -> m.delivery.taskId()).toList());
      boolean committed = batch.commit();
      commits.add(committed);
      members.forEach(m -> m.settle(false));
    };
  }

  @Test
  void deliveriesThatArriveWhileOneIsProcessedShareTheNextBatchInOrder() throws Exception {
    SharedCommits shared = new SharedCommits(1, 32, Duration.ofMillis(5), Duration.ofSeconds(10));
    CountDownLatch go = new CountDownLatch(1);
    List<List<String>> batches = new CopyOnWriteArrayList<>();
    List<Boolean> commits = new CopyOnWriteArrayList<>();
    var lead = settling(go, batches, commits);

    Future<SharedCommits.Member> first = deliver(shared, "a", lead);
    Future<SharedCommits.Member> second = deliver(shared, "b", lead);
    Future<SharedCommits.Member> third = deliver(shared, "c", lead);
    go.countDown();

    for (Future<SharedCommits.Member> f : List.of(first, second, third)) {
      SharedCommits.Member done = f.get(10, TimeUnit.SECONDS);
      assertThat(done.alone()).isFalse();
      assertThat(done.failed()).isFalse();
    }
    assertThat(batches).containsExactly(List.of("a"), List.of("b", "c"));
    assertThat(commits).containsExactly(true, true);
  }

  @Test
  void aDeliveryNoBatchTakesInTimeRunsAlone() throws Exception {
    SharedCommits shared = new SharedCommits(1, 32, Duration.ofMillis(5), Duration.ofSeconds(1));
    CountDownLatch go = new CountDownLatch(1);
    var lead = settling(go, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());

    Future<SharedCommits.Member> first = deliver(shared, "a", lead);
    SharedCommits.Member second = deliver(shared, "b", lead).get(10, TimeUnit.SECONDS);

    assertThat(second.alone()).as("waited its time behind a slow leader, then runs alone").isTrue();
    go.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).alone()).isFalse();
  }

  @Test
  void aMemberWhoseBatchTakesTooLongReleasesItAndTheBatchCommitsNothing() throws Exception {
    SharedCommits shared = new SharedCommits(1, 32, Duration.ofMillis(5), Duration.ofSeconds(1));
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch slowHandlerRunning = new CountDownLatch(1);
    CompletableFuture<Boolean> committed = new CompletableFuture<>();
    List<SharedCommits.Member> ledBySecond = new CopyOnWriteArrayList<>();
    BiConsumer<SharedCommits.Batch, List<SharedCommits.Member>> lead =
        (batch, members) -> {
          if (members.size() == 1 && members.get(0).delivery.taskId().equals("a")) {
            try {
              go.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            members.get(0).settle(false);
            return;
          }
          // The batch of b and c: a handler that turns out slow, then the commit.
          ledBySecond.addAll(members);
          slowHandlerRunning.countDown();
          await().atMost(Duration.ofSeconds(10)).until(() -> !batch.running());
          committed.complete(batch.commit());
          members.stream().filter(m -> !m.decided()).forEach(SharedCommits.Member::runAlone);
        };

    Future<SharedCommits.Member> first = deliver(shared, "a", lead);
    Future<SharedCommits.Member> second = deliver(shared, "b", lead);
    Future<SharedCommits.Member> third = deliver(shared, "c", lead);
    go.countDown();
    assertThat(slowHandlerRunning.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(committed.get(10, TimeUnit.SECONDS)).as("the released batch commits").isFalse();
    assertThat(second.get(10, TimeUnit.SECONDS).alone()).isTrue();
    assertThat(third.get(10, TimeUnit.SECONDS).alone()).isTrue();
    assertThat(first.get(10, TimeUnit.SECONDS).alone()).isFalse();
    assertThat(ledBySecond).hasSize(2);
  }

  @Test
  void whatALeaderLeavesOutStartsTheNextBatch() throws Exception {
    SharedCommits shared = new SharedCommits(1, 32, Duration.ofMillis(5), Duration.ofSeconds(10));
    CountDownLatch go = new CountDownLatch(1);
    List<List<String>> batches = new CopyOnWriteArrayList<>();
    BiConsumer<SharedCommits.Batch, List<SharedCommits.Member>> lead =
        (batch, members) -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          batches.add(members.stream().map(m -> m.delivery.taskId()).toList());
          // Its budget spent after the first: the others wait for the next batch.
          members.get(0).settle(false);
        };

    Future<SharedCommits.Member> first = deliver(shared, "a", lead);
    Future<SharedCommits.Member> second = deliver(shared, "b", lead);
    Future<SharedCommits.Member> third = deliver(shared, "c", lead);
    go.countDown();

    for (Future<SharedCommits.Member> f : List.of(first, second, third)) {
      assertThat(f.get(10, TimeUnit.SECONDS).alone()).isFalse();
    }
    assertThat(batches).containsExactly(List.of("a"), List.of("b", "c"), List.of("c"));
  }

  @Test
  void aTypeJoinsBatchesOnlyWhileItsHandlersAreQuick() {
    SharedCommits shared = new SharedCommits(2, 32, Duration.ofMillis(5), Duration.ofSeconds(1));
    assertThat(shared.quick("new")).as("never seen").isFalse();

    shared.ran("report", TimeUnit.MILLISECONDS.toNanos(1));
    assertThat(shared.quick("report")).isTrue();
    assertThat(shared.mayJoin("report", TimeUnit.MILLISECONDS.toNanos(4))).isTrue();
    assertThat(shared.mayJoin("report", TimeUnit.MILLISECONDS.toNanos(5)))
        .as("the batch's budget spent")
        .isFalse();

    shared.ran("report", TimeUnit.SECONDS.toNanos(2));
    assertThat(shared.quick("report")).as("after a slow run").isFalse();
  }
}
