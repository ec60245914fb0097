/**
 * The synchronous baseline for the demo tool's {@code compare}: the same work done inline, in the
 * request, so the difference a queue makes can be measured on one server.
 */
package dev.offload.demo;
