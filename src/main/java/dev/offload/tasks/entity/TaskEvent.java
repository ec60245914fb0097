package dev.offload.tasks.entity;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.bind.annotation.JsonbTransient;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/**
 * One transition in a task's history (when, into which status, at which attempt, and why), shown by
 * the API as stored so the row and the answer cannot drift apart.
 */
@Embeddable
@JsonbNillable
@JsonbPropertyOrder({"at", "status", "attempt", "detail"})
public class TaskEvent {

  public static final int MAX_DETAIL_LENGTH = 500;

  /** The event's place in its task's history, from 0. */
  @Column(name = "SEQ", nullable = false)
  private int seq;

  @Column(name = "EVENT_AT", nullable = false)
  private Instant at;

  @Enumerated(EnumType.STRING)
  @Column(name = "STATUS", nullable = false, length = 16)
  private TaskStatus status;

  @Column(name = "ATTEMPT", nullable = false)
  private int attempt;

  @Column(name = "DETAIL", length = MAX_DETAIL_LENGTH)
  private String detail;

  protected TaskEvent() {}

  TaskEvent(int seq, Instant at, TaskStatus status, int attempt, String detail) {
    this.seq = seq;
    this.at = at;
    this.status = status;
    this.attempt = attempt;
    this.detail =
        detail == null || detail.length() <= MAX_DETAIL_LENGTH
            ? detail
            : detail.substring(0, MAX_DETAIL_LENGTH);
  }

  /** Only orders the stored rows; clients read the history's order. */
  @JsonbTransient
  public int getSeq() {
    return seq;
  }

  public Instant getAt() {
    return at;
  }

  public TaskStatus getStatus() {
    return status;
  }

  public int getAttempt() {
    return attempt;
  }

  public String getDetail() {
    return detail;
  }
}
