/**
 * Retention: finished tasks (and with them their idempotency keys) are purged once older than the
 * configured age, in small batches, on a schedule and on an operator's request.
 */
package dev.offload.retention;
