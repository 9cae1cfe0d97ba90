package dev.cairn.runtime;

import java.time.Duration;
import java.util.Map;

/** How progress snapshots are taken and kept; set through {@link Cairn.Builder}. */
record ProgressSettings(ProgressPolicy policy, Map<String, ProgressPolicy> perStage,
    int snapshotsKept, Duration preemptionGrace) {
  ProgressSettings {
    perStage = Map.copyOf(perStage);
  }

  ProgressPolicy policyFor(String stage) {
    return perStage.getOrDefault(stage, policy);
  }
}
