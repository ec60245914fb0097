package dev.offload.platform;

import jakarta.json.Json;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.Map;

/**
 * Request bodies read as JSON. Nesting deeper than {@link #MAX_DEPTH} is refused before the body is
 * built into objects: the streaming parser keeps no stack of its own, while building (and later
 * writing) a value recurses once per level, and a body nested a hundred thousand levels deep
 * overflows the thread's stack.
 */
public final class JsonBodies {

  /** The deepest a request may nest objects and arrays, a task's payload included. */
  public static final int MAX_DEPTH = 64;

  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  private JsonBodies() {}

  /**
   * The body's JSON value; malformed JSON throws {@link jakarta.json.stream.JsonParsingException},
   * too deep a body a {@link Problem} (400).
   */
  public static JsonValue read(String body) {
    try (JsonParser parser = Json.createParser(new StringReader(body))) {
      int depth = 0;
      while (parser.hasNext()) {
        switch (parser.next()) {
          case START_OBJECT, START_ARRAY -> {
            if (++depth > MAX_DEPTH) {
              throw Problem.badRequest(
                  "the body nests objects and arrays more than " + MAX_DEPTH + " levels deep");
            }
          }
          case END_OBJECT, END_ARRAY -> depth--;
          default -> {}
        }
      }
    }
    return READERS.createReader(new StringReader(body)).readValue();
  }
}
