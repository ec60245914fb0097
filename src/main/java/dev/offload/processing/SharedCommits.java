package dev.offload.processing;

import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Lets the attempts of concurrent deliveries share one database transaction, so a commit (half of a
 * quick task's cost) is paid once per batch. There is no background thread: a delivery's own thread
 * that finds a leader's place free leads, runs the waiting attempts one after the other in its
 * transaction and commits once, while their threads wait for the outcome and then return, so the
 * broker hears of each only after its commit. A delivery that arrives alone runs alone at once.
 *
 * <p>Only attempts of task types whose handlers have recently been quick share a transaction, until
 * a small budget of handler time is spent; the others run alone on their own threads, as many at
 * once as there are sessions. A handler slower than its type's recent ones can hold up the others
 * of its batch only for a moment: after {@code maxWait} they release the batch and run alone.
 */
final class SharedCommits {

  /**
   * The members one leader has taken. A member that waited too long releases it; the leader then
   * commits nothing of it, and whoever has no outcome yet runs alone.
   */
  static final class Batch {
    private static final int RUNNING = 0;
    private static final int COMMITTING = 1;
    private static final int RELEASED = 2;

    private final AtomicInteger state = new AtomicInteger(RUNNING);

    /** Whether the batch still runs: false once a member has released it. */
    boolean running() {
      return state.get() == RUNNING;
    }

    /** Called by the leader just before its commit: false when a member has released the batch. */
    boolean commit() {
      return state.compareAndSet(RUNNING, COMMITTING);
    }

    /** Releases the batch unless it is committing; true when it is released (by anyone). */
    private boolean release() {
      return state.compareAndSet(RUNNING, RELEASED) || state.get() == RELEASED;
    }
  }

  /** One delivery waiting for its outcome, and the trace it is processed in. */
  static final class Member {
    final Delivery delivery;
    final Context trace;
    // Guarded by the SharedCommits: the batch that has taken it, if any, and until when it waits.
    private Batch batch;
    private long deadline;
    private boolean alone;
    private int announced;
    private boolean failed;
    private RuntimeException refused;
    private volatile boolean decided; // written last: whoever sees it set sees the outcome

    Member(Delivery delivery, Context trace) {
      this.delivery = delivery;
      this.trace = trace;
    }

    /** Its attempt ran and committed ({@code failed = false}), or failed and is recorded. */
    void settle(boolean failed) {
      this.failed = failed;
      this.decided = true;
    }

    /** Processing it threw: its delivery must throw it too, so the broker redelivers it. */
    void refuse(RuntimeException refused) {
      this.refused = refused;
      this.decided = true;
    }

    /**
     * Its thread processes it alone: it could not share a transaction, or its batch rolled back.
     */
    void runAlone() {
      this.alone = true;
      this.decided = true;
    }

    /**
     * Its thread processes it alone, after its batch rolled back: attempt {@code announced} has
     * been announced already and runs again under the same number.
     */
    void runAloneAgain(int announced) {
      this.announced = announced;
      runAlone();
    }

    /** The attempt announced while it ran in a batch that rolled back; 0 for none. */
    int announced() {
      return announced;
    }

    boolean decided() {
      return decided;
    }

    boolean alone() {
      return alone;
    }

    /** Whether its attempt failed; throws what processing it threw. */
    boolean failed() {
      if (refused != null) {
        throw refused;
      }
      return failed;
    }
  }

  private final int leadersMax;
  private final int batchMax;
  private final long budgetNanos;
  private final long maxWaitNanos;
  private final Deque<Member> waiting = new ArrayDeque<>();
  private final Map<String, Long> recentNanosByType = new ConcurrentHashMap<>();
  private int leaders;

  /**
   * At most {@code leadersMax} batches at once, of at most {@code batchMax} attempts and {@code
   * budget} of handler time; a delivery not settled within {@code maxWait} (a handler before it
   * turned out slow) runs alone, and the batch that had taken it commits nothing.
   */
  SharedCommits(int leadersMax, int batchMax, Duration budget, Duration maxWait) {
    this.leadersMax = Math.max(1, leadersMax);
    this.batchMax = Math.max(1, batchMax);
    this.budgetNanos = budget.toNanos();
    this.maxWaitNanos = maxWait.toNanos();
  }

  /**
   * Waits until {@code me} is decided: settled by whichever thread led its batch (perhaps this
   * one), or handed back to run alone. While a leader's place is free, this thread takes the
   * waiting members and gives them to {@code lead}, which decides those it ran or cannot take and
   * leaves the rest, undecided, for the next batch.
   */
  Member await(Member me, BiConsumer<Batch, List<Member>> lead) {
    synchronized (this) {
      me.deadline = System.nanoTime() + maxWaitNanos;
      waiting.addLast(me);
    }
    boolean interrupted = false;
    try {
      while (true) {
        List<Member> batch;
        Batch taken;
        synchronized (this) {
          while (!me.decided && (leaders >= leadersMax || waiting.isEmpty())) {
            long left = me.deadline - System.nanoTime();
            if (left <= 0 && (me.batch == null || me.batch.release())) {
              // Not taken in time, or taken by a leader still running handlers: a handler slower
              // than its type's recent ones holds up nobody but its own delivery for long.
              waiting.remove(me);
              me.runAlone();
              return me;
            }
            try {
              if (left > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
              } else {
                wait(); // its batch is committing: its leader tells
              }
            } catch (InterruptedException e) {
              // Its delivery may be in a batch already: it waits for the outcome all the same.
              interrupted = true;
            }
          }
          if (me.decided) {
            return me;
          }
          // Only a leader builds a batch: a follower's wait allocates nothing.
          leaders++;
          batch = new ArrayList<>();
          taken = new Batch();
          long deadline = System.nanoTime() + maxWaitNanos;
          while (batch.size() < batchMax && !waiting.isEmpty()) {
            Member m = waiting.pollFirst();
            m.batch = taken;
            m.deadline = deadline;
            batch.add(m);
          }
        }
        boolean led = false;
        // Others' handlers must not inherit an interrupt this thread arrived with.
        boolean wasInterrupted = Thread.interrupted();
        try {
          lead.accept(taken, batch);
          led = true;
        } finally {
          if (wasInterrupted) {
            interrupted = true;
          }
          synchronized (this) {
            leaders--;
            for (int i = batch.size() - 1; i >= 0; i--) {
              Member m = batch.get(i);
              if (!m.decided) {
                if (led) {
                  m.batch = null;
                  waiting.addFirst(m); // the next batch starts with it
                } else {
                  m.runAlone();
                }
              }
            }
            notifyAll();
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether attempts of this type have recently been quick enough to share a transaction. */
  boolean quick(String type) {
    Long recent = type == null ? null : recentNanosByType.get(type);
    return recent != null && recent < budgetNanos;
  }

  /** Whether an attempt of this type may join a batch that has spent {@code spentNanos} already. */
  boolean mayJoin(String type, long spentNanos) {
    return spentNanos < budgetNanos && quick(type);
  }

  /**
   * Remembers how long a handler of this type ran, which tells whether its next may join a batch.
   */
  void ran(String type, long nanos) {
    // A moving average: one slow run among quick ones does not keep a type out for long.
    recentNanosByType.merge(type, nanos, (before, now) -> (3 * before + now) / 4);
  }
}
