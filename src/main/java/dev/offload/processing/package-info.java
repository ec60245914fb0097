/**
 * Running tasks: the consumer of {@code offload.tasks}, and the attempt's database transaction,
 * which quick attempts delivered together share. The broker acknowledges a delivery only after that
 * transaction commits, so a redelivered message of a finished attempt is recognised in the task row
 * and not run again. A running attempt is stopped at its timeout, or when its task is cancelled.
 */
package dev.offload.processing;
