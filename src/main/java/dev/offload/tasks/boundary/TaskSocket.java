package dev.offload.tasks.boundary;

import dev.offload.accounts.Visibility;
import dev.offload.live.LiveHub;
import dev.offload.live.SignedInSockets;
import dev.offload.live.SocketOutlet;
import dev.offload.platform.Problem;
import dev.offload.tasks.control.TaskQueries;
import dev.offload.tasks.entity.NoSuchTask;
import dev.offload.tasks.entity.Task;
import dev.offload.tasks.entity.Transition;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

/**
 * Follows one task on a WebSocket: {@code /api/tasks/{id}/live}, the same events as its {@code
 * /events} stream (its status now, then each transition and progress report, as JSON text frames),
 * closed normally after a final status. An id that is not a task the caller may see closes the
 * socket with 4404; one that is not a task id at all, with 4400.
 */
@ApplicationScoped
@ServerEndpoint(value = "/api/tasks/{id}/live", configurator = SignedInSockets.class)
public class TaskSocket {

  static final CloseReason.CloseCode NOT_A_TASK_ID = CloseReason.CloseCodes.getCloseCode(4400);
  static final CloseReason.CloseCode NO_SUCH_TASK = CloseReason.CloseCodes.getCloseCode(4404);

  @Inject TaskQueries queries;
  @Inject LiveHub hub;

  /** Reads the task off the socket's own thread, which has no transaction context to read it in. */
  @Resource ManagedExecutorService executor;

  @OnOpen
  public void open(Session session, @PathParam("id") String id) {
    executor.execute(() -> follow(session, id));
  }

  private void follow(Session session, String id) {
    SocketOutlet outlet = new SocketOutlet(session);
    String taskId;
    try {
      taskId = TaskPages.taskId(id);
    } catch (Problem notAnId) {
      outlet.close(new CloseReason(NOT_A_TASK_ID, "'" + id + "' is not a task id"));
      return;
    }
    Task task;
    try {
      Visibility visibility = SignedInSockets.visibility(session);
      task = queries.get(taskId, visibility);
    } catch (NoSuchTask | IllegalStateException none) {
      outlet.close(new CloseReason(NO_SUCH_TASK, "no task " + taskId));
      return;
    }
    hub.follow(taskId, outlet, () -> Transition.current(queries.find(taskId).orElse(task)));
  }
}
