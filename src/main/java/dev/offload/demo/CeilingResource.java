package dev.offload.demo;

import dev.offload.accounts.Roles;
import dev.offload.handlers.TaskHandlers;
import dev.offload.platform.JsonBodies;
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
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /api/ceiling/tasks}: parses and validates a submission like {@code POST /api/tasks}
 * and answers 202, but stores and sends nothing. The benchmark's ceiling: what the same server does
 * when durability costs nothing.
 */
@DemoSwitch.DemoOnly
@Path("ceiling/tasks")
@RolesAllowed({Roles.SUBMITTER, Roles.OPERATOR})
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CeilingResource {

  @Inject TaskHandlers handlers;
  @Inject JsonBodies bodies;

  @POST
  @Operation(
      summary = "Validate a submission and answer 202 without storing it (benchmark ceiling)")
  public Response accept(String body) {
    SubmissionRequest request = SubmissionRequest.parse(body, bodies, handlers);
    JsonObject view =
        Json.createObjectBuilder()
            .add("id", UUID.randomUUID().toString())
            .add("type", request.type())
            .add("status", "QUEUED")
            .add("createdAt", Instant.now().toString())
            .build();
    return Response.accepted(view).build();
  }
}
