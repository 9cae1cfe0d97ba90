package dev.cairn.benchmarks.report;

import dev.cairn.benchmarks.Payloads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns JMH's JSON results (and the digits timings of {@code run.sh}) into {@code RESULTS.md}:
 * the machine, the JDK, the command, and per item of the benchmark issue a table of Cairn against
 * its baselines, with the targets of the issues and whether they are met, then every raw score.
 *
 * <pre>
 * java -cp benchmarks.jar dev.cairn.benchmarks.report.Report --json results.json --out RESULTS.md
 *     [--mode full|quick] [--command TEXT] [--date TEXT] [--digits timings.tsv]
 *     [--bench-dir DIR] [--analysis analysis.md]
 * </pre>
 *
 * Ratios are computed from the median of each benchmark's iteration scores, which resists the
 * occasional stall of a shared machine better than the mean; the tables also give JMH's mean
 * and its 99.9% confidence half-width.
 */
public final class Report {
  private final List<Result> results;
  private final Map<String, String> options;
  private final List<String[]> targets = new ArrayList<>();
  private final StringBuilder body = new StringBuilder();

  /** One JMH result. */
  record Result(String benchmark, Map<String, String> params, String mode, double score,
      double error, String unit, List<Double> samples, Map<String, Object> json) {
    /** Short name: {@code SaveBenchmark.cairn}. */
    String name() {
      String[] parts = benchmark.split("\\.");
      return parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    double toSeconds() {
      String u = unit.replace("/op", "");
      return switch (u) {
        case "s" -> 1;
        case "ms" -> 1e-3;
        case "us" -> 1e-6;
        case "ns" -> 1e-9;
        default -> throw new IllegalArgumentException("unsupported unit " + unit);
      };
    }

    /** Median of the iteration scores, in seconds. */
    double median() {
      List<Double> sorted = new ArrayList<>(samples);
      Collections.sort(sorted);
      int n = sorted.size();
      double m = n == 0 ? score : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
      return m * toSeconds();
    }

    double mean() {
      return score * toSeconds();
    }

    double err() {
      return Double.isNaN(error) ? Double.NaN : error * toSeconds();
    }

    String param(String name) {
      return params.get(name);
    }

    /** The per-iteration values of a secondary metric (such as an aux counter). */
    @SuppressWarnings("unchecked")
    List<Double> secondary(String metric) {
      List<Double> out = new ArrayList<>();
      Object all = json.get("secondaryMetrics");
      if (all instanceof Map<?, ?> map && map.get(metric) instanceof Map<?, ?> m) {
        for (Object fork : (List<Object>) ((Map<String, Object>) m).getOrDefault("rawData", List.of())) {
          for (Object v : (List<Object>) fork) {
            out.add(number(v));
          }
        }
      }
      return out;
    }
  }

  private Report(List<Result> results, Map<String, String> options) {
    this.results = results;
    this.options = options;
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    if (!options.containsKey("json") || !options.containsKey("out")) {
      System.err.println("usage: Report --json results.json --out RESULTS.md [--mode M] [--command C]"
          + " [--date D] [--digits timings.tsv] [--bench-dir DIR] [--analysis FILE]");
      System.exit(2);
    }
    List<Result> results = read(Path.of(options.get("json")));
    String markdown = new Report(results, options).render();
    Path out = Path.of(options.get("out"));
    Files.writeString(out, markdown, StandardCharsets.UTF_8);
    System.out.println("wrote " + out + " (" + results.size() + " results)");
  }

  @SuppressWarnings("unchecked")
  static List<Result> read(Path json) throws IOException {
    List<Result> out = new ArrayList<>();
    for (Object item : (List<Object>) Json.parse(Files.readString(json, StandardCharsets.UTF_8))) {
      Map<String, Object> r = (Map<String, Object>) item;
      Map<String, Object> primary = (Map<String, Object>) r.get("primaryMetric");
      Map<String, String> params = new LinkedHashMap<>();
      Object p = r.get("params");
      if (p instanceof Map<?, ?> map) {
        map.forEach((k, v) -> params.put((String) k, String.valueOf(v)));
      }
      List<Double> samples = new ArrayList<>();
      for (Object fork : (List<Object>) primary.getOrDefault("rawData", List.of())) {
        for (Object s : (List<Object>) fork) {
          samples.add(number(s));
        }
      }
      out.add(new Result((String) r.get("benchmark"), params, (String) r.get("mode"),
          number(primary.get("score")), number(primary.get("scoreError")),
          (String) primary.get("scoreUnit"), samples, r));
    }
    return out;
  }

  private static double number(Object value) {
    if (value instanceof Double d) {
      return d;
    }
    if (value instanceof String s) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  private Optional<Result> find(String name, Predicate<Result> filter) {
    return results.stream().filter(r -> r.name().equals(name)).filter(filter).findFirst();
  }

  private Optional<Result> find(String name, String param, String value) {
    return find(name, r -> value.equals(r.param(param)));
  }

  private List<String> values(String benchmarkClass, String param) {
    Set<String> out = new LinkedHashSet<>();
    for (Result r : results) {
      if (r.name().startsWith(benchmarkClass + ".") && r.param(param) != null) {
        out.add(r.param(param));
      }
    }
    return new ArrayList<>(out);
  }

  // ---------------------------------------------------------------------------------------------

  String render() {
    save();
    load();
    reuse();
    miss();
    digits();
    training();
    keys();
    StringBuilder out = new StringBuilder();
    out.append("# Cairn benchmark results\n\n");
    out.append("Generated by `benchmarks/run.sh` (").append(options.getOrDefault("mode", "full"))
        .append(" mode) on ").append(options.getOrDefault("date", "(date not given)")).append(".\n\n");
    out.append("```\n").append(options.getOrDefault("command", "(command not given)")).append("\n```\n\n");
    if ("quick".equals(options.get("mode"))) {
      out.append("**Quick mode**: minimal iterations and tiny sizes, only to prove that every "
          + "benchmark runs. These numbers mean nothing; run `benchmarks/run.sh` for real ones.\n\n");
    }
    machine(out);
    out.append("## How to read this\n\n");
    out.append("Every benchmark is a JMH benchmark in `benchmarks/src/main/java/dev/cairn/benchmarks`; "
        + "each compares Cairn with baselines run by the same JMH invocation on the same machine, "
        + "so the ratios, not the absolute times, are the result (the machine is shared and noisy). "
        + "Ratios are computed from the **median** of each benchmark's iteration scores; the time "
        + "columns give the median, and JMH's mean ± its 99.9% confidence half-width. Stage calls "
        + "go through `PipelineStages.call`, the entry point generated `Resumable` classes use. "
        + "Stores and baseline files live in the same directory, on the same file system. "
        + "Speed ratios are *baseline time / Cairn time*: above 1 Cairn is faster.\n\n");
    out.append("## Targets\n\n");
    out.append("| Issue | Target | Measured | Status |\n|---|---|---|---|\n");
    for (String[] t : targets) {
      out.append("| ").append(String.join(" | ", t)).append(" |\n");
    }
    out.append('\n');
    String analysis = options.get("analysis");
    boolean analysed = analysis != null && Files.isRegularFile(Path.of(analysis));
    if (analysed) {
      out.append("A status is this run's alone. On a shared machine a figure close to its target "
          + "can land on either side of it from run to run: the section \"Why targets are "
          + "missed\" below gives other runs' figures and what is known about each such target.\n\n");
    }
    out.append(body);
    if (analysed) {
      try {
        out.append(Files.readString(Path.of(analysis), StandardCharsets.UTF_8).strip()).append("\n\n");
      } catch (IOException e) {
        out.append("(could not read ").append(analysis).append(": ").append(e).append(")\n\n");
      }
    }
    raw(out);
    return out.toString();
  }

  private void machine(StringBuilder out) {
    out.append("## Machine\n\n| | |\n|---|---|\n");
    row(out, "CPUs", Integer.toString(Runtime.getRuntime().availableProcessors()));
    row(out, "CPU", cpuModel());
    row(out, "Memory", memory());
    row(out, "OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
        + System.getProperty("os.arch") + ")");
    row(out, "Benchmark files", fileSystem());
    if (options.containsKey("load-before")) {
      row(out, "Load average (1, 5, 15 min)", "before the run: " + options.get("load-before")
          + "; after: " + options.getOrDefault("load-after", "?")
          + " — other work on the machine competes with the benchmarks");
    }
    Optional<Result> any = results.stream().findFirst();
    row(out, "JDK", any.map(r -> r.json().get("jdkVersion") + ", " + r.json().get("vmName") + " "
        + r.json().get("vmVersion")).orElse(System.getProperty("java.version")));
    row(out, "JMH", any.map(r -> String.valueOf(r.json().get("jmhVersion"))).orElse("?"));
    out.append('\n');
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append("| ").append(name).append(" | ").append(value.replace("|", "/")).append(" |\n");
  }

  private static String cpuModel() {
    try {
      String model = null;
      String flags = "";
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (model == null && line.startsWith("model name")) {
          model = line.substring(line.indexOf(':') + 1).trim();
        } else if (flags.isEmpty() && line.startsWith("flags")) {
          flags = " " + line.substring(line.indexOf(':') + 1).trim() + " ";
        }
      }
      List<String> notable = new ArrayList<>();
      for (String f : List.of("sha_ni", "avx2", "avx512f")) {
        if (flags.contains(" " + f + " ")) {
          notable.add(f);
        }
      }
      return (model == null ? "?" : model)
          + (notable.isEmpty() ? "" : " (" + String.join(", ", notable) + ")")
          + (flags.contains(" hypervisor ") ? ", virtual machine" : "");
    } catch (IOException | RuntimeException e) {
      return System.getProperty("os.arch");
    }
  }

  private static String memory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return "?";
  }

