package dev.offload.submission;

import dev.offload.handlers.TaskHandlers;
import dev.offload.platform.JsonBodies;
import dev.offload.platform.Problem;
import dev.offload.platform.Transactions;
import dev.offload.tasks.entity.Task;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Goes through a submission once when the application starts, in a transaction that is rolled back,
 * then commits a transaction that enlists the database and the broker but writes nothing, and asks
 * this server once over HTTP: validation, the insert, the message, the two-phase commit (prepare,
 * the transaction log, commit) and the HTTP path are ready before the first client comes, and
 * nothing is stored or queued.
 */
@ApplicationScoped
public class WarmUp {

  private static final Logger LOG = Logger.getLogger(WarmUp.class.getName());

  /** How long this server's HTTP endpoint may take to answer once the application has started. */
  private static final Duration HTTP_DEADLINE = Duration.ofSeconds(30);

  @Inject SubmissionTransaction submission;
  @Inject TaskHandlers handlers;
  @Inject JsonBodies bodies;
  @PersistenceContext EntityManager em;
  @Resource UserTransaction transaction;
  @Resource ManagedExecutorService executor;

  @Resource(lookup = "jms/offload/ConnectionFactory")
  ConnectionFactory connectionFactory;

  @Inject
  @ConfigProperty(name = "offload.http.port", defaultValue = "9080")
  int httpPort;

  private volatile String outcome;

  /**
   * How the warm-up ended ("warmed up in …", or "skipped: …" when something it needs is away), or
   * null while it runs.
   */
  public String outcome() {
    return outcome;
  }

  void started(@Observes @Initialized(ApplicationScoped.class) Object application) {
    // Off the start-up thread: with the broker away, the send waits for it.
    executor.execute(this::submitAndRollBack);
  }

  /**
   * A read enlists the database and an open JMS context the broker, so the commit is a real
   * two-phase one, with nothing in it: the first client's commit is no longer the first.
   */
  private void commitNothing() throws Exception {
    transaction.begin();
    try (JMSContext context = connectionFactory.createContext()) {
      em.find(Task.class, "warm-up");
    } catch (RuntimeException e) {
      Transactions.rollbackIfAny(transaction);
      throw e;
    }
    transaction.commit();
  }

  /**
   * A request to this server that changes nothing and counts as no refused submission: a cancel
   * without an account, refused (401) before JAX-RS. The HTTP endpoint, the sign-in and the writing
   * of problem+json are then ready; the first signed-in request still meets JAX-RS cold (the
   * warm-up has no account, and should not have one). The endpoint may open a moment after the
   * application, so the request is tried until it answers.
   */
  private void askOverHttp() throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI api = URI.create("http://127.0.0.1:" + httpPort + "/api/");
    HttpRequest cancel =
        HttpRequest.newBuilder(api.resolve("tasks/" + UUID.randomUUID() + "/cancel"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":0}"))
            .timeout(Duration.ofSeconds(10))
            .build();
    long deadline = System.nanoTime() + HTTP_DEADLINE.toNanos();
    while (true) {
      try {
        if (client.send(cancel, HttpResponse.BodyHandlers.discarding()).statusCode() == 401) {
          break;
        }
      } catch (IOException notListeningYet) {
        // tried again below
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "no answer on port " + httpPort + " within " + HTTP_DEADLINE);
      }
      Thread.sleep(100);
    }
  }

  private void submitAndRollBack() {
    long start = System.nanoTime();
    try {
      SubmissionRequest request = withEmptyPayload();
      transaction.begin();
      try {
        submission.submit(submission.taskFor(request, "offload-warm-up", null));
        em.flush();
      } finally {
        Transactions.rollbackIfAny(transaction);
      }
      commitNothing();
      askOverHttp();
      outcome = "warmed up in " + (System.nanoTime() - start) / 1_000_000 + " ms";
      LOG.info("warm-up " + outcome);
    } catch (Exception | LinkageError e) {
      // Readiness is open to anyone: it names the failure only; its message (hosts, SQL) is logged.
      outcome = "skipped: " + e.getClass().getSimpleName();
      LOG.log(Level.INFO, "warm-up skipped: " + e);
    } finally {
      if (outcome == null) {
        outcome = "skipped"; // an Error: readiness must not wait for the warm-up for ever
      }
    }
  }

  /**
   * A request of the first task type whose handler takes an empty payload, validated as a client's
   * is. Not simply the first type: some (email, http) require members.
   */
  private SubmissionRequest withEmptyPayload() {
    for (String type : handlers.types()) {
      try {
        return SubmissionRequest.parse(
            "{\"type\":\"" + type + "\",\"payload\":{}}", bodies, handlers);
      } catch (Problem needsMembers) {
        // the next type
      }
    }
    throw new IllegalStateException("no task type takes an empty payload");
  }
}
