/**
 * What the API and the features share below the boundary: lookups, paginated lists and per-status
 * counts, cancellation, the task queue ({@code offload.tasks}) and operators' notes.
 */
package dev.offload.tasks.control;
