/** Accepting tasks: validation and the single transaction that stores and enqueues a task. */
package dev.offload.submission;
