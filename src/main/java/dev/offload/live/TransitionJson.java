package dev.offload.live;

import dev.offload.tasks.entity.Transition;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.List;

/** Transitions as they travel: JSON on the topic and in event streams. */
final class TransitionJson {

  private static final Jsonb JSON = JsonbBuilder.create();

  private TransitionJson() {}

  static String of(Transition transition) {
    return JSON.toJson(transition);
  }

  static String of(List<Transition> transitions) {
    return JSON.toJson(transitions);
  }

  static List<Transition> list(String json) {
    return List.of(JSON.fromJson(json, Transition[].class));
  }
}
