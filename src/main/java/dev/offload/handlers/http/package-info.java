/**
 * The built-in {@code http} task type: a call to an HTTP endpoint, retried on errors the endpoint
 * may recover from, failed for good on the others, and only to the hosts a server allows.
 */
package dev.offload.handlers.http;
