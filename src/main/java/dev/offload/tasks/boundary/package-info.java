/**
 * The task API: submit, read one, list, follow, cancel and counts, and the operators' dead-letter
 * actions. Resources stay thin and delegate.
 */
package dev.offload.tasks.boundary;
