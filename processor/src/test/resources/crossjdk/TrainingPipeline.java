// Constructs whose fingerprints must be the same on every JDK (see CrossJdkFingerprintTest).
package com.example.cross;

import dev.cairn.Checkpoint;
import dev.cairn.NotKeyed;
import dev.cairn.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

public class TrainingPipeline {
  static final int SCALE = 10;
  private final int epochs;
  private final double rate;
  @NotKeyed private final Consumer<String> log;
  transient int calls;

  public TrainingPipeline(int epochs, double rate, Consumer<String> log) {
    this.epochs = epochs;
    this.rate = rate;
    this.log = log;
  }

  @Stage @Checkpoint
  List<String> load(Path csv) throws IOException {
    log.accept("loading");
    return Files.readAllLines(csv);
  }

  @Stage
  double[] normalize(List<String> rows) {
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = scale(Double.parseDouble(rows.get(i)));
    }
    return out;
  }

  private double scale(double x) {
    return x / SCALE * rate;
  }

  @Stage(name = "train", version = "2") @Checkpoint
  public double train(double[] data, @NotKeyed Consumer<String> progress) {
    double w = 0;
    for (int e = 0; e < epochs; e++) {
      for (double d : data) { w += d; }
      progress.accept("epoch " + e);
    }
    return w + normalize(List.of("1")).length;
  }

  @Stage
  void report(double w) {
    calls++;
    System.out.println("w=" + w + " at " + System.currentTimeMillis());
  }

  @Stage
  <T extends Comparable<T>> T max(List<T> xs) {
    T best = null;
    for (T x : xs) if (best == null || x.compareTo(best) > 0) best = x;
    return best;
  }

  @Stage

  @SuppressWarnings("unchecked")
  protected <T> List<T> all(T... xs) { return new ArrayList<>(List.of(xs)); }

  public void run(Path csv) throws IOException {
    report(train(normalize(load(csv)), s -> {}));
  }
}
