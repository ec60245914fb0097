/** The task and its state machine: the only place a task's status changes. */
package dev.offload.tasks.entity;
