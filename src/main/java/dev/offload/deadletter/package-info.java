/**
 * Dead letters: tasks whose attempts are spent. Their messages stay in {@code offload.tasks.DLQ}
 * for operators, who retry or discard them (one or in bulk); a copy tells Offload to mark the task
 * {@code FAILED}.
 */
package dev.offload.deadletter;
