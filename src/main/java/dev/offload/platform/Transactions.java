package dev.offload.platform;

import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.UserTransaction;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Bean-managed transactions' one shared chore. */
public final class Transactions {

  private static final Logger LOG = Logger.getLogger(Transactions.class.getName());

  private Transactions() {}

  /**
   * Rolls back the calling thread's transaction, if it has one, so the thread leaves none open. A
   * failure to roll back is logged, not thrown: the caller is already on its way out with what went
   * wrong, and the transaction manager ends the transaction at its timeout anyway.
   */
  public static void rollbackIfAny(UserTransaction transaction) {
    try {
      if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
        transaction.rollback();
      }
    } catch (SystemException | IllegalStateException e) {
      LOG.log(Level.FINE, "rollback failed", e);
    }
  }
}