  private String fileSystem() {
    String dir = options.get("bench-dir");
    if (dir == null) {
      return "?";
    }
    try {
      Path path = Path.of(dir);
      FileStore store = Files.getFileStore(Files.exists(path) ? path : path.toAbsolutePath().getParent());
      return String.format(Locale.ROOT, "%s: %s on %s, %.0f GiB, %.0f GiB free", dir, store.type(),
          store.name(), store.getTotalSpace() / 1073741824.0, store.getUsableSpace() / 1073741824.0);
    } catch (IOException | RuntimeException e) {
      return dir;
    }
  }

  // ---------------------------------------------------------------------------------------------

  private void save() {
    List<String> payloads = values("SaveBenchmark", "payload");
    if (payloads.isEmpty()) {
      return;
    }
    body.append("## 1. Durable save (issue 6, item 1)\n\n");
    body.append("A `@Checkpoint` stage call that misses and persists its result (lookups, file lock, "
        + "serialization, frame and checksums, temp file, fsync, rename, directory fsync, the run "
        + "record; the record that explains the next miss is written behind, off the caller's "
        + "thread), against (a) **raw**: the payload's bytes copied once into a "
        + "direct buffer and written with `FileChannel`, `force(true)`, atomic rename and directory "
        + "fsync — the limit; (b) **ObjectOutputStream** to a file with the same durability. For the "
        + "object graph, raw writes as many bytes as Cairn's checkpoint file holds.\n\n");
    body.append("| Payload | Cairn | raw | ObjectOutputStream | speed vs raw | speed vs OOS |\n");
    body.append("|---|---|---|---|---|---|\n");
    for (String payload : payloads) {
      Optional<Result> cairn = find("SaveBenchmark.cairn", "payload", payload);
      Optional<Result> raw = find("SaveBenchmark.raw", "payload", payload);
      Optional<Result> oos = find("SaveBenchmark.objectOutputStream", "payload", payload);
      double vsRaw = ratio(raw, cairn);
      double vsOos = ratio(oos, cairn);
      body.append("| ").append(payload).append(" | ").append(time(cairn)).append(" | ").append(time(raw))
          .append(" | ").append(time(oos)).append(" | ").append(times(vsRaw)).append(" | ")
          .append(times(vsOos)).append(" |\n");
      if (payload.startsWith("floats:")) {
        target("6.1", "save " + payload + ": at least 0.9x the raw limit", times(vsRaw), vsRaw >= 0.9);
      } else {
        target("6.1", "save " + payload + ": at least 10x faster than ObjectOutputStream", times(vsOos),
            vsOos >= 10);
      }
    }
    body.append('\n');
  }

