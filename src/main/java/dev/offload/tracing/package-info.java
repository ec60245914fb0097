/**
 * Tracing across the queue: the submission's trace context travels in the task message, so one
 * OpenTelemetry trace shows the POST, the message, the consumer and the handler.
 */
package dev.offload.tracing;
