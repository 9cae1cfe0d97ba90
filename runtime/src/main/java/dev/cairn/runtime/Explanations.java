package dev.cairn.runtime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Says why a stage call was computed, by comparing its key's components with those of the stage's
 * previous computed call ({@code explain/<stage>/last} in the store): code changed, version
 * bumped, invalidated, an argument, field or file changed, an upstream result changed.
 */
final class Explanations {
  /** The entry of a record that says which {@link KeyBuilder#FORMAT} its keys were made with. */
  private static final String KEY_FORMAT = "keyFormat";

  private Explanations() {}

  /** The {@code explain/<stage>/last} object: lines {@code name=value}, as checkpoint metadata. */
  static byte[] encode(Map<String, String> record) {
    return CheckpointFile.encodeMetadata(record);
  }

  /** What is recorded of a computed call: its key's components and how keys were made. */
  static Map<String, String> record(Map<String, String> inputs) {
    Map<String, String> record = new LinkedHashMap<>(inputs);
    record.put(KEY_FORMAT, KeyBuilder.FORMAT);
    return record;
  }

  /** Reads {@link #encode}'s output; null if it is malformed (then nothing is compared). */
  static Map<String, String> decode(byte[] bytes) {
    try {
      return CheckpointFile.decodeMetadata(new String(bytes, StandardCharsets.UTF_8));
    } catch (CorruptCheckpointException e) {
      return null;
    }
  }

  /** Why {@code key} missed, given the previous computed call's components (null if none). */
  static String whyMissed(StageKey key, Map<String, String> previous) {
    if (previous == null) {
      return "no checkpoint for this key (first run of this stage)";
    }
    if (!KeyBuilder.FORMAT.equals(previous.get(KEY_FORMAT))) {
      return "keys are made differently since the Cairn version that computed this stage last "
          + "(its checkpoints are not read; they can be deleted)";
    }
    Map<String, String> now = key.inputs();
    if (!now.get("code").equals(previous.get("code"))) {
      return "code changed";
    }
    if (!now.get("version").equals(previous.get("version"))) {
      return "version bumped (" + show(previous.get("version")) + " -> " + show(now.get("version")) + ")";
    }
    if (!now.get("generation").equals(previous.get("generation"))) {
      return "invalidated";
    }
    List<String> changes = new ArrayList<>();
    for (Map.Entry<String, String> input : now.entrySet()) {
      String name = input.getKey();
      if (input.getValue().equals(previous.get(name))) {
        continue;
      }
      if (name.startsWith("arg.")) {
        String parameter = name.substring(4);
        if (key.upstream().containsKey(parameter)) {
          changes.add("upstream " + key.upstream().get(parameter) + " changed (argument '" + parameter + "')");
        } else if (key.files().containsKey(parameter)) {
          changes.add("file " + key.files().get(parameter) + " changed (argument '" + parameter + "')");
        } else {
          changes.add("argument '" + parameter + "' changed");
        }
      } else if (name.startsWith("field.")) {
        changes.add("field '" + name.substring(6) + "' changed");
      }
    }
    if (changes.isEmpty()) {
      return "no checkpoint for this key (its inputs equal the previous call's: the checkpoint was "
          + "deleted, set aside or never written)";
    }
    return String.join(", ", changes);
  }

  private static String show(String version) {
    return version == null || version.isEmpty() ? "none" : "'" + version + "'";
  }
}
