package dev.offload.handlers;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A side effect of a {@code simulate} task with {@code recordEffect}: one row per successful
 * attempt, written in the attempt's transaction. Counting them shows whether an effect was ever
 * applied twice (or lost), e.g. after a worker was killed mid-task.
 */
@Entity
@Table(name = "OFFLOAD_SIMULATED_EFFECTS")
public class SimulatedEffect {

  @Id
  @Column(name = "ID", length = 36)
  private String id;

  @Column(name = "TASK_ID", length = 36, nullable = false)
  private String taskId;

  @Column(name = "ATTEMPT", nullable = false)
  private int attempt;

  @Column(name = "APPLIED_AT", nullable = false)
  private Instant appliedAt;

  protected SimulatedEffect() {}

  SimulatedEffect(String taskId, int attempt, Instant appliedAt) {
    this.id = UUID.randomUUID().toString();
    this.taskId = taskId;
    this.attempt = attempt;
    this.appliedAt = appliedAt;
  }
}
