/** The task API: submit, read one, list, and counts. Resources stay thin and delegate. */
package dev.offload.tasks.boundary;
