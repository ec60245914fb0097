package dev.offload.demo;

import dev.offload.accounts.Roles;
import dev.offload.handlers.TaskHandlers;
import dev.offload.platform.JsonBodies;
import dev.offload.platform.Problem;
import dev.offload.submission.SubmissionRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /api/sync/tasks}: the same request as {@code POST /api/tasks}, answered only when the
 * work is done. A demonstration baseline, not a way to run tasks: nothing is stored, nothing is
 * retried.
 */
@DemoSwitch.DemoOnly
@Path("sync/tasks")
@RolesAllowed({Roles.SUBMITTER, Roles.OPERATOR})
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SyncTasksResource {

  @Inject TaskHandlers handlers;
  @Inject JsonBodies bodies;
  @Inject InlineWork work;

  @POST
  @Operation(summary = "Do a task's work inline (the demo's synchronous baseline; stores nothing)")
  public JsonObject run(String body) {
    InlineWork.Outcome outcome = work.run(SubmissionRequest.parse(body, bodies, handlers));
    if (outcome.failure() != null) {
      throw new Problem(
          Response.Status.INTERNAL_SERVER_ERROR,
          "the work failed and is lost (no queue, no retry): " + outcome.failure().getMessage());
    }
    return Json.createObjectBuilder()
        .add("id", outcome.taskId())
        .add("status", "COMPLETED")
        .add("result", outcome.result())
        .build();
  }
}
