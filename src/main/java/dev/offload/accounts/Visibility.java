package dev.offload.accounts;

import jakarta.ws.rs.core.SecurityContext;

/**
 * Whose tasks an account may see. Viewers and operators see every task; a submitter sees only the
 * tasks it submitted, and to it any other task does not exist (404), so not even its existence is
 * revealed.
 *
 * @param owner the one owner whose tasks are seen; null for every task
 */
public record Visibility(String owner) {

  /** Every task, whoever submitted it. */
  public static final Visibility EVERY_TASK = new Visibility(null);

  /** What the signed-in account may see. */
  public static Visibility of(SecurityContext security) {
    return security.isUserInRole(Roles.VIEWER) || security.isUserInRole(Roles.OPERATOR)
        ? EVERY_TASK
        : new Visibility(security.getUserPrincipal().getName());
  }

  /** Whether a task of {@code taskOwner} is visible. */
  public boolean sees(String taskOwner) {
    return owner == null || owner.equals(taskOwner);
  }
}
