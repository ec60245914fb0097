package dev.offload.accounts;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.function.Predicate;

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
    return of(security.getUserPrincipal(), security::isUserInRole);
  }

  /** What the signed-in account {@code caller}, in the roles {@code inRole} accepts, may see. */
  public static Visibility of(Principal caller, Predicate<String> inRole) {
    return inRole.test(Roles.VIEWER) || inRole.test(Roles.OPERATOR)
        ? EVERY_TASK
        : new Visibility(caller.getName());
  }

  /** Whether a task of {@code taskOwner} is visible. */
  public boolean sees(String taskOwner) {
    return owner == null || owner.equals(taskOwner);
  }
}
