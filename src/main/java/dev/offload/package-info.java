/**
 * Offload: durable background tasks. One business component, {@code tasks}, with its boundary (the
 * HTTP API), control (reads, the task queue, operator notes) and entity (the task, its state
 * machine and its transitions); beside it the features that move tasks along ({@code submission},
 * {@code processing}, {@code deadletter}, {@code retention}) and those that only watch their
 * transitions ({@code live}, {@code metrics}, {@code tracing}, {@code health}); {@code accounts}
 * says who is signed in and which role each resource needs.
 *
 * <p>The rules, checked by {@code ArchitectureTest}: no package depends on itself through others;
 * nothing depends on a boundary (a resource, a message-driven bean, a {@code boundary} package);
 * the entity package depends on Java and Jakarta only; code that owns a transaction refuses with a
 * {@code tasks.entity.Refusal} of its own ({@code NoSuchTask}, {@code Overloaded}, {@code
 * KeyReused}, ...), which one mapper beside the resources answers as problem+json, and never speaks
 * HTTP itself. Observers hear of a transition from the CDI event {@code tasks.entity.Transition},
 * fired once it has committed, and are never called by the code that made it; of a running attempt
 * they hear from {@code processing}'s events ({@code AttemptStarted} as it begins, before its start
 * is written, {@code AttemptRan}, {@code BatchCommitted}), and only a boundary reads what {@code
 * live} and {@code metrics} keep.
 */
package dev.offload;
