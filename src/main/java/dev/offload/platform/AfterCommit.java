package dev.offload.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Runs work once the current transaction has committed, and never if it rolls back: for what may
 * only be told of committed facts (log lines, live events, metrics).
 */
@ApplicationScoped
public class AfterCommit {

  @Resource TransactionSynchronizationRegistry transactions;

  public void run(Runnable work) {
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              work.run();
            }
          }
        });
  }
}
