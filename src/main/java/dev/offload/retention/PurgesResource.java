package dev.offload.retention;

import dev.offload.platform.Problem;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * An operator's purge, now, of tasks finished longer ago than {@code olderThan}: {@code
 * /api/purges}.
 */
@Path("purges")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PurgesResource {

  @Inject RetentionJob retention;

  @POST
  @Operation(
      summary = "Purge finished tasks older than a duration now, instead of waiting for the job")
  @APIResponse(
      responseCode = "200",
      description = "how many finished tasks were deleted: {\"purged\": n}")
  @APIResponse(responseCode = "400", ref = "BadRequest")
  public JsonObject purge(@QueryParam("olderThan") Duration olderThan) {
    Duration age = age(olderThan);
    return Json.createObjectBuilder()
        .add("olderThan", age.toString())
        .add("purged", retention.purgeOlderThan(age))
        .build();
  }

  private static Duration age(Duration olderThan) {
    if (olderThan == null) {
      throw Problem.badRequest("olderThan is required: an ISO-8601 duration such as P30D");
    }
    if (olderThan.compareTo(Duration.ofSeconds(1)) < 0) {
      throw Problem.badRequest("olderThan must be at least PT1S, was " + olderThan);
    }
    return olderThan;
  }
}
