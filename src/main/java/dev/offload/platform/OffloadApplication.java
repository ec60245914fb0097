package dev.offload.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Offload's HTTP API lives under {@code /api}; its OpenAPI document (at {@code /openapi}, UI at
 * {@code /openapi/ui}) shares the error shapes declared here.
 */
@ApplicationPath("api")
@OpenAPIDefinition(
    info =
        @Info(
            title = "Offload",
            version = "1.0",
            description =
                "Durable background tasks on Jakarta EE: submit a task, get 202 once it is stored and"
                    + " queued, follow it to COMPLETED or FAILED.",
            license = @License(name = "Apache-2.0")),
    components =
        @Components(
            schemas =
                @Schema(
                    name = "Problem",
                    type = SchemaType.OBJECT,
                    description = "RFC 9457 problem details",
                    properties = {
                      @SchemaProperty(name = "type", type = SchemaType.STRING),
                      @SchemaProperty(name = "title", type = SchemaType.STRING),
                      @SchemaProperty(name = "status", type = SchemaType.INTEGER),
                      @SchemaProperty(name = "detail", type = SchemaType.STRING),
                      @SchemaProperty(name = "instance", type = SchemaType.STRING),
                      @SchemaProperty(
                          name = "reason",
                          type = SchemaType.STRING,
                          description = "machine-readable cause, e.g. backpressure")
                    }),
            responses = {
              @APIResponse(
                  name = "BadRequest",
                  responseCode = "400",
                  description = "the request is invalid; nothing was written",
                  content =
                      @Content(
                          mediaType = Problem.MEDIA_TYPE,
                          schema = @Schema(ref = "Problem"),
                          examples =
                              @ExampleObject(
                                  name = "unknown type",
                                  value =
                                      "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                                          + "\"detail\":\"unknown task type 'mail'\",\"instance\":\"/api/tasks\"}"))),
              @APIResponse(
                  name = "NotFound",
                  responseCode = "404",
                  description = "no task with this id",
                  content =
                      @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"))),
              @APIResponse(
                  name = "Conflict",
                  responseCode = "409",
                  description =
                      "the task's status does not allow this, or an Idempotency-Key was reused for a"
                          + " different request",
                  content =
                      @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"))),
              @APIResponse(
                  name = "Unavailable",
                  responseCode = "503",
                  description =
                      "the broker or the database is unavailable, or the queue is over its limit"
                          + " (reason backpressure); nothing was written. Retry after Retry-After.",
                  content =
                      @Content(
                          mediaType = Problem.MEDIA_TYPE,
                          schema = @Schema(ref = "Problem"),
                          examples =
                              @ExampleObject(
                                  name = "backpressure",
                                  value =
                                      "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                                          + "\"detail\":\"the task queue holds 100000 tasks, at or over its limit of 100000;"
                                          + " nothing was written, try again later\",\"reason\":\"backpressure\"}")))
            }))
public class OffloadApplication extends Application {}
