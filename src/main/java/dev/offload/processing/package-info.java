/**
 * Running tasks: the consumer of {@code offload.tasks}, the handler SPI, and the ledger that
 * records each attempt so its bookkeeping survives the rollback that triggers redelivery.
 */
package dev.offload.processing;
