/**
 * Live status: every committed transition (a {@code Transition} event), each attempt's start as it
 * begins ({@code AttemptStarted}) and each progress report ({@code Progress}) is published on the
 * broker topic {@code offload.events}, so each API server hears what every worker server does and
 * passes it on to its clients as Server-Sent Events, WebSocket frames or the answer to a long poll,
 * and to this server's own listeners as {@code TransitionHeard}.
 */
package dev.offload.live;
