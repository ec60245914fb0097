package dev.offload.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * Offload's HTTP API lives under {@code /api}; its OpenAPI document (at {@code /openapi}, UI at
 * {@code /openapi/ui}) is {@code META-INF/openapi.yaml} merged with the resources' annotations.
 */
@ApplicationPath("api")
public class OffloadApplication extends Application {}
