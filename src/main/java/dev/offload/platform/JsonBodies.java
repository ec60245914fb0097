package dev.offload.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Request bodies read as JSON, within limits checked while streaming, before the body is built into
 * objects: building (and later writing) a value recurses once per level, so a body nested a hundred
 * thousand levels deep would overflow the thread's stack; the object model keeps the last of two
 * members with one name, so a duplicate would be silently dropped; and one huge string would be
 * stored, logged and sent on every read of its task.
 */
@ApplicationScoped
public class JsonBodies {

  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  private final int maxDepth;
  private final int maxStringLength;

  /** For CDI's client proxy only. */
  protected JsonBodies() {
    this(0, 0);
  }

  @Inject
  public JsonBodies(
      @ConfigProperty(name = "offload.json.max-depth", defaultValue = "64") int maxDepth,
      @ConfigProperty(name = "offload.json.max-string-length", defaultValue = "65536")
          int maxStringLength) {
    this.maxDepth = maxDepth;
    this.maxStringLength = maxStringLength;
  }

  /**
   * The body's JSON value; malformed JSON throws {@link jakarta.json.stream.JsonParsingException},
   * a body over a limit or with a member named twice in one object a {@link Problem} (400).
   */
  public JsonValue read(String body) {
    // The member names of each open object and array (an array's set stays empty).
    Deque<Set<String>> open = new ArrayDeque<>();
    try (JsonParser parser = Json.createParser(new StringReader(body))) {
      while (parser.hasNext()) {
        switch (parser.next()) {
          case START_OBJECT -> enter(open, new HashSet<>());
          case START_ARRAY -> enter(open, Set.of());
          case END_OBJECT, END_ARRAY -> open.pop();
          case KEY_NAME -> {
            String name = limited(parser.getString());
            if (!open.peek().add(name)) {
              throw Problem.badRequest(
                  "the member \"" + name + "\" appears twice in one object; name it once");
            }
          }
          case VALUE_STRING, VALUE_NUMBER -> limited(parser.getString());
          default -> {}
        }
      }
    }
    return READERS.createReader(new StringReader(body)).readValue();
  }

  private void enter(Deque<Set<String>> open, Set<String> names) {
    if (open.size() == maxDepth) {
      throw Problem.badRequest(
          "the body nests objects and arrays more than "
              + maxDepth
              + " levels deep (offload.json.max-depth)");
    }
    open.push(names);
  }

  private String limited(String text) {
    if (text.length() > maxStringLength) {
      throw Problem.badRequest(
          "a string in the body has "
              + text.length()
              + " characters, more than the "
              + maxStringLength
              + " allowed (offload.json.max-string-length)");
    }
    return text;
  }
}
