/** Reading tasks for the API: lookups, paginated lists and per-status counts. */
package dev.offload.tasks.control;