  private void load() {
    List<String> payloads = values("LoadBenchmark", "payload");
    if (payloads.isEmpty()) {
      return;
    }
    body.append("## 2. Load, and 3. reuse from disk (issue 6, items 2 and 3)\n\n");
    body.append("A stage call answered from disk (memory tier off, keys cycled so every call reads its "
        + "checkpoint: key, read, both checksums, class-shape check, deserialization into a fresh "
        + "value), against the file's bytes read with `FileChannel` into a fresh array (**raw**, "
        + "the limit; for the object graph, as many bytes as Cairn's file) and "
        + "**ObjectInputStream**. Files are in the page cache for all three. The issue sets no "
        + "target for loads.\n\n");
    body.append("| Payload | Cairn disk hit | raw read | ObjectInputStream | speed vs raw | speed vs OIS |\n");
    body.append("|---|---|---|---|---|---|\n");
    for (String payload : payloads) {
      Optional<Result> cairn = find("LoadBenchmark.cairn", "payload", payload);
      Optional<Result> raw = find("LoadBenchmark.raw", "payload", payload);
      Optional<Result> ois = find("LoadBenchmark.objectInputStream", "payload", payload);
      body.append("| ").append(payload).append(" | ").append(time(cairn)).append(" | ").append(time(raw))
          .append(" | ").append(time(ois)).append(" | ").append(times(ratio(raw, cairn))).append(" | ")
          .append(times(ratio(ois, cairn))).append(" |\n");
    }
    body.append('\n');
  }

