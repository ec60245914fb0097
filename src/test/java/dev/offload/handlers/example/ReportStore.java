package dev.offload.handlers.example;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The outside service of the example: stands in for an object store or a partner's API. */
public class ReportStore {

  final Map<String, String> uploads = new ConcurrentHashMap<>();
  volatile Set<String> accepted = ReportHandler.REPORTS;
  volatile boolean busy;

  boolean accepts(String report) {
    return accepted.contains(report);
  }

  boolean isBusy() {
    return busy;
  }

  /** Stores a report under a key: the same key twice keeps one report. */
  String upload(String key, String report) {
    uploads.put(key, report);
    return "store://reports/" + key;
  }
}
