package dev.offload.accounts;

import java.util.Set;

/**
 * The roles an account has one of, as {@code @RolesAllowed} and {@code offload.users} name them.
 */
public final class Roles {

  /** Submits tasks and reads, follows and cancels them. */
  public static final String SUBMITTER = "submitter";

  /** Reads everything and changes nothing. */
  public static final String VIEWER = "viewer";

  /** Everything: retries, discards, purges, cancels any task. */
  public static final String OPERATOR = "operator";

  static final Set<String> ALL = Set.of(SUBMITTER, VIEWER, OPERATOR);

  private Roles() {}
}
