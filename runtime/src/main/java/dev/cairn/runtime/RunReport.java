package dev.cairn.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Every stage call of one run of a {@link Cairn}, in the order they finished.
 *
 * @param runId sortable id of the run: UTC start time and process id
 * @param started when the {@code Cairn} was built
 * @param calls the calls, in the order they finished
 */
public record RunReport(String runId, Instant started, List<StageCallRecord> calls) {
  public RunReport {
    // the recorder's view is immutable already; copying it made every lastRun() O(calls)
    calls = calls instanceof RunRecorder.Calls ? calls : List.copyOf(calls);
  }

  /** The calls of one stage, by id. */
  public List<StageCallRecord> callsOf(String stage) {
    return calls.stream().filter(c -> c.stage().equals(stage)).toList();
  }

  /** How many calls had the given outcome. */
  public long count(Outcome outcome) {
    return calls.stream().filter(c -> c.outcome() == outcome).count();
  }

  /** Total compute time avoided by reusing results. */
  public Duration saved() {
    return calls.stream().map(StageCallRecord::saved).reduce(Duration.ZERO, Duration::plus);
  }

  /** Total bytes written to the store. */
  public long bytesWritten() {
    return calls.stream().mapToLong(StageCallRecord::bytesWritten).sum();
  }
}
