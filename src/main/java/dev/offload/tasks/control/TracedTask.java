package dev.offload.tasks.control;

import dev.offload.tasks.entity.Task;
import io.opentelemetry.context.Context;

/** A task on its way to the queue, with the trace of the request that submitted it. */
public record TracedTask(Task task, Context trace) {}
