package com.example;

import dev.cairn.Checkpoint;
import dev.cairn.NotKeyed;
import dev.cairn.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;

/** The pipeline whose generated subclass is golden/ResumableTrainingPipeline.java. */
public class TrainingPipeline {
  private final int epochs;
  @NotKeyed private final IntConsumer progress;

  public TrainingPipeline(int epochs, IntConsumer progress) {
    this.epochs = epochs;
    this.progress = progress;
  }

  TrainingPipeline(int epochs) {
    this(epochs, epoch -> {});
  }

  @Stage
  @Checkpoint
  List<String> load(Path csv) throws IOException {
    return Files.readAllLines(csv);
  }

  @Stage(name = "train", version = "2")
  @Checkpoint
  public double[] train(List<String> rows, @NotKeyed IntConsumer listener) {
    double[] weights = new double[rows.size()];
    for (int epoch = 0; epoch < epochs; epoch++) {
      listener.accept(epoch);
      progress.accept(epoch);
    }
    return weights;
  }

  @Stage
  protected void report(double accuracy) {
    System.out.println("accuracy " + accuracy);
  }

  public void run(Path csv) throws IOException {
    report(train(load(csv), progress).length);
  }
}
