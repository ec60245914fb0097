package dev.offload.handlers;

import jakarta.json.JsonObject;

/**
 * What a handler knows about the attempt it runs: {@code taskId} and {@code attempt} identify it,
 * so a handler with effects outside the database can make them idempotent.
 */
public record TaskContext(
    String taskId, String type, int attempt, int maxAttempts, JsonObject payload) {}
