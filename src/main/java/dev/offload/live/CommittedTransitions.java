package dev.offload.live;

import dev.offload.platform.AfterCommit;
import dev.offload.tasks.entity.Task;
import dev.offload.tasks.entity.TaskEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Announces transitions as CDI events once their transaction has committed: what rolled back never
 * happened, so neither live clients nor metrics may hear of it.
 */
@ApplicationScoped
public class CommittedTransitions {

  private static final Logger LOG = Logger.getLogger(CommittedTransitions.class.getName());

  @Inject AfterCommit afterCommit;
  @Inject Event<Transition> announced;

  /**
   * Announces the start of an attempt at once, before anything is committed: live status is a view,
   * and the start is written to the database only with the attempt's outcome, or once the attempt
   * has run for a moment. It carries the revision the task will have then.
   */
  public void announceStarted(Task task, TaskEvent start) {
    announce(Transition.started(task, start));
  }

  void announceOnCommit(List<Transition> transitions) {
    afterCommit.run(() -> transitions.forEach(this::announce));
  }

  private void announce(Transition transition) {
    try {
      announced.fire(transition);
    } catch (RuntimeException e) {
      // The transaction has committed: a failing observer must not make it look otherwise.
      LOG.log(Level.WARNING, "an observer failed on " + transition, e);
    }
  }
}
