package dev.offload.tasks.entity;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ConstraintMode;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.ForeignKey;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Lob;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A unit of background work and its life cycle. Every change of status goes through one of the
 * transition methods, which refuse a move the state machine ({@link Move}) does not allow.
 */
@Entity
@EntityListeners(TransitionListener.class)
@Table(
    name = "OFFLOAD_TASKS",
    indexes = {
      @Index(name = "OFFLOAD_TASKS_CREATED", columnList = "CREATED_AT, ID"),
      @Index(name = "OFFLOAD_TASKS_STATUS", columnList = "STATUS"),
      // A submitter's lists and counts read only its own tasks.
      @Index(name = "OFFLOAD_TASKS_OWNER", columnList = "OWNER, CREATED_AT, ID")
    })
public class Task {

  public static final int MAX_ERROR_LENGTH = 2000;
  public static final int DEFAULT_PRIORITY = 4;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  /** The longest an attempt may be given to run. */
  public static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  @Id
  @Column(name = "ID", length = 36)
  private String id;

  @Column(name = "TASK_TYPE", nullable = false, length = 100)
  private String type;

  /**
   * The account that submitted the task. Nullable only for tasks stored before owners were
   * recorded, which only viewers and operators see.
   */
  @Column(name = "OWNER", length = 200)
  private String owner;

  @Enumerated(EnumType.STRING)
  @Column(name = "STATUS", nullable = false, length = 16)
  private TaskStatus status;

  @Column(name = "ATTEMPTS", nullable = false)
  private int attempts;

  @Column(name = "MAX_ATTEMPTS", nullable = false)
  private int maxAttempts;

  @Lob
  @Column(name = "PAYLOAD_JSON", nullable = false)
  private String payload;

  @Lob
  @Column(name = "RESULT_JSON")
  private String result;

  @Column(name = "LAST_ERROR", length = MAX_ERROR_LENGTH)
  private String lastError;

  @Column(name = "CREATED_AT", nullable = false)
  private Instant createdAt;

  @Column(name = "STARTED_AT")
  private Instant startedAt;

  @Column(name = "FINISHED_AT")
  private Instant finishedAt;

  @Column(name = "PROCESSED_BY", length = 200)
  private String processedBy;

  /** JMS priority of the task's messages, 0 (lowest) to 9. */
  @Column(name = "PRIORITY", nullable = false)
  private int priority;

  /** How long one attempt may run before it is abandoned and counted as failed. */
  @Column(name = "TIMEOUT_MS", nullable = false)
  private long timeoutMillis;

  /** When the task is due; null for as soon as possible. */
  @Column(name = "RUN_AT")
  private Instant runAt;

  /**
   * Unique: concurrent submissions with one key race here, not in a check-then-insert. Declared on
   * the column so the constraint is part of CREATE TABLE and not re-added at every start.
   */
  @Column(name = "IDEMPOTENCY_KEY", length = 400, unique = true)
  private String idempotencyKey;

  @Column(name = "REQUEST_HASH", length = 64)
  private String requestHash;

  /** Attempts made before the current run; an operator's retry starts a fresh budget here. */
  @Column(name = "ATTEMPTS_BEFORE_RUN", nullable = false)
  private int attemptsBeforeRun;

  // Lazy: lists of tasks show no history, so a page of them is one query, not one per task.
  @ElementCollection(fetch = FetchType.LAZY)
  // The schema is the migrations' (db/migration), not generated from these annotations: the foreign
  // key that cascades a task's deletion to its events is declared there (V2), not here.
  // Indexed: every read of a task loads its history by TASK_ID, and without the index each one
  // scanned the whole table (JFR: 60 % of the API server's samples, growing with the table).
  @CollectionTable(
      name = "OFFLOAD_TASK_EVENTS",
      joinColumns = @JoinColumn(name = "TASK_ID"),
      foreignKey = @ForeignKey(ConstraintMode.NO_CONSTRAINT),
      indexes = @Index(name = "OFFLOAD_TASK_EVENTS_TASK", columnList = "TASK_ID"))
  // Every transition kept, ordered by the event's own number (its place in the list when it was
  // added): an @OrderColumn with a ring buffer of the last 50 renumbered every row of a long
  // history at each transition.
  @OrderBy("seq")
  private List<TaskEvent> history = new ArrayList<>();

  @Version
  @Column(name = "VERSION")
  private long version;

  /** The OpenTelemetry trace the task was submitted in, followed through the queue. */
  @Column(name = "TRACE_ID", length = 32)
  private String traceId;

  /**
   * The latest progress report of a running attempt: written with the attempt's completion, and by
   * its worker while it runs ({@code AttemptRecords.progress} in processing), in SQL that leaves
   * {@link #version} alone so that the attempt's own commit is not refused for it.
   */
  @Column(name = "PROGRESS_ATTEMPT")
  private Integer progressAttempt;

  @Column(name = "PROGRESS_PERCENT")
  private Integer progressPercent;

