package dev.offload.tasks.entity;

import dev.offload.platform.AfterCommit;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostUpdate;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Catches every transition where it is written, whichever code path made it, and fires it as a CDI
 * event once its transaction has committed: what rolled back never happened, so no observer (live
 * status, metrics) may hear of it, and no path can forget to tell them.
 */
public class TransitionListener {

  private static final Logger LOG = Logger.getLogger(TransitionListener.class.getName());

  @Inject AfterCommit afterCommit;
  @Inject Event<Transition> committed;

  @PostPersist
  @PostUpdate
  void written(Task task) {
    List<TaskEvent> events = task.takeTransitions();
    if (!events.isEmpty()) {
      List<Transition> transitions = events.stream().map(e -> Transition.of(task, e)).toList();
      afterCommit.run(() -> transitions.forEach(this::fire));
    }
  }

  private void fire(Transition transition) {
    try {
      committed.fire(transition);
    } catch (RuntimeException e) {
      // The transaction has committed: a failing observer must not make it look otherwise.
      LOG.log(Level.WARNING, "an observer failed on " + transition, e);
    }
  }
}
