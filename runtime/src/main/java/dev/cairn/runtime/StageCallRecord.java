package dev.cairn.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * What one stage call did in a run.
 *
 * @param stage the stage id
 * @param key the call's key, hex
 * @param outcome computed, reused from memory or disk, or failed
 * @param reason why it was computed (or failed); empty when reused
 * @param time wall time of the call, including lookup, computation and writing
 * @param saved for a reused result, the compute time recorded when it was computed
 * @param bytesWritten bytes written to the store by this call
 */
public record StageCallRecord(
    String stage, String key, Outcome outcome, String reason, Duration time, Duration saved,
    long bytesWritten) {
  public StageCallRecord {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(saved, "saved");
  }
}
