package dev.offload.accounts;

import jakarta.security.enterprise.credential.Credential;

/** A signed token (JWT) a service client sends as {@code Authorization: Bearer …}. */
public record BearerToken(String token) implements Credential {}
