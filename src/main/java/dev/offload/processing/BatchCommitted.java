package dev.offload.processing;

/** Attempts that completed together in one shared transaction, fired for whoever measures it. */
public record BatchCommitted(int attempts) {}