  private void reuse() {
    List<String> payloads = values("ReuseBenchmark", "payload");
    if (payloads.isEmpty()) {
      return;
    }
    body.append("## 3. Reuse from memory (issue 6, item 3)\n\n");
    body.append("A stage call answered from the memory tier (key, lookup, a fresh deserialized copy), "
        + "against the plain method returning what it holds (**return**) and returning a copy, as "
        + "a cache that callers may mutate must (**copy**: `clone()` of the array; a new list of "
        + "the same immutable records). Reuse from disk is the Cairn column of the load table "
        + "above, against a raw read plus conversion into a fresh array. No target is set.\n\n");
    body.append("| Payload | Cairn memory hit | return | copy | hit / copy | hit − return |\n");
    body.append("|---|---|---|---|---|---|\n");
    for (String payload : payloads) {
      Optional<Result> hit = find("ReuseBenchmark.memoryHit", "payload", payload);
      Optional<Result> ret = find("ReuseBenchmark.directReturn", "payload", payload);
      Optional<Result> copy = find("ReuseBenchmark.directCopy", "payload", payload);
      body.append("| ").append(payload).append(" | ").append(time(hit)).append(" | ").append(time(ret))
          .append(" | ").append(time(copy)).append(" | ").append(times(ratio(hit, copy))).append(" | ")
          .append(hit.isPresent() && ret.isPresent() ? duration(hit.get().median() - ret.get().median()) : "–")
          .append(" |\n");
    }
    body.append('\n');
  }

  private void miss() {
    Optional<Result> miss = find("MissBenchmark.stageMiss", r -> true);
    Optional<Result> direct = find("MissBenchmark.direct", r -> true);
    if (miss.isEmpty() && direct.isEmpty()) {
      return;
    }
    body.append("## 4. Stage call overhead on a miss, without I/O (issue 6, item 4)\n\n");
    body.append("A `@Stage` without `@Checkpoint` (memory only, so no file is touched) taking a `long`, "
        + "a `String` and a `double[8]`, called with a new `long` each time so every call misses: key "
        + "(three argument hashes, SHA-256), lookups, compute, serialization of the small result, "
        + "memory-tier insert, run record. Against calling the method directly. No target is set.\n\n");
    body.append("| Cairn miss | direct call | overhead per call |\n|---|---|---|\n");
    body.append("| ").append(time(miss)).append(" | ").append(time(direct)).append(" | ")
        .append(miss.isPresent() && direct.isPresent() ? duration(miss.get().median() - direct.get().median()) : "–")
        .append(" |\n\n");
  }

