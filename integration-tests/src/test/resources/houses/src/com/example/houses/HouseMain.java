package com.example.houses;

import dev.cairn.runtime.Cairn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code HouseMain --store DIR --data CSV [--degree N] [--tolerance X] [--learning-rate X]
 * [--epochs N] [--label TEXT] [--invalidate STAGE]... [--invalidate-key STAGE=KEY]...
 * [--only count]}: runs {@link HousePipeline} on CSV with its checkpoints in DIR, after
 * invalidating the named stages (every checkpoint of each, or one key of it); with
 * {@code --only count}, only counts the houses.
 */
public final class HouseMain {
  private HouseMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    List<String> invalidate = new ArrayList<>();
    List<String> invalidateKeys = new ArrayList<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected an option, got " + args[i]);
      }
      if (args[i].equals("--invalidate")) {
        invalidate.add(args[i + 1]);
      } else if (args[i].equals("--invalidate-key")) {
        invalidateKeys.add(args[i + 1]);
      } else {
        options.put(args[i].substring(2), args[i + 1]);
      }
    }
    if (args.length % 2 != 0 || !options.containsKey("store") || !options.containsKey("data")) {
      System.err.println("usage: HouseMain --store DIR --data CSV [--degree N] [--tolerance X] "
          + "[--learning-rate X] [--epochs N] [--label TEXT] [--invalidate STAGE]... "
          + "[--invalidate-key STAGE=KEY]... [--only count]");
      System.exit(2);
    }
    try (Cairn cairn = Cairn.builder().directory(Path.of(options.get("store"))).build()) {
      for (String stage : invalidate) {
        System.out.println("invalidated " + stage + ": " + cairn.invalidate(stage) + " checkpoints");
      }
      for (String stageAndKey : invalidateKeys) {
        int eq = stageAndKey.lastIndexOf('=');
        String stage = stageAndKey.substring(0, eq);
        String key = stageAndKey.substring(eq + 1);
        System.out.println("invalidated " + stage + " key " + key + ": " + cairn.invalidate(stage, key));
      }
      HousePipeline pipeline = new ResumableHousePipeline(cairn,
          Double.parseDouble(options.getOrDefault("learning-rate", "0.05")),
          Integer.parseInt(options.getOrDefault("epochs", "300")),
          options.getOrDefault("label", "houses"),
          System.out);
      if ("count".equals(options.get("only"))) {
        System.out.println("houses: " + pipeline.count(options.get("data")));
        return;
      }
      Evaluation evaluation = pipeline.run(Path.of(options.get("data")),
          Integer.parseInt(options.getOrDefault("degree", "2")),
          Double.parseDouble(options.getOrDefault("tolerance", "25")));
      System.out.println("evaluation: " + evaluation);
    }
  }
}
