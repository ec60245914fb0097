package dev.offload.live;

import dev.offload.tasks.entity.LiveEvent;
import dev.offload.tasks.entity.Progress;
import dev.offload.tasks.entity.Transition;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.List;

/**
 * Live events as they travel: JSON in event streams, and batches of them on the topic, in the order
 * they were made ({@code [{"transition": {...}}, {"progress": {...}}, ...]}): a task's last
 * progress report comes before the transition that ends its stream.
 */
final class LiveJson {

  private static final Jsonb JSON = JsonbBuilder.create();

  private LiveJson() {}

  /** One event of a batch on the topic: one of the two is set. */
  public record Item(Transition transition, Progress progress) {

    static Item of(LiveEvent event) {
      return event instanceof Transition t ? new Item(t, null) : new Item(null, (Progress) event);
    }

    LiveEvent event() {
      return transition != null ? transition : progress;
    }
  }

  static String of(LiveEvent event) {
    return JSON.toJson(event);
  }

  static String of(List<? extends LiveEvent> events) {
    return JSON.toJson(events.stream().map(Item::of).toList());
  }

  static List<LiveEvent> list(String json) {
    return List.of(JSON.fromJson(json, Item[].class)).stream().map(Item::event).toList();
  }
}