  private void digits() {
    String file = options.get("digits");
    body.append("## 5. Rerun speed-up of the digits sample (issue 6, item 5)\n\n");
    Map<String, Double> times = new LinkedHashMap<>();
    String note = null;
    if (file != null && Files.isRegularFile(Path.of(file))) {
      try {
        for (String line : Files.readAllLines(Path.of(file))) {
          String[] f = line.split("\t");
          if (f.length >= 2 && f[0].equals("note")) {
            note = f[1];
          } else if (f.length >= 2) {
            times.put(f[0], Double.parseDouble(f[1]));
          }
        }
      } catch (IOException | RuntimeException e) {
        note = "could not read " + file + ": " + e;
      }
    }
    if (!times.containsKey("first") || !times.containsKey("second")) {
      body.append("Not measured in this run: ").append(note != null ? note
          : "the samples module was not built (`samples/target/classes`)").append(". `run.sh` runs "
          + "`DigitsMain` twice on a fresh store when it is.\n\n");
      target("6.5", "digits rerun speed-up (no target)", "not measured", null);
      return;
    }
    double first = times.get("first");
    double second = times.get("second");
    Double floor = times.get("floor");
    body.append("Whole-process wall time of `DigitsMain` on a fresh store (first run: computes and "
        + "checkpoints every stage), then again with the same arguments (second run: reads them "
        + "back), and of a JVM started with the same class path that does nothing (the floor). "
        + (note != null ? note + ". " : "") + "No target is set.\n\n");
    body.append("| First run | Second run | JVM floor | speed-up (first / second) | second / floor |\n");
    body.append("|---|---|---|---|---|\n");
    body.append("| ").append(seconds(first)).append(" | ").append(seconds(second)).append(" | ")
        .append(floor == null ? "–" : seconds(floor)).append(" | ").append(times(first / second))
        .append(" | ").append(floor == null ? "–" : times(second / floor)).append(" |\n\n");
    target("6.5", "digits rerun speed-up (no target)", times(first / second), null);
  }

  private void training() {
    Optional<Result> pairs = find("TrainingLoopBenchmark.pairedRuns", r -> true);
    Optional<Result> save = find("ProgressSaveBenchmark.progressSave", r -> true);
    Optional<Result> clone = find("ProgressSaveBenchmark.cloneWeights", r -> true);
    Optional<Result> copy = find("ProgressSaveBenchmark.arraycopyWeights", r -> true);
    if (pairs.isEmpty() && save.isEmpty()) {
      return;
    }
    body.append("## 6. Training loop with a save every epoch (issue 4, acceptance 4; issue 6, item 6)\n\n");
    if (pairs.isPresent()) {
      Result any = pairs.get();
      long floats = Long.parseLong(any.param("stateFloats"));
      int epochs = Integer.parseInt(any.param("epochs"));
      List<Double> without = any.secondary("withoutSavesMillis");
      List<Double> with = any.secondary("withSavesMillis");
      List<Double> overheads = new ArrayList<>();
      for (int i = 0; i < Math.min(without.size(), with.size()); i++) {
        overheads.add(with.get(i) / without.get(i) - 1);
      }
      double overhead = median(overheads);
      double epochTime = median(without) / 1e3 / epochs;
      body.append(String.format(Locale.ROOT, "A training run of %d epochs over a state of %s "
              + "(`record TrainState(int epoch, float[] weights)`, %,d floats), %s per epoch "
              + "(median), each epoch %s SGD passes of real arithmetic over every weight. With "
              + "saves, the loop runs inside a `@Checkpoint` stage call and does `if "
              + "(progress.due()) progress.save(state)` after every epoch (default policy "
              + "`everyCalls(1)`); its time includes the synchronous snapshots, the background "
              + "writes competing for the two cores, the stage call, and waiting for the last "
              + "snapshot to be durable. The machine drifts by more than the few percent measured "
              + "here between benchmarks run one after the other, so each JMH iteration runs one "
              + "pair — a run without and a run with saves, in alternating order — and the "
              + "overhead is computed per pair; the table gives the median over %d pairs and "
              + "the range.%n%n", epochs, bytes(floats * 4), floats,
          seconds(epochTime), any.param("passes"), overheads.size()));
      body.append("| Without saves (median) | With a save every epoch (median) | overhead (median of pairs) | overhead range |\n");
      body.append("|---|---|---|---|\n");
      body.append("| ").append(seconds(median(without) / 1e3)).append(" | ")
          .append(seconds(median(with) / 1e3)).append(" | ").append(percent(overhead)).append(" | ")
          .append(overheads.isEmpty() ? "–" : percent(Collections.min(overheads)) + " … "
              + percent(Collections.max(overheads))).append(" |\n\n");
      double threadCpu = median(pairRatios(any, "withSavesThreadCpuMillis", "withoutSavesThreadCpuMillis")) - 1;
      double processCpu = median(pairRatios(any, "withSavesProcessCpuMillis", "withoutSavesProcessCpuMillis")) - 1;
      double blocking = median(any.secondary("withSavesBlockingMillis"));
      double tail = median(any.secondary("withSavesTailMillis"));
      double withMedian = median(with);
      body.append("Where the time goes, medians over the pairs: CPU time overheads are less sensitive "
          + "than wall time to other processes on the machine; the blocking part is the time spent "
          + "inside `progress.save` calls; the tail is the time from the end of the loop to the "
          + "return of the stage call (waiting for the last snapshot to be durable, checkpointing "
          + "the result, deleting the snapshots).\n\n");
      body.append("| Training-thread CPU overhead | Process CPU overhead (incl. background writer, GC) | Blocking saves per run | Tail per run |\n");
      body.append("|---|---|---|---|\n");
      body.append("| ").append(percent(threadCpu)).append(" | ").append(percent(processCpu)).append(" | ")
          .append(duration(blocking / 1e3)).append(String.format(Locale.ROOT, " (%.1f%% of the run)", 100 * blocking / withMedian))
          .append(" | ").append(duration(tail / 1e3)).append(String.format(Locale.ROOT, " (%.1f%% of the run)", 100 * tail / withMedian))
          .append(" |\n\n");
      target("4.4", "training loop, a save every epoch of a " + bytes(floats * 4)
          + " state: overhead at most 3.5%", percent(overhead), overhead <= 0.035);
    }
    if (save.isPresent() || clone.isPresent()) {
      String floats = save.or(() -> clone).map(r -> r.param("stateFloats")).orElse("0");
      body.append("The blocking part of one `Progress.save` of the same state (serialize into memory and "
          + "hand it to the background writer, measured when the writer is idle, as it is when saves "
          + "are an epoch apart), against a memory copy of the same bytes: `clone()` allocates a new "
          + "array as save does; `System.arraycopy` into an existing array is the bare copy.\n\n");
      body.append("| `Progress.save` (blocking) | `clone()` | `System.arraycopy` | save / clone | save / arraycopy |\n");
      body.append("|---|---|---|---|---|\n");
      double vsClone = ratio(save, clone);
      body.append("| ").append(time(save)).append(" | ").append(time(clone)).append(" | ").append(time(copy))
          .append(" | ").append(times(vsClone)).append(" | ").append(times(ratio(save, copy))).append(" |\n\n");
      target("4.4", "blocking part of a save of " + bytes(Long.parseLong(floats) * 4)
              + " close to a memory copy (read here as: at most 2x `clone()`)",
          times(vsClone) + " of clone", vsClone <= 2);
    }
  }

