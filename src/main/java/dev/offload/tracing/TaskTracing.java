package dev.offload.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Puts the current trace context into task messages (W3C {@code traceparent} as message properties)
 * and continues it where they are consumed.
 */
@ApplicationScoped
public class TaskTracing {

  private static final String INSTRUMENTATION = "dev.offload";

  @Inject OpenTelemetry telemetry;

  /** The id of the trace this thread works in, or null when there is none. */
  public String currentTraceId() {
    var context = Span.current().getSpanContext();
    return context.isValid() ? context.getTraceId() : null;
  }

  /**
   * Adds {@code trace} (captured with {@link #capture()} on another thread) to a message about to
   * be sent.
   */
  public JMSProducer carryOn(JMSProducer producer, Context trace) {
    telemetry
        .getPropagators()
        .getTextMapPropagator()
        .inject(trace, producer, (p, key, value) -> p.setProperty(key, value));
    return producer;
  }

  /** This thread's trace context, to be carried on where the work continues on another thread. */
  public Context capture() {
    return Context.current();
  }

  /**
   * Runs {@code work} in a consumer span that continues the trace the message carries; a result
   * that {@code failed} says is a failure marks the span as an error.
   */
  public <T> T consume(
      Message message, String spanName, Supplier<T> work, java.util.function.Predicate<T> failed) {
    Context parent =
        telemetry
            .getPropagators()
            .getTextMapPropagator()
            .extract(Context.current(), message, MESSAGE_PROPERTIES);
    Span span =
        telemetry
            .getTracer(INSTRUMENTATION)
            .spanBuilder(spanName)
            .setParent(parent)
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute("messaging.system", "activemq_artemis")
            .setAttribute("messaging.operation", "process")
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      T result = work.get();
      if (failed.test(result)) {
        span.setStatus(StatusCode.ERROR);
      }
      return result;
    } catch (RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR);
      throw e;
    } finally {
      span.end();
    }
  }

  /** Runs a handler in a span of its own, named after the task type. */
  public <T> T handler(String type, int attempt, Callable<T> work) throws Exception {
    Span span =
        telemetry
            .getTracer(INSTRUMENTATION)
            .spanBuilder("handle " + type)
            .setAttribute("offload.task.type", type)
            .setAttribute("offload.task.attempt", attempt)
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      return work.call();
    } catch (Exception e) {
      span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
      throw e;
    } finally {
      span.end();
    }
  }

  private static final TextMapGetter<Message> MESSAGE_PROPERTIES =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Message message) {
          try {
            @SuppressWarnings("unchecked")
            List<String> names = Collections.list(message.getPropertyNames());
            return names;
          } catch (JMSException e) {
            return List.of();
          }
        }

        @Override
        public String get(Message message, String key) {
          try {
            return message == null ? null : message.getStringProperty(key);
          } catch (JMSException e) {
            return null;
          }
        }
      };
}
