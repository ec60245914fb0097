/** Built-in task handlers; each is a CDI bean implementing {@code processing.TaskHandler}. */
package dev.offload.handlers;