  private void keys() {
    List<String> sizes = values("KeyBenchmark", "size");
    if (sizes.isEmpty()) {
      return;
    }
    body.append("## Key computation (issue 3)\n\n");
    body.append("A downstream stage takes a `float[]` and returns a `Double`; both calls are memory-tier "
        + "hits, so what grows with the array is the key. **Upstream argument**: the array was "
        + "returned by an upstream stage call, so its content hash is already known. **Fresh "
        + "argument**: an array of the same content no stage returned, so the key serializes and "
        + "hashes it (SHA-256); its throughput is given beside `System.arraycopy` of the same "
        + "bytes.\n\n");
    body.append("| Argument size | upstream argument | fresh argument | hashing throughput | arraycopy | arraycopy throughput |\n");
    body.append("|---|---|---|---|---|---|\n");
    Double smallest = null;
    Double largest = null;
    String largestSize = null;
    String smallestSize = null;
    for (String size : sizes) {
      Optional<Result> upstream = find("KeyBenchmark.upstreamArgument", "size", size);
      Optional<Result> fresh = find("KeyBenchmark.freshArgument", "size", size);
      Optional<Result> copy = find("KeyBenchmark.arraycopy", "size", size);
      long bytes = Payloads.parseSize(size);
      body.append("| ").append(size).append(" | ").append(time(upstream)).append(" | ").append(time(fresh))
          .append(" | ").append(fresh.map(r -> throughput(bytes, r.median())).orElse("–"))
          .append(" | ").append(time(copy)).append(" | ")
          .append(copy.map(r -> throughput(bytes, r.median())).orElse("–")).append(" |\n");
      if (upstream.isPresent()) {
        if (smallest == null) {
          smallest = upstream.get().median();
          smallestSize = size;
        }
        largest = upstream.get().median();
        largestSize = size;
      }
    }
    body.append('\n');
    if (smallest != null && !smallestSize.equals(largestSize)) {
      double growth = largest / smallest;
      target("3", "key of an upstream result: cost independent of its size (read here as: at most 1.5x "
              + "from " + smallestSize + " to " + largestSize + ")",
          times(growth) + " (" + duration(smallest) + " → " + duration(largest) + ")", growth <= 1.5);
    }
    Optional<Result> bigFresh = find("KeyBenchmark.freshArgument", "size", sizes.get(sizes.size() - 1));
    Optional<Result> bigCopy = find("KeyBenchmark.arraycopy", "size", sizes.get(sizes.size() - 1));
    if (bigFresh.isPresent() && bigCopy.isPresent()) {
      long bytes = Payloads.parseSize(sizes.get(sizes.size() - 1));
      target("3", "hashing throughput of a " + sizes.get(sizes.size() - 1)
              + " array beside `System.arraycopy` (reported, no target)",
          throughput(bytes, bigFresh.get().median()) + " vs " + throughput(bytes, bigCopy.get().median()),
          null);
    }
  }

