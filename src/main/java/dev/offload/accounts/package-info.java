/**
 * Who may do what: accounts (from {@code offload.users}, or one operator generated at the first
 * start), HTTP Basic sign-in through Jakarta Security, and the three roles the resources name in
 * {@code @RolesAllowed}: {@code submitter}, {@code viewer} and {@code operator}; and whose tasks
 * each account sees ({@link dev.offload.accounts.Visibility}).
 */
package dev.offload.accounts;
