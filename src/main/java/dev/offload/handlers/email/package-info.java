/**
 * The built-in {@code email} task type: an e-mail sent through the server's Jakarta Mail session,
 * under a {@code Message-ID} made from the task's id so that a retried send is recognisable.
 */
package dev.offload.handlers.email;
