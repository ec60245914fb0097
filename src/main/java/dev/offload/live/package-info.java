/**
 * Live status: every committed transition (a {@code Transition} event), and each attempt's start as
 * it begins ({@code AttemptStarted}), is published on the broker topic {@code offload.events}, so
 * each API server hears the transitions of every worker server and passes them on to its clients as
 * Server-Sent Events or as the answer to a long poll.
 */
package dev.offload.live;
