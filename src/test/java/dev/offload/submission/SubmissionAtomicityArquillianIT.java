package dev.offload.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.handlers.TaskHandlers;
import dev.offload.platform.BrokerQueues;
import dev.offload.platform.JsonBodies;
import dev.offload.tasks.control.TaskQueries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.File;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In the container, with the real WAR: the task row and the task message are one transaction. A
 * failure after both were written leaves neither; without it, both are there.
 */
@ExtendWith(ArquillianExtension.class)
class SubmissionAtomicityArquillianIT {

  @Deployment
  static WebArchive deployment() {
    // The archive's name makes the MDB activation-spec ids offload/... as in server.xml.
    return ShrinkWrap.create(ZipImporter.class, "offload.war")
        .importFrom(new File(System.getProperty("offload.war", "target/offload.war")))
        .as(WebArchive.class)
        .addClasses(
            SubmissionAtomicityArquillianIT.class, CallerThatFails.class, AfterSendFailure.class);
  }

  @Inject CallerThatFails caller;
  @Inject TaskQueries queries;
  @Inject BrokerQueues broker;

  @Test
  void aFailureAfterPersistAndSendLeavesNeitherRowNorMessage() {
    long sentBefore = messagesAdded();

    AtomicReference<String> taskId = new AtomicReference<>();
    assertThrows(AfterSendFailure.class, () -> caller.submit(true, taskId));

    assertTrue(taskId.get() != null, "the submission ran before the failure");
    assertTrue(queries.find(taskId.get()).isEmpty(), "no task row");
    assertEquals(sentBefore, messagesAdded(), "no message reached the queue");
  }

  @Test
  void withoutAFailureBothRowAndMessageCommit() {
    long sentBefore = messagesAdded();

    AtomicReference<String> taskId = new AtomicReference<>();
    caller.submit(false, taskId);

    assertTrue(queries.find(taskId.get()).isPresent(), "the task row");
    assertEquals(sentBefore + 1, messagesAdded(), "one message on the queue");
  }

  /** The broker's count of messages ever sent to the task queue; fails when it does not answer. */
  private long messagesAdded() {
    return broker.read(BrokerQueues.TASKS, "messagesAdded").orElseThrow();
  }

  /** Calls the real submission inside a transaction of its own and then, if asked, fails. */
  @ApplicationScoped
  public static class CallerThatFails {
    @Inject SubmissionTransaction submission;
    @Inject TaskHandlers handlers;
    @Inject JsonBodies bodies;

    /** Submits a task, tells its id (this call's own, whatever ran before), then maybe fails. */
    @Transactional
    public void submit(boolean failAfterwards, AtomicReference<String> taskId) {
      taskId.set(
          submission
              .submit(
                  submission.taskFor(
                      SubmissionRequest.parse("{\"type\":\"simulate\"}", bodies, handlers),
                      "arquillian",
                      null))
              .getId());
      if (failAfterwards) {
        throw new AfterSendFailure();
      }
    }
  }

  /** The failure injected after the row was persisted and the message sent. */
  public static class AfterSendFailure extends RuntimeException {}
}
