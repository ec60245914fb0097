package dev.offload.tasks.boundary;

import dev.offload.accounts.Roles;
import dev.offload.accounts.Visibility;
import dev.offload.deadletter.DeadLetters;
import dev.offload.handlers.TaskHandlers;
import dev.offload.live.LiveHub;
import dev.offload.platform.JsonBodies;
import dev.offload.platform.Problem;
import dev.offload.submission.IdempotencyKey;
import dev.offload.submission.SubmissionRequest;
import dev.offload.submission.Submissions;
import dev.offload.submission.Submissions.Accepted;
import dev.offload.tasks.boundary.QueryParameters.Limit;
import dev.offload.tasks.boundary.QueryParameters.Statuses;
import dev.offload.tasks.control.Cancellations;
import dev.offload.tasks.control.OperatorNote;
import dev.offload.tasks.control.TaskQueries;
import dev.offload.tasks.entity.Task;
import dev.offload.tasks.entity.TaskStatus;
import dev.offload.tasks.entity.Transition;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Submit tasks and read their status: {@code /api/tasks}. */
@Path("tasks")
@RolesAllowed({Roles.SUBMITTER, Roles.VIEWER, Roles.OPERATOR})
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TasksResource {

  @Inject Submissions submissions;
  @Inject TaskQueries queries;
  @Inject TaskHandlers handlers;
  @Inject JsonBodies bodies;
  @Inject TaskPages pages;
  @Inject DeadLetters deadLetters;
  @Inject Cancellations cancellations;
  @Inject LongPolls longPolls;
  @Inject LiveHub hub;

  @Inject
  @ConfigProperty(name = "offload.submission.max-body-bytes", defaultValue = "1048576")
  int maxBodyBytes;

  /**
   * 202 for a new task; with an {@code Idempotency-Key} already used for the same request, 200 and
   * that task (409 for a different request).
   */
  @POST
  @RolesAllowed({Roles.SUBMITTER, Roles.OPERATOR})
  @Operation(summary = "Submit a task")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema =
                  @Schema(
                      type = SchemaType.OBJECT,
                      requiredProperties = "type",
                      properties = {
                        @SchemaProperty(name = "type", type = SchemaType.STRING),
                        @SchemaProperty(name = "payload", type = SchemaType.OBJECT),
                        @SchemaProperty(name = "maxAttempts", type = SchemaType.INTEGER),
                        @SchemaProperty(name = "priority", type = SchemaType.INTEGER),
                        @SchemaProperty(name = "delay", type = SchemaType.STRING),
                        @SchemaProperty(name = "runAt", type = SchemaType.STRING),
                        @SchemaProperty(name = "timeout", type = SchemaType.STRING)
                      }),
              examples = {
                @ExampleObject(
                    name = "simulate",
                    value =
                        "{\"type\":\"simulate\",\"payload\":{\"durationMs\":200,\"failTimes\":1},"
                            + "\"maxAttempts\":3,\"priority\":6}"),
                @ExampleObject(
                    name = "http",
                    value =
                        "{\"type\":\"http\",\"payload\":{\"method\":\"POST\","
                            + "\"url\":\"http://localhost:8080/hooks/order-paid\","
                            + "\"headers\":{\"Authorization\":\"Bearer …\"},"
                            + "\"body\":{\"order\":4711},\"timeoutMs\":10000,"
                            + "\"expectStatus\":[200,201,204]},\"maxAttempts\":5}")
              }))
  @APIResponse(
      responseCode = "202",
      description = "stored and queued (both durable); Location is the task",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TaskView.class),
              examples =
                  @ExampleObject(
                      name = "queued",
                      value =
                          "{\"id\":\"0b6f3c1e-8f2a-4d0e-9c7b-2a1d5e6f7a8b\",\"type\":\"simulate\",\"owner\":\"ann\","
                              + "\"status\":\"QUEUED\",\"attempts\":0,\"maxAttempts\":3,"
                              + "\"createdAt\":\"2026-11-23T09:00:00.000Z\"}")))
  @APIResponse(
      responseCode = "200",
      description = "a repeat of an earlier request with the same Idempotency-Key: that task",
      content = @Content(schema = @Schema(implementation = TaskView.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "409", ref = "Conflict")
  @APIResponse(responseCode = "413", description = "the body is over the size limit")
  @APIResponse(responseCode = "415", description = "the body is not application/json")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public void submit(
      InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
      @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
      @Context SecurityContext security,
      @Context UriInfo uri,
      @Suspended AsyncResponse response) {
    SubmissionRequest request =
        SubmissionRequest.parse(read(body, contentLength), bodies, handlers);
    String owner = security.getUserPrincipal().getName();
    UriBuilder tasks = uri.getBaseUriBuilder().path("tasks");
    submissions
        .accept(request, owner, IdempotencyKey.of(idempotencyKey, owner))
        .whenComplete(
            (accepted, failure) -> {
              // Two calls, not one with a conditional: resume(Object) would answer 200 with the
              // exception as its body; resume(Throwable) goes through the exception mappers.
              if (failure != null) {
                response.resume(unwrap(failure));
              } else {
                response.resume(answer(accepted, tasks.clone()));
              }
            });
  }

  private static Response answer(Accepted accepted, UriBuilder tasks) {
    Task task = accepted.task();
    return (accepted.created()
            ? Response.accepted(TaskView.of(task))
            : Response.ok(TaskView.of(task)))
        .location(tasks.path(task.getId()).build())
        .build();
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  /**
   * The task now; with {@code waitFor} (comma-separated statuses), as soon as it reaches one of
   * them or, at the latest, after {@code timeout} (ISO-8601, default 30 s).
   */
  @GET
  @Path("{id}")
  @Operation(summary = "A task's status, optionally once it reaches one of waitFor (long poll)")
  @APIResponse(
      responseCode = "200",
      description = "the task",
      content = @Content(schema = @Schema(implementation = TaskView.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "404", ref = "NotFound")
  public void get(
      @PathParam("id") String id,
      @QueryParam("waitFor") Statuses waitFor,
      @QueryParam("timeout") Duration timeout,
      @Context SecurityContext security,
      @Suspended AsyncResponse response) {
    longPolls.answer(TaskPages.taskId(id), Visibility.of(security), waitFor, timeout, response);
  }

  /** The task's transitions and progress as Server-Sent Events, starting with its status now. */
  @GET
  @Path("{id}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary =
          "Follow a task live: an event per transition and per progress report, ending after a"
              + " final transition")
  @APIResponse(
      responseCode = "200",
      description = "text/event-stream of transition and progress events",
      content =
          @Content(
              mediaType = MediaType.SERVER_SENT_EVENTS,
              examples =
                  @ExampleObject(
                      name = "completed",
                      value =
                          "event: transition\ndata: {\"taskId\":\"0b6f…\",\"type\":\"simulate\",\"owner\":\"ann\","
                              + "\"status\":\"COMPLETED\",\"attempt\":1,\"revision\":3,\"at\":\"2026-11-23T09:00:00.2Z\"}")))
  @APIResponse(responseCode = "404", ref = "NotFound")
  public void events(
      @PathParam("id") String id,
      @Context SecurityContext security,
      @Context SseEventSink sink,
      @Context Sse sse) {
    String taskId = TaskPages.taskId(id);
    Task task = queries.get(taskId, Visibility.of(security));
    hub.follow(taskId, sink, sse, () -> Transition.current(queries.find(taskId).orElse(task)));
  }

  @GET
  @Operation(summary = "Tasks, newest first, filtered by status and type, a page at a time")
  @APIResponse(
      responseCode = "200",
      description = "a page of tasks and the cursor of the next",
      content = @Content(schema = @Schema(implementation = TaskPage.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  public TaskPage list(
      @QueryParam("status") TaskStatus status,
      @QueryParam("type") String type,
      @QueryParam("limit") @DefaultValue("50") Limit limit,
      @QueryParam("cursor") String cursor,
      @Context SecurityContext security) {
    return pages.page(Visibility.of(security), status, type, limit, cursor);
  }

  /**
   * Cancels a task that has not finished (409 for a finished one): 200, or 202 when an attempt of
   * it is running, which its worker then stops.
   */
  @POST
  @Path("{id}/cancel")
  @RolesAllowed({Roles.SUBMITTER, Roles.OPERATOR})
  // The note is optional: a bare request without a body or Content-Type is fine too.
  @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
  @Operation(summary = "Cancel a task that has not finished, stopping its running attempt")
  @APIResponse(
      responseCode = "200",
      description = "the task, CANCELLED",
      content = @Content(schema = @Schema(implementation = TaskView.class)))
  @APIResponse(
      responseCode = "202",
      description =
          "the task, CANCELLED; its running attempt is being stopped, and nothing of it commits",
      content = @Content(schema = @Schema(implementation = TaskView.class)))
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "409", ref = "Conflict")
  public Response cancel(
      @PathParam("id") String id, String body, @Context SecurityContext security) {
    Cancellations.Cancelled cancelled =
        cancellations.cancel(
            TaskPages.taskId(id),
            OperatorNote.parse(body, bodies, security.getUserPrincipal()),
            Visibility.of(security));
    return Response.status(cancelled.wasRunning() ? Status.ACCEPTED : Status.OK)
        .entity(TaskView.of(cancelled.task()))
        .build();
  }

  /** Re-queues a {@code FAILED} task with a fresh attempt budget (409 for any other status). */
  @POST
  @Path("{id}/retry")
  @RolesAllowed(Roles.OPERATOR)
  // The note is optional: a bare request without a body or Content-Type is fine too.
  @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
  @Operation(summary = "Re-queue a FAILED task with a fresh attempt budget")
  @APIResponse(
      responseCode = "200",
      description = "the task, QUEUED again",
      content = @Content(schema = @Schema(implementation = TaskView.class)))
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "409", ref = "Conflict")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public TaskView retry(
      @PathParam("id") String id, String body, @Context SecurityContext security) {
    return TaskView.of(
        deadLetters.retry(
            TaskPages.taskId(id), OperatorNote.parse(body, bodies, security.getUserPrincipal())));
  }

  private String read(InputStream body, Long contentLength) {
    if (contentLength != null && contentLength > maxBodyBytes) {
      throw tooLarge();
    }
    try {
      byte[] bytes = body.readNBytes(maxBodyBytes + 1);
      if (bytes.length > maxBodyBytes) {
        throw tooLarge();
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Problem tooLarge() {
    return new Problem(
        Response.Status.REQUEST_ENTITY_TOO_LARGE,
        "the request body is larger than the limit of " + maxBodyBytes + " bytes");
  }
}
