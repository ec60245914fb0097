package dev.offload.tasks.boundary;

import dev.offload.accounts.Roles;
import dev.offload.accounts.Visibility;
import dev.offload.deadletter.DeadLetters;
import dev.offload.deadletter.Replays;
import dev.offload.platform.JsonBodies;
import dev.offload.tasks.boundary.QueryParameters.Limit;
import dev.offload.tasks.control.OperatorNote;
import dev.offload.tasks.entity.TaskStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Dead letters for operators: list, retry in bulk, discard: {@code /api/dead-letters}. */
@Path("dead-letters")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DeadLettersResource {

  @Inject TaskPages pages;
  @Inject DeadLetters deadLetters;
  @Inject Replays replays;
  @Inject JsonBodies bodies;

  /** Failed tasks, newest first, with their last error and attempts. */
  @GET
  @Operation(summary = "Tasks in the dead-letter queue, newest first")
  public TaskPage list(
      @QueryParam("type") String type,
      @QueryParam("limit") @DefaultValue("50") Limit limit,
      @QueryParam("cursor") String cursor) {
    return pages.page(Visibility.EVERY_TASK, TaskStatus.FAILED, type, limit, cursor);
  }

  @POST
  @Path("retry")
  @RolesAllowed(Roles.OPERATOR)
  // The note is optional: a bare request without a body or Content-Type is fine too.
  @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
  @Operation(
      summary =
          "Re-queue every dead letter, or those of one type, or those that failed since an instant")
  @APIResponse(
      responseCode = "200",
      description = "how many tasks were re-queued: {\"retried\": n}")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public JsonObject retryAll(
      @QueryParam("type") String type,
      @QueryParam("failedSince") Instant failedSince,
      String body,
      @Context SecurityContext security) {
    int retried =
        replays.retryAll(
            type == null || type.isEmpty() ? null : type,
            failedSince,
            OperatorNote.parse(body, bodies, security.getUserPrincipal()));
    return Json.createObjectBuilder().add("retried", retried).build();
  }

  @DELETE
  @Path("{id}")
  @RolesAllowed(Roles.OPERATOR)
  // The note is optional: a bare request without a body or Content-Type is fine too.
  @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
  @Operation(summary = "Discard a dead letter: the task stays, DISCARDED, and never runs")
  @APIResponse(
      responseCode = "200",
      description = "the task, DISCARDED",
      content = @Content(schema = @Schema(implementation = TaskView.class)))
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "409", ref = "Conflict")
  public TaskView discard(
      @PathParam("id") String id, String body, @Context SecurityContext security) {
    return TaskView.of(
        deadLetters.discard(
            TaskPages.taskId(id), OperatorNote.parse(body, bodies, security.getUserPrincipal())));
  }
}
