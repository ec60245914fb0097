package dev.offload.tasks.boundary;

import dev.offload.accounts.Roles;
import dev.offload.accounts.Visibility;
import dev.offload.platform.BrokerQueues;
import dev.offload.platform.BrokerQueues.QueueStats;
import dev.offload.retention.RetentionJob;
import dev.offload.tasks.control.TaskCounts;
import dev.offload.tasks.entity.TaskStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Counts for operators: tasks per status from the database (as of {@code countedAt}, at most {@code
 * offload.stats.max-age} ago), queue and dead-letter depth and the live broker's name from the
 * broker ({@code null} while no broker answers): {@code /api/stats}.
 */
@Path("stats")
@RolesAllowed({Roles.SUBMITTER, Roles.VIEWER, Roles.OPERATOR})
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

  @Inject TaskCounts counts;
  @Inject BrokerQueues broker;
  @Inject RetentionJob retention;

  @GET
  @Operation(summary = "Task counts by status and the broker's queue and dead-letter depths")
  public JsonObject stats(@Context SecurityContext security) {
    TaskCounts.Counted counted = counts.now(Visibility.of(security));
    JsonObjectBuilder tasks = Json.createObjectBuilder();
    for (Map.Entry<TaskStatus, Long> count : counted.counts().entrySet()) {
      tasks.add(count.getKey().name(), count.getValue());
    }
    Optional<QueueStats> queue = broker.stats(BrokerQueues.TASKS);
    OptionalLong deadLetters =
        queue.isPresent()
            ? broker.read(BrokerQueues.DEAD_LETTERS, "messageCount")
            : OptionalLong.empty();
    Optional<String> live = queue.flatMap(QueueStats::live);
    return Json.createObjectBuilder()
        .add("tasks", tasks)
        .add("countedAt", counted.at().toString())
        .add(
            "queue",
            queue
                .<JsonValue>map(
                    q ->
                        Json.createObjectBuilder()
                            .add("depth", q.depth())
                            .add("consumers", q.consumers())
                            .build())
                .orElse(JsonValue.NULL))
        .add(
            "broker",
            live.<JsonValue>map(name -> Json.createObjectBuilder().add("name", name).build())
                .orElse(JsonValue.NULL))
        .add(
            "retention",
            Json.createObjectBuilder()
                .add("age", retention.age().toString())
                .add(
                    "lastRunAt",
                    retention.lastRunAt() == null
                        ? JsonValue.NULL
                        : Json.createValue(retention.lastRunAt().toString()))
                .add("lastPurged", retention.lastPurged()))
        .add(
            "deadLetter",
            deadLetters.isPresent()
                ? Json.createObjectBuilder().add("depth", deadLetters.getAsLong()).build()
                : JsonValue.NULL)
        .build();
  }
}
