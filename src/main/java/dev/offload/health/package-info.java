/**
 * Health for orchestrators and load balancers: a server is ready when it can reach the database and
 * the broker (and, on a worker server, consumes tasks); it is live while its JVM can still work.
 */
package dev.offload.health;
