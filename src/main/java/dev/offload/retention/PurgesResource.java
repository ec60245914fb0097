package dev.offload.retention;

import dev.offload.accounts.Roles;
import dev.offload.platform.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * An operator's purge, now, of finished tasks: those that finished longer ago than {@code
 * olderThan}, or before the instant {@code finishedBefore}: {@code /api/purges}.
 */
@Path("purges")
@RolesAllowed(Roles.OPERATOR)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PurgesResource {

  @Inject RetentionJob retention;

  @POST
  @Operation(
      summary = "Purge finished tasks now, by age or by instant, instead of waiting for the job")
  @APIResponse(
      responseCode = "200",
      description = "how many finished tasks were deleted: {\"purged\": n}")
  @APIResponse(responseCode = "400", ref = "BadRequest")
  public JsonObject purge(
      @QueryParam("olderThan") Duration olderThan,
      @QueryParam("finishedBefore") Instant finishedBefore) {
    Instant cutoff = cutoff(olderThan, finishedBefore, Instant.now());
    return Json.createObjectBuilder()
        .add("finishedBefore", cutoff.toString())
        .add("purged", retention.purgeFinishedBefore(cutoff))
        .build();
  }

  private static Instant cutoff(Duration olderThan, Instant finishedBefore, Instant now) {
    if (olderThan != null && finishedBefore != null) {
      throw Problem.badRequest("give either olderThan or finishedBefore, not both");
    }
    if (finishedBefore != null) {
      if (finishedBefore.isAfter(now)) {
        throw Problem.badRequest("finishedBefore must not be in the future, was " + finishedBefore);
      }
      return finishedBefore;
    }
    if (olderThan == null) {
      throw Problem.badRequest(
          "olderThan is required: an ISO-8601 duration such as P30D (or finishedBefore, an"
              + " instant such as 2026-12-01T00:00:00Z)");
    }
    // A task that finished a moment ago is still being read by the client that submitted it.
    if (olderThan.compareTo(Duration.ofSeconds(1)) < 0) {
      throw Problem.badRequest("olderThan must be at least PT1S, was " + olderThan);
    }
    return now.minus(olderThan);
  }
}
