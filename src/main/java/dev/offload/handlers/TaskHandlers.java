package dev.offload.handlers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The registry of handler beans by task type; two beans claiming one type fail deployment. */
@ApplicationScoped
public class TaskHandlers {

  private final Map<String, TaskHandler> byType = new TreeMap<>();

  /** For the container's proxy only. */
  protected TaskHandlers() {}

  @Inject
  public TaskHandlers(@Any Instance<TaskHandler> beans) {
    this((Iterable<TaskHandler>) beans);
  }

  public TaskHandlers(Iterable<? extends TaskHandler> handlers) {
    for (TaskHandler handler : handlers) {
      TaskHandler previous = byType.putIfAbsent(handler.type(), handler);
      if (previous != null) {
        throw new IllegalStateException(
            "task type '"
                + handler.type()
                + "' has two handlers: "
                + previous.getClass().getName()
                + " and "
                + handler.getClass().getName());
      }
    }
  }

  public Optional<TaskHandler> forType(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  public SortedSet<String> types() {
    return new TreeSet<>(byType.keySet());
  }
}
