package dev.cairn.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata a checkpoint carries (see {@code docs/FORMAT.md}): stage, key, creation time,
 * compute time, payload class, the key's components ({@code input.*}) and the nested stage calls
 * made while computing it ({@code trace.<i>.*}).
 */
final class CheckpointMetadata {
  private CheckpointMetadata() {}

  static Map<String, String> of(String stage, StageKey key, StoredResult stored, String payloadClass,
      Instant created) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("stage", stage);
    metadata.put("key", key.hash().hex());
    metadata.put("created", created.toString());
    metadata.put("computeNanos", Long.toString(stored.computeNanos()));
    metadata.put("payloadClass", payloadClass);
    key.inputs().forEach((name, value) -> metadata.put("input." + name, value));
    List<TraceEntry> trace = stored.trace();
    for (int i = 0; i < trace.size(); i++) {
      TraceEntry entry = trace.get(i);
      String prefix = "trace." + i + ".";
      metadata.put(prefix + "stage", entry.stage());
      entry.inputs().forEach((name, value) -> metadata.put(prefix + "input." + name, value));
      entry.files().forEach((name, path) -> metadata.put(prefix + "file." + name, path));
    }
    return metadata;
  }

  static long computeNanos(Map<String, String> metadata) {
    try {
      return Long.parseLong(metadata.getOrDefault("computeNanos", "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static List<TraceEntry> trace(Map<String, String> metadata) throws CorruptCheckpointException {
    List<TraceEntry> trace = new ArrayList<>();
    for (int i = 0; ; i++) {
      String prefix = "trace." + i + ".";
      String stage = metadata.get(prefix + "stage");
      if (stage == null) {
        return trace;
      }
      Map<String, String> inputs = new LinkedHashMap<>();
      Map<String, String> files = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        if (e.getKey().startsWith(prefix + "input.")) {
          inputs.put(e.getKey().substring(prefix.length() + 6), e.getValue());
        } else if (e.getKey().startsWith(prefix + "file.")) {
          files.put(e.getKey().substring(prefix.length() + 5), e.getValue());
        }
      }
      if (!inputs.containsKey("code")) {
        throw new CorruptCheckpointException("its trace entry " + i + " has no code fingerprint");
      }
      trace.add(new TraceEntry(stage, inputs, files));
    }
  }
}
