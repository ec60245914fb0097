package dev.offload.tasks.entity;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostUpdate;

/**
 * Catches every transition where it is written, whichever code path made it, and fires it as a CDI
 * event in the writing transaction. Its observers listen {@code during = AFTER_SUCCESS}: what
 * rolled back never happened, so no observer (live status, metrics) hears of it, and no path can
 * forget to tell them.
 */
public class TransitionListener {

  @Inject Event<Transition> transitions;

  @PostPersist
  @PostUpdate
  void written(Task task) {
    for (TaskEvent event : task.takeTransitions()) {
      transitions.fire(Transition.of(task, event));
    }
  }
}
