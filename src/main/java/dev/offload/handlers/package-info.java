/**
 * The handler SPI ({@link dev.offload.handlers.TaskHandler}, what an attempt is given in {@link
 * dev.offload.handlers.TaskContext}, the ways an attempt may fail besides any exception ({@link
 * dev.offload.handlers.PermanentFailure}, {@link dev.offload.handlers.RetryLater}), the registry of
 * types in {@link dev.offload.handlers.TaskHandlers}) and the built-in handlers, {@code simulate}
 * here, {@code http} and {@code email} in packages of their own. Submission reads it to refuse an
 * unknown type or a bad payload, processing to run an attempt; neither knows the other.
 */
package dev.offload.handlers;
