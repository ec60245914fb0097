/**
 * What every feature builds on and that knows no feature: the database schema's migrations and
 * session's retries, the JAX-RS application and its problem+json errors (how a refusal, a bad
 * request or an outage is answered), JSON bodies read within limits, the servlet filters (security
 * headers, HTTPS only, no writes from other sites), transactions rolled back, the background
 * batching thread, the task message's properties and the broker's queue statistics.
 */
package dev.offload.platform;