  @Column(name = "PROGRESS_MESSAGE", length = Progress.MAX_MESSAGE_LENGTH)
  private String progressMessage;

  @Column(name = "PROGRESS_AT")
  private Instant progressAt;

  /** Transitions made on this instance and not yet handed to live subscribers. */
  @Transient private List<TaskEvent> unpublished = new ArrayList<>();

  protected Task() {}

  private Task(TaskSpec spec, String owner, Instant now) {
    this.id = UUID.randomUUID().toString();
    this.type = spec.type();
    this.owner = Objects.requireNonNull(owner, "owner");
    this.payload = spec.payloadJson();
    this.maxAttempts = spec.maxAttempts();
    this.priority = spec.priority();
    this.timeoutMillis = spec.timeout().toMillis();
    this.runAt = spec.runAt() == null ? null : millis(spec.runAt());
    this.status =
        this.runAt != null && this.runAt.isAfter(now) ? TaskStatus.SCHEDULED : TaskStatus.QUEUED;
    this.createdAt = millis(now);
    record(createdAt, null);
  }

  /**
   * A newly accepted task of {@code owner} (the submitting account): {@code QUEUED}, or {@code
   * SCHEDULED} while its due time is to come.
   */
  public static Task accepted(TaskSpec spec, String owner, Instant now) {
    return new Task(spec, owner, now);
  }

  /**
   * Records the idempotency key the task was submitted under (unique among tasks) and the hash that
   * tells a repeat of the same request from a different one.
   */
  public Task underKey(String idempotencyKey, String requestHash) {
    if (this.idempotencyKey != null) {
      throw new IllegalStateException("task " + id + " already has an idempotency key");
    }
    this.idempotencyKey = idempotencyKey;
    this.requestHash = requestHash;
    return this;
  }

  /** How long the broker must hold the task's message from {@code now}: zero once it is due. */
  public Duration deliveryDelay(Instant now) {
    return runAt == null || !runAt.isAfter(now) ? Duration.ZERO : Duration.between(now, runAt);
  }

  /** The number of the first attempt of the current run: 1, or the next after an operator retry. */
  public int firstAttemptOfRun() {
    return attemptsBeforeRun + 1;
  }

  /** Whether attempt {@code number} is within the current run's budget of attempts. */
  public boolean allowsAttempt(int number) {
    return number <= attemptsBeforeRun + maxAttempts;
  }

  /** Whether a failure of attempt {@code number} spends the current run's budget. */
  public boolean isLastAttempt(int number) {
    return number >= attemptsBeforeRun + maxAttempts;
  }

  /**
   * Whether a message that starts attempt {@code number} comes too late: the task is final, or that
   * attempt's failure is already recorded (and the message of the next attempt sent). Such a
   * message is a stale copy, redelivered because its worker died before acknowledging it, and must
   * not run.
   */
  public boolean isPastAttempt(int number) {
    return status.isFinal() || number > 0 && status == TaskStatus.RETRYING && number <= attempts;
  }

  /**
   * Starts attempt {@code number}. Numbers may skip: a delivery whose worker died counted as an
   * attempt, so the broker's next delivery is a later one. A task found {@code PROCESSING} is one
   * whose previous attempt died with its worker; it starts again under the new number.
   */
  public void startAttempt(int number, String worker, Instant now) {
    TaskStatus next = Move.START_ATTEMPT.next(id, status);
    if (number <= attempts || !allowsAttempt(number)) {
      throw new IllegalTransitionException(
          id,
          status,
          "start attempt "
              + number
              + " after attempt "
              + attempts
              + " with a budget up to attempt "
              + (attemptsBeforeRun + maxAttempts));
    }
    attempts = number;
    status = next;
    processedBy = worker;
    if (startedAt == null) {
      startedAt = millis(now);
    }
    // Kept but not published: whoever runs an attempt announces its start as it begins, before
    // this.
    append(now, startDetail(worker));
  }

  static String startDetail(String worker) {
    return "on " + worker;
  }

  /** Keeps a progress report of the running attempt, unless a later one is kept already. */
  public void report(Progress progress) {
    if (status != TaskStatus.PROCESSING || progress.attempt() != attempts) {
      throw new IllegalTransitionException(
          id, status, "report progress of attempt " + progress.attempt());
    }
    // Later means a later attempt, or later within one: workers' clocks need not agree.
    if (progressAttempt == null
        || progressAttempt < progress.attempt()
        || progressAttempt == progress.attempt() && progressAt.isBefore(progress.at())) {
      progressAttempt = progress.attempt();
      progressPercent = progress.percent();
      progressMessage = progress.message();
      progressAt = progress.at();
    }
  }

  /** The latest progress report kept, or null when no attempt has reported any. */
  public Progress getProgress() {
    return progressAt == null
        ? null
        : new Progress(
            id, type, owner, progressAttempt, progressPercent, progressMessage, progressAt);
  }

