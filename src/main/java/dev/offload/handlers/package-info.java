/**
 * The handler SPI ({@link dev.offload.handlers.TaskHandler}, what an attempt is given in {@link
 * dev.offload.handlers.TaskContext}, the registry of types in {@link
 * dev.offload.handlers.TaskHandlers}) and the built-in handlers. Submission reads it to refuse an
 * unknown type or a bad payload, processing to run an attempt; neither knows the other.
 */
package dev.offload.handlers;
