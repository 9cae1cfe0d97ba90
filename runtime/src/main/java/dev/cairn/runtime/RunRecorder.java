package dev.cairn.runtime;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.RandomAccess;

/**
 * Collects the {@link StageCallRecord}s of one run; writes them as {@code runs/<runId>.tsv} and
 * prints the summary when the {@link Cairn} closes.
 */
final class RunRecorder {
  static final String HEADER = "stage\tkey\toutcome\treason\tmillis\tsavedMillis\tbytesWritten";
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Instant started = Instant.now();
  private final String runId = RUN_ID.format(started) + "-" + ProcessHandle.current().pid();
  private StageCallRecord[] calls = new StageCallRecord[64];
  private int size;

  synchronized void record(StageCallRecord call) {
    if (size == calls.length) {
      calls = Arrays.copyOf(calls, size * 2); // earlier reports keep viewing the old array
    }
    calls[size++] = call;
  }

  /** The calls so far, without copying them: a report taken after each call stays cheap. */
  synchronized RunReport report() {
    return new RunReport(runId, started, new Calls(calls, size));
  }

  String runId() {
    return runId;
  }

  /**
   * An immutable view of the first {@code size} recorded calls: a slot is written once, before
   * any view that covers it is taken, and a view never looks past its size.
   */
  static final class Calls extends AbstractList<StageCallRecord> implements RandomAccess {
    private final StageCallRecord[] calls;
    private final int size;

    private Calls(StageCallRecord[] calls, int size) {
      this.calls = calls;
      this.size = size;
    }

    @Override
    public StageCallRecord get(int index) {
      if (index < 0 || index >= size) {
        throw new IndexOutOfBoundsException("call " + index + " of " + size);
      }
      return calls[index];
    }

    @Override
    public int size() {
      return size;
    }
  }

  static byte[] toTsv(RunReport report) {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    for (StageCallRecord c : report.calls()) {
      out.append(clean(c.stage())).append('\t')
          .append(c.key()).append('\t')
          .append(c.outcome()).append('\t')
          .append(clean(c.reason())).append('\t')
          .append(c.time().toMillis()).append('\t')
          .append(c.saved().toMillis()).append('\t')
          .append(c.bytesWritten()).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String clean(String text) {
    return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }

  /** Prints one line per stage: what its calls did, time spent and saved, bytes written. */
  static void printSummary(RunReport report, String store, PrintStream out) {
    Map<String, List<StageCallRecord>> byStage = new LinkedHashMap<>();
    for (StageCallRecord c : report.calls()) {
      byStage.computeIfAbsent(c.stage(), k -> new ArrayList<>()).add(c);
    }
    int width = Math.min(48,
        Math.max(5, byStage.keySet().stream().mapToInt(String::length).max().orElse(5)));
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "cairn: run %s on %s: %d stage calls, %d computed, %d reused "
            + "(%d memory, %d disk), %d failed; saved %s, wrote %s%n",
        report.runId(), store, report.calls().size(), report.count(Outcome.COMPUTED),
        report.count(Outcome.MEMORY) + report.count(Outcome.DISK), report.count(Outcome.MEMORY),
        report.count(Outcome.DISK), report.count(Outcome.FAILED), duration(report.saved()),
        bytes(report.bytesWritten())));
    if (!byStage.isEmpty()) {
      text.append(String.format(Locale.ROOT, "  %-" + width + "s  %-22s %9s %9s %9s  %s%n",
          "stage", "outcome", "time", "saved", "written", "why computed"));
    }
    byStage.forEach((stage, stageCalls) -> {
      Duration time = stageCalls.stream().map(StageCallRecord::time).reduce(Duration.ZERO, Duration::plus);
      Duration saved = stageCalls.stream().map(StageCallRecord::saved).reduce(Duration.ZERO, Duration::plus);
      long written = stageCalls.stream().mapToLong(StageCallRecord::bytesWritten).sum();
      String why = stageCalls.stream().map(StageCallRecord::reason).filter(r -> !r.isEmpty())
          .findFirst().orElse("");
      text.append(String.format(Locale.ROOT, "  %-" + width + "s  %-22s %9s %9s %9s  %s%n",
          abbreviate(stage, width), outcomes(stageCalls), duration(time), duration(saved),
          bytes(written), why));
    });
    out.print(text);
    out.flush();
  }

  private static String outcomes(List<StageCallRecord> calls) {
    if (calls.size() == 1) {
      return calls.get(0).outcome().name().toLowerCase(Locale.ROOT);
    }
    Map<Outcome, Integer> counts = new LinkedHashMap<>();
    for (StageCallRecord c : calls) {
      counts.merge(c.outcome(), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((o, n) -> parts.add(n + " " + o.name().toLowerCase(Locale.ROOT)));
    return String.join(", ", parts);
  }

  private static String abbreviate(String text, int width) {
    return text.length() <= width ? text : "…" + text.substring(text.length() - width + 1);
  }

  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  static String bytes(long n) {
    if (n == 0) {
      return "-";
    }
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
    }
    if (n < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GB", n / (1024.0 * 1024 * 1024));
  }
}
