package dev.offload.live;

import dev.offload.tasks.entity.Task;
import dev.offload.tasks.entity.TaskEvent;
import jakarta.inject.Inject;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostUpdate;
import java.util.List;

/**
 * Catches every transition where it is written, whichever code path made it, so no path can forget
 * to tell live clients; they hear of it only once its transaction has committed.
 */
public class TransitionListener {

  @Inject CommittedTransitions committed;

  @PostPersist
  @PostUpdate
  void written(Task task) {
    List<TaskEvent> events = task.takeTransitions();
    if (!events.isEmpty()) {
      committed.announceOnCommit(events.stream().map(e -> Transition.of(task, e)).toList());
    }
  }
}
