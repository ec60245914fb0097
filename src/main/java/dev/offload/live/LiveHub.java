package dev.offload.live;

import dev.offload.tasks.entity.LiveEvent;
import dev.offload.tasks.entity.TaskStatus;
import dev.offload.tasks.entity.Transition;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This server's live clients: event streams and long polls, each with what it is waiting for. A
 * transition or progress report heard on the topic goes to every client it concerns (long polls
 * wait for transitions only).
 */
@ApplicationScoped
public class LiveHub {

  /** Idle streams get a comment this often, so a client that went away is noticed and dropped. */
  private static final long HEARTBEAT_SECONDS = 15;

  private static final int LATEST_KEPT = 10_000;

  private static final Logger LOG = Logger.getLogger(LiveHub.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;

  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<Consumer<Transition>>> waiters = new ConcurrentHashMap<>();

  /**
   * The latest transition heard of each unfinished task, the most recent few thousand. An attempt's
   * start is announced before it is written, so a client that starts following a task reads the
   * task from the database and then gets from here what it may have missed.
   */
  private final Map<String, Transition> latest =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Transition> eldest) {
              return size() > LATEST_KEPT;
            }
          });

  private ScheduledFuture<?> heartbeat;

  @PostConstruct
  void startHeartbeat() {
    heartbeat =
        scheduler.scheduleAtFixedRate(
            this::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    heartbeat.cancel(false);
    streams.forEach(s -> s.outlet.close());
  }

  /** Streams every event {@code wanted} selects to {@code sink}, as it is heard. */
  public void stream(SseEventSink sink, Sse sse, Predicate<LiveEvent> wanted) {
    stream(new SseOutlet(sink, sse), wanted);
  }

  /** Sends every event {@code wanted} selects to {@code outlet}, as it is heard. */
  public void stream(Outlet outlet, Predicate<LiveEvent> wanted) {
    open(new Stream(outlet, wanted, false), null);
  }

  /**
   * Streams one task's transitions and progress to {@code sink}, starting with its {@code current}
   * status and never going back to an older revision; the stream ends after a final status.
   */
  public void follow(String taskId, SseEventSink sink, Sse sse, Supplier<Transition> current) {
    follow(taskId, new SseOutlet(sink, sse), current);
  }

  /**
   * Follows one task as {@link #follow(String, SseEventSink, Sse, Supplier)} does, to any outlet.
   */
  public void follow(String taskId, Outlet outlet, Supplier<Transition> current) {
    open(new Stream(outlet, t -> t.taskId().equals(taskId), true), current);
  }

  private void open(Stream stream, Supplier<Transition> first) {
    // Registered before the current status is read, so no transition falls in between.
    streams.add(stream);
    Transition current = first == null ? null : first.get();
    if (current != null) {
      stream.sendCurrent(current);
      Transition heard = latest.get(current.taskId());
      if (heard != null && heard.revision() > current.revision()) {
        stream.send(heard);
      }
    } else {
      // Sent now, so the client knows it is subscribed before any event comes.
      stream.subscribed();
    }
  }

  /**
   * Calls {@code arrived} once with the first transition of {@code taskId} into one of {@code
   * statuses}; returns the handle that cancels the wait.
   */
  public Runnable await(String taskId, Set<TaskStatus> statuses, Consumer<Transition> arrived) {
    Consumer<Transition> waiter =
        new Consumer<>() {
          @Override
          public void accept(Transition t) {
            if (statuses.contains(t.status()) && remove(taskId, this)) {
              arrived.accept(t);
            }
          }
        };
    waiters.computeIfAbsent(taskId, id -> ConcurrentHashMap.newKeySet()).add(waiter);
    return () -> remove(taskId, waiter);
  }

  /** Passes an event to every stream (and, for a transition, every waiter) it concerns. */
  void deliver(LiveEvent event) {
    if (event instanceof Transition transition) {
      remember(transition);
    }
    streams.forEach(
        s -> {
          if (s.wanted.test(event)) {
            isolated(() -> s.send(event), event);
          }
        });
  }

  /** Keeps a task's newest transition for followers to come, and answers its waiters. */
  private void remember(Transition transition) {
    if (transition.isFinal()) {
      latest.remove(transition.taskId());
    } else {
      // Servers publish on their own: an older transition (the API server's QUEUED) can arrive
      // after a newer one (a worker's PROCESSING). Keep the newest by revision.
      latest.merge(
          transition.taskId(),
          transition,
          (kept, heard) -> heard.revision() >= kept.revision() ? heard : kept);
    }
    Set<Consumer<Transition>> waiting = waiters.get(transition.taskId());
    if (waiting != null) {
      waiting.forEach(w -> isolated(() -> w.accept(transition), transition));
    }
  }

  /** One client's failure is its own: the others still hear of the transition. */
  private static void isolated(Runnable delivery, LiveEvent event) {
    try {
      delivery.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a live client failed on " + event, e);
    }
  }

  private boolean remove(String taskId, Consumer<Transition> waiter) {
    Set<Consumer<Transition>> waiting = waiters.get(taskId);
    if (waiting == null || !waiting.remove(waiter)) {
      return false;
    }
    waiters.computeIfPresent(taskId, (id, set) -> set.isEmpty() ? null : set);
    return true;
  }

  private void beat() {
    streams.forEach(Stream::beat);
  }

  private final class Stream {
    final Outlet outlet;
    final Predicate<LiveEvent> wanted;
    final boolean oneTask;

    /** A one-task stream sends nothing older than this revision, nor the same one twice. */
    private long floor = Long.MIN_VALUE;

    private Transition last;

    Stream(Outlet outlet, Predicate<LiveEvent> wanted, boolean oneTask) {
      this.outlet = outlet;
      this.wanted = wanted;
      this.oneTask = oneTask;
    }

    synchronized void sendCurrent(Transition current) {
      if (send(current)) {
        // The current status already shows every transition written at its revision.
        floor = current.revision() + 1;
      }
    }

    synchronized boolean send(Transition transition) {
      if (oneTask) {
        if (transition.revision() < floor || transition.equals(last)) {
          return false;
        }
        floor = transition.revision();
        last = transition;
      }
      write(
          () ->
              outlet.event(
                  "transition",
                  transition.taskId() + "/" + transition.revision(),
                  LiveJson.of(transition)));
      if (oneTask && transition.isFinal()) {
        end();
      }
      return true;
    }

    synchronized void send(LiveEvent event) {
      if (event instanceof Transition transition) {
        send(transition);
      } else {
        write(() -> outlet.event("progress", null, LiveJson.of(event)));
      }
    }

    synchronized void subscribed() {
      write(outlet::subscribed);
    }

    synchronized void beat() {
      write(outlet::heartbeat);
    }

    private void write(Supplier<CompletionStage<?>> send) {
      if (outlet.isClosed()) {
        streams.remove(this);
        return;
      }
      send.get()
          .whenComplete(
              (ok, failed) -> {
                if (failed != null) {
                  end();
                }
              });
    }

    private void end() {
      streams.remove(this);
      outlet.close();
    }
  }
}
