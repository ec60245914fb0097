/** Cross-cutting plumbing: the JAX-RS application, problem+json errors, broker queries. */
package dev.offload.platform;
