package dev.offload.submission;

import dev.offload.tasks.entity.Task;
import io.opentelemetry.context.Context;

/** A task on its way to the queue, with the trace of the request that submitted it. */
record TracedTask(Task task, Context trace) {}
