package dev.offload.tasks.boundary;

import dev.offload.accounts.Visibility;
import dev.offload.platform.Problem;
import dev.offload.tasks.boundary.QueryParameters.Limit;
import dev.offload.tasks.control.Cursor;
import dev.offload.tasks.control.TaskQueries;
import dev.offload.tasks.entity.Task;
import dev.offload.tasks.entity.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;

/**
 * Turns the query parameters shared by the task lists ({@code status}, {@code type}, {@code limit},
 * {@code cursor}) and task ids from a path into queries, refusing a bad cursor or id with 400.
 */
@ApplicationScoped
public class TaskPages {

  @Inject TaskQueries queries;

  /** One page of the tasks the caller may see, newest first. */
  public TaskPage page(
      Visibility visibility, TaskStatus status, String type, Limit limit, String cursor) {
    int size = limit.value();
    Cursor after =
        cursor == null || cursor.isEmpty()
            ? null
            : Cursor.decode(cursor)
                .orElseThrow(
                    () -> Problem.badRequest("cursor '" + cursor + "' is not one this API issued"));
    List<Task> tasks =
        queries.list(
            visibility, status, type == null || type.isEmpty() ? null : type, null, after, size);
    String next = tasks.size() == size ? Cursor.after(tasks.get(tasks.size() - 1)).encode() : null;
    return new TaskPage(tasks.stream().map(TaskView::listed).toList(), next);
  }

  /** A task id from a path: a UUID, or 400. */
  public static String taskId(String id) {
    try {
      UUID uuid = UUID.fromString(id);
      if (uuid.toString().equalsIgnoreCase(id)) {
        return uuid.toString();
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw Problem.badRequest("'" + id + "' is not a task id; task ids are UUIDs");
  }
}
