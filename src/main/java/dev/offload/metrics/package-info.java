/**
 * Prometheus metrics at {@code /metrics}: tasks by type and outcome, how long tasks wait and run,
 * the broker's queue depths, and why submissions were refused.
 */
package dev.offload.metrics;
