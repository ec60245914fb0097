/**
 * The task API: submit, read one, list, follow, cancel and counts, and the operators' dead-letter
 * actions; with the binding of its query parameters and the one table that answers the domain's
 * refusals. Resources parse, check the caller's role and delegate.
 */
package dev.offload.tasks.boundary;
