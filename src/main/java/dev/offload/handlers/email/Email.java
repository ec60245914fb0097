package dev.offload.handlers.email;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An {@code email} task's payload, checked: the recipients, the subject and a text and/or an HTML
 * body. Parsed when the task is submitted (to refuse bad input with 400) and again by the worker.
 */
record Email(List<InternetAddress> to, String subject, String text, String html) {

  static final int MAX_RECIPIENTS = 50;
  static final int MAX_SUBJECT_LENGTH = 500;

  private static final Set<String> MEMBERS = Set.of("to", "subject", "text", "html");

  /** Reads a payload; throws {@link IllegalArgumentException} saying what is wrong with it. */
  static Email parse(JsonObject payload) {
    for (String member : payload.keySet()) {
      if (!MEMBERS.contains(member)) {
        throw new IllegalArgumentException(
            "unknown member '" + member + "'; an email payload has " + new TreeSet<>(MEMBERS));
      }
    }
    String subject = string(payload, "subject");
    if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH) {
      throw new IllegalArgumentException(
          "\"subject\" is required: a string of 1 to " + MAX_SUBJECT_LENGTH + " characters");
    }
    if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("\"subject\" must be on one line");
    }
    String text = string(payload, "text");
    String html = string(payload, "html");
    if (text == null && html == null) {
      throw new IllegalArgumentException("give \"text\", \"html\" or both");
    }
    return new Email(recipients(payload), subject, text, html);
  }

  private static List<InternetAddress> recipients(JsonObject payload) {
    if (!(payload.get("to") instanceof JsonArray array)
        || array.isEmpty()
        || array.size() > MAX_RECIPIENTS) {
      throw new IllegalArgumentException(
          "\"to\" is required: an array of 1 to " + MAX_RECIPIENTS + " e-mail addresses");
    }
    List<InternetAddress> to = new ArrayList<>();
    for (JsonValue item : array) {
      if (!(item instanceof JsonString address)) {
        throw new IllegalArgumentException("\"to\" must hold e-mail addresses as strings");
      }
      try {
        InternetAddress parsed = new InternetAddress(address.getString(), true);
        if (parsed.isGroup() || !parsed.getAddress().contains("@")) {
          throw new AddressException("not a single address with a domain");
        }
        to.add(parsed);
      } catch (AddressException e) {
        throw new IllegalArgumentException(
            "'" + address.getString() + "' is not an e-mail address: " + e.getMessage());
      }
    }
    return to;
  }

  private static String string(JsonObject payload, String name) {
    JsonValue value = payload.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (!(value instanceof JsonString string)) {
      throw new IllegalArgumentException("\"" + name + "\" must be a string");
    }
    return string.getString();
  }
}