  private void raw(StringBuilder out) {
    out.append("## All scores\n\n");
    out.append("| Benchmark | Parameters | Mode | Median | Score ± error (99.9%) | Unit | Iterations |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      StringBuilder params = new StringBuilder();
      r.params().forEach((k, v) -> params.append(params.length() == 0 ? "" : ", ").append(k).append('=').append(v));
      out.append("| ").append(r.name()).append(" | ").append(params).append(" | ").append(r.mode())
          .append(" | ").append(num(r.median() / r.toSeconds())).append(" | ").append(num(r.score()))
          .append(Double.isNaN(r.error()) ? "" : " ± " + num(r.error())).append(" | ").append(r.unit())
          .append(" | ").append(r.samples().size()).append(" |\n");
    }
    out.append('\n');
  }

  // ---------------------------------------------------------------------------------------------

  private void target(String issue, String what, String measured, Boolean met) {
    String status = met == null ? "reported"
        : "quick".equals(options.get("mode")) ? "not evaluated (quick mode)"
        : met ? "**met**" : "**missed**";
    targets.add(new String[] {issue, what, measured, status});
  }

  /** Per-iteration ratios {@code a / b} of two secondary metrics. */
  private static List<Double> pairRatios(Result r, String a, String b) {
    List<Double> x = r.secondary(a);
    List<Double> y = r.secondary(b);
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      out.add(x.get(i) / y.get(i));
    }
    return out;
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** {@code a / b} of the medians, NaN if either is missing. */
  private static double ratio(Optional<Result> a, Optional<Result> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return Double.NaN;
    }
    return a.get().median() / b.get().median();
  }

  private static String time(Optional<Result> r) {
    if (r.isEmpty()) {
      return "–";
    }
    Result x = r.get();
    String mean = Double.isNaN(x.err()) ? duration(x.mean()) : duration(x.mean()) + " ± " + duration(x.err());
    return duration(x.median()) + " <sub>(" + mean + ")</sub>";
  }

  static String duration(double seconds) {
    if (Double.isNaN(seconds)) {
      return "–";
    }
    double a = Math.abs(seconds);
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f s", seconds);
    }
    if (a >= 1e-3) {
      return String.format(Locale.ROOT, "%.3g ms", seconds * 1e3);
    }
    if (a >= 1e-6) {
      return String.format(Locale.ROOT, "%.3g µs", seconds * 1e6);
    }
    return String.format(Locale.ROOT, "%.3g ns", seconds * 1e9);
  }

  private static String seconds(double s) {
    return Double.isNaN(s) ? "–" : String.format(Locale.ROOT, "%.2f s", s);
  }

  private static String times(double ratio) {
    return Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, ratio >= 10 ? "%.0fx" : "%.2fx", ratio);
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "–" : String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
  }

  private static String throughput(long bytes, double seconds) {
    double mbps = bytes / seconds / 1e6;
    return String.format(Locale.ROOT, mbps >= 100 ? "%.0f MB/s" : "%.3g MB/s", mbps);
  }

  private static String bytes(long n) {
    if (n >= 1L << 30 && n % (1L << 30) == 0) {
      return (n >> 30) + " GiB";
    }
    if (n >= 1L << 20 && n % (1L << 20) == 0) {
      return (n >> 20) + " MiB";
    }
    if (n >= 1L << 10 && n % (1L << 10) == 0) {
      return (n >> 10) + " KiB";
    }
    return n + " bytes";
  }

  private static String num(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : Math.abs(v) >= 1 ? "%.3f" : "%.4g", v);
  }
}
