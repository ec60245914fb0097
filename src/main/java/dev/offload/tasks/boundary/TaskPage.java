package dev.offload.tasks.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;

/** One page of the task list; {@code nextCursor} is null on the last page. */
@JsonbNillable
public record TaskPage(List<TaskView> items, String nextCursor) {}