  /** The running attempt succeeded with {@code resultJson}. */
  public void complete(String resultJson, Instant now) {
    status = Move.COMPLETE.next(id, status);
    result = resultJson;
    finishedAt = millis(now);
    record(now, null);
  }

  /** The running attempt failed; the broker decides when (or whether) the next one comes. */
  public void failAttempt(String error, Instant now) {
    status = Move.FAIL_ATTEMPT.next(id, status);
    lastError = truncate(error);
    record(now, lastError);
  }

  /** The task's message reached the dead-letter queue: no further attempt will run. */
  public void deadLetter(Instant now) {
    status = Move.DEAD_LETTER.next(id, status);
    finishedAt = millis(now);
    if (lastError == null) {
      lastError = "dead-lettered by the broker before any attempt finished";
    }
    record(now, "dead-lettered");
  }

  /**
   * An operator sends a failed task round again with a fresh budget of {@code maxAttempts}. Attempt
   * numbers go on counting, so {@code taskId} + attempt stays unique for handlers.
   */
  public void retry(String by, String reason, Instant now) {
    status = Move.RETRY.next(id, status);
    attemptsBeforeRun = attempts;
    finishedAt = null;
    record(now, "retried by " + by + (reason == null ? "" : ": " + reason));
  }

  /**
   * Cancels a task that has not finished. A message still to come is consumed without running; a
   * running attempt is stopped by its worker, and its transaction, which finds the task changed,
   * commits nothing.
   */
  public void cancel(String by, String reason, Instant now) {
    status = Move.CANCEL.next(id, status);
    finishedAt = millis(now);
    record(now, "cancelled by " + by + (reason == null ? "" : ": " + reason));
  }

  /** An operator gives a failed task up: it stays, for the record, but nothing will run. */
  public void discard(String by, String reason, Instant now) {
    status = Move.DISCARD.next(id, status);
    finishedAt = millis(now);
    record(now, "discarded by " + by + (reason == null ? "" : ": " + reason));
  }

  /**
   * The task as its log lines name it: {@code taskId=… type=… attempt=n/limit}, the limit being
   * where the current run's budget ends.
   */
  public String describe() {
    return describe(attempts);
  }

  /** The task as its log lines name it, at attempt {@code attempt}. */
  public String describe(int attempt) {
    return "taskId="
        + id
        + " type="
        + type
        + " attempt="
        + attempt
        + "/"
        + (attemptsBeforeRun + maxAttempts)
        + (traceId == null ? "" : " traceId=" + traceId);
  }

  /** Ties the task to the trace of the request that submitted it (null for none). */
  public Task tracedIn(String traceId) {
    this.traceId = traceId;
    return this;
  }

  public String getTraceId() {
    return traceId;
  }

  /**
   * Grows with every committed write of the task, so whoever hears of it from several servers can
   * tell a newer state from an older one that arrived late.
   */
  public long getRevision() {
    return version;
  }

  /** The transitions so far, oldest first. */
  public List<TaskEvent> getHistory() {
    return Collections.unmodifiableList(history);
  }

  /**
   * Hands over the transitions made since the last call, each once: the entity listener passes them
   * to live subscribers when the transaction commits.
   */
  List<TaskEvent> takeTransitions() {
    if (unpublished == null || unpublished.isEmpty()) {
      return List.of();
    }
    List<TaskEvent> taken = List.copyOf(unpublished);
    unpublished.clear();
    return taken;
  }

  private void record(Instant now, String detail) {
    TaskEvent event = append(now, detail);
    if (unpublished == null) {
      // Instances read from the database are built without running field initialisers.
      unpublished = new ArrayList<>();
    }
    unpublished.add(event);
  }

  private TaskEvent append(Instant now, String detail) {
    TaskEvent event = new TaskEvent(history.size(), millis(now), status, attempts, detail);
    history.add(event);
    return event;
  }

  /**
   * Times are kept to the millisecond, which every database's timestamp type stores exactly, so
   * list cursors compare equal and all times read alike.
   */
  static Instant millis(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }

  private static String truncate(String error) {
    if (error == null) {
      return null;
    }
    return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
  }

  public String getId() {
    return id;
  }

  public String getType() {
    return type;
  }

  public String getOwner() {
    return owner;
  }

  public TaskStatus getStatus() {
    return status;
  }

  public int getAttempts() {
    return attempts;
  }

  public int getMaxAttempts() {
    return maxAttempts;
  }

  public String getPayload() {
    return payload;
  }

  public String getResult() {
    return result;
  }

  public String getLastError() {
    return lastError;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getStartedAt() {
    return startedAt;
  }

  public Instant getFinishedAt() {
    return finishedAt;
  }

  public Duration getTimeout() {
    return Duration.ofMillis(timeoutMillis);
  }

  public int getPriority() {
    return priority;
  }

  public Instant getRunAt() {
    return runAt;
  }

  public String getRequestHash() {
    return requestHash;
  }

  public String getProcessedBy() {
    return processedBy;
  }
}
