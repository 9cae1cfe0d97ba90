package dev.cairn.runtime;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names of objects in the store: {@code checkpoints/<stage>/<key>.ckpt}, where {@code <stage>} is
 * the stage id made safe for file names plus a short hash of the exact id (so two ids that clean
 * up to the same text do not share a folder); {@code explain/<stage>/last};
 * {@code invalidations/<stage>}; and {@code runs/<runId>.tsv}.
 */
final class CheckpointNames {
  private CheckpointNames() {}

  static String checkpoint(String stageId, Hash key) {
    return stageFolder(stageId) + key.hex() + ".ckpt";
  }

  /** The record of a failed stage call: inputs and stack trace. */
  static String failure(String runId, String stageId, Hash key) {
    return "failures/" + runId + "/" + folderName(stageId) + "/" + key.hex() + ".txt";
  }

  /** The lease lock of one stage call, held while a process computes it. */
  static String lock(String stageId, Hash key) {
    return "locks/" + folderName(stageId) + "/" + key.hex() + ".lock";
  }

  /** The folder of a stage call's progress snapshots, ending with {@code /}. */
  static String progressFolder(String stageId, Hash key) {
    return "progress/" + folderName(stageId) + "/" + key.hex() + "/";
  }

  /** The inputs of the stage's most recently computed call: what a miss is explained against. */
  static String lastInputs(String stageId) {
    return "explain/" + folderName(stageId) + "/last";
  }

  /** How often one key of a stage was invalidated by {@code Cairn.invalidate(stage, key)}. */
  static String keyInvalidation(String stageId, Hash key) {
    return "invalidations/" + folderName(stageId) + ".keys/" + key.hex();
  }

  /** The stage's invalidation generation, bumped by {@code Cairn.invalidate}. */
  static String generation(String stageId) {
    return "invalidations/" + folderName(stageId);
  }

  /** The folder holding every checkpoint of a stage, ending with {@code /}. */
  static String stageFolder(String stageId) {
    return "checkpoints/" + folderName(stageId) + "/";
  }

  /** Stage ids seen, and their folder names: computing one takes a regex and a SHA-256. */
  private static final ConcurrentHashMap<String, String> FOLDERS = new ConcurrentHashMap<>();

  private static String folderName(String stageId) {
    return FOLDERS.computeIfAbsent(stageId, CheckpointNames::computeFolderName);
  }

  private static String computeFolderName(String stageId) {
    String safe = stageId.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.length() > 80) {
      safe = safe.substring(safe.length() - 80);
    }
    while (safe.startsWith(".")) {
      safe = safe.substring(1);
    }
    return safe + "-" + Hash.of(stageId).hex().substring(0, 8).toLowerCase(Locale.ROOT);
  }

  static String run(String runId) {
    return "runs/" + runId + ".tsv";
  }
}
