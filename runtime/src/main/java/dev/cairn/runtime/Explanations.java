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
  private Explanations() {}

  static byte[] encode(Map<String, String> inputs) {
    StringBuilder text = new StringBuilder();
    inputs.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  static Map<String, String> decode(byte[] bytes) {
    Map<String, String> inputs = new LinkedHashMap<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        inputs.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return inputs;
  }

  /** Why {@code key} missed, given the previous computed call's components (null if none). */
  static String whyMissed(StageKey key, Map<String, String> previous) {
    if (previous == null) {
      return "no checkpoint for this key (first run of this stage)";
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
