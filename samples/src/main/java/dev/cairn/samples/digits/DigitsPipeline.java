package dev.cairn.samples.digits;

import dev.cairn.Checkpoint;
import dev.cairn.NotKeyed;
import dev.cairn.Stage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

/**
 * Trains a handwritten-digit classifier: {@link #load} the CSV, {@link #split} it into training
 * and test sets, {@link #normalize} the pixels, {@link #train} a one-hidden-layer network with
 * mini-batch SGD, {@link #evaluate} it on the test set. {@link #run} calls them in that order,
 * like any pipeline class would.
 *
 * <p>Every stage is {@code @Checkpoint}, so a later JVM reuses each result whose inputs are
 * unchanged. Construct the generated {@code ResumableDigitsPipeline} to get that; this class
 * itself runs everything every time. A stage is keyed on its arguments and on the fields it
 * reads: {@link #split} reads {@code seed}, {@link #train} reads every hyperparameter, the other
 * stages read none. So a new epoch count retrains and re-evaluates, but loads, splits and
 * normalizes nothing again.
 */
public class DigitsPipeline {
  /** Digits 0..9. */
  static final int CLASSES = 10;
  /** Images are 8x8 pixels. */
  static final int IMAGE_SIDE = 8;
  /** Share of each class held out for testing. */
  static final double TEST_FRACTION = 0.2;

  private final int epochs;
  private final float learningRate;
  private final int hidden;
  private final int batchSize;
  private final long seed;
  @NotKeyed private final TrainState.EpochListener listener;

  /**
   * @param epochs passes over the (augmented) training set
   * @param learningRate SGD step size
   * @param hidden hidden units
   * @param batchSize examples per weight update
   * @param seed seeds the train/test split, the initial weights and the shuffling
   * @param listener told after each epoch; not part of any key
   */
  public DigitsPipeline(
      int epochs,
      float learningRate,
      int hidden,
      int batchSize,
      long seed,
      TrainState.EpochListener listener) {
    if (epochs < 0 || hidden <= 0 || batchSize <= 0 || !(learningRate > 0f)) {
      throw new IllegalArgumentException(
          "need epochs >= 0 and a positive learning rate, hidden size and batch size, got "
              + epochs + ", " + learningRate + ", " + hidden + ", " + batchSize);
    }
    this.epochs = epochs;
    this.learningRate = learningRate;
    this.hidden = hidden;
    this.batchSize = batchSize;
    this.seed = seed;
    this.listener = listener;
  }

  /** The whole pipeline: from the CSV file to the test accuracy. */
  public Evaluation run(Path csv) throws IOException {
    Dataset all = load(csv);
    Split split = split(all);
    Split scaled = normalize(split);
    Model model = train(scaled.train());
    return evaluate(model, scaled.test());
  }

  /**
   * Reads the gzip-compressed CSV: one image per line, 64 pixel values then the label. Keyed on
   * the file's contents, so an edited data file is loaded again.
   */
  @Stage(name = "digits.load")
  @Checkpoint
  Dataset load(Path csv) throws IOException {
    int features = IMAGE_SIDE * IMAGE_SIDE;
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(csv));
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      String line;
      int lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (cells.length != features + 1) {
          throw new IOException(csv + ":" + lineNumber + ": expected " + (features + 1)
              + " comma-separated values, found " + cells.length);
        }
        float[] pixels = new float[features];
        for (int i = 0; i < features; i++) {
          pixels[i] = parse(cells[i], csv, lineNumber);
        }
        int label = (int) parse(cells[features], csv, lineNumber);
        if (label < 0 || label >= CLASSES) {
          throw new IOException(csv + ":" + lineNumber + ": label " + label + " is not 0..9");
        }
        rows.add(pixels);
        labels.add(label);
      }
    }
    float[] x = new float[rows.size() * features];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(rows.get(r), 0, x, r * features, features);
    }
    return new Dataset(x, labels.stream().mapToInt(Integer::intValue).toArray(), features);
  }

  /**
   * Holds out {@link #TEST_FRACTION} of every class for testing (a stratified split), chosen by
   * a shuffle seeded with {@code seed}. Both sets keep the rows in file order.
   */
  @Stage(name = "digits.split")
  @Checkpoint
  Split split(Dataset all) {
    SplitMix64 random = SplitMix64.seeded(seed);
    boolean[] isTest = new boolean[all.rows()];
    for (int label = 0; label < CLASSES; label++) {
      int[] members = indicesOf(all.y(), label);
      random.shuffle(members);
      int testCount = (int) Math.round(members.length * TEST_FRACTION);
      for (int i = 0; i < testCount; i++) {
        isTest[members[i]] = true;
      }
    }
    int testRows = 0;
    for (boolean test : isTest) {
      testRows += test ? 1 : 0;
    }
    int[] train = new int[all.rows() - testRows];
    int[] test = new int[testRows];
    for (int r = 0, nextTrain = 0, nextTest = 0; r < all.rows(); r++) {
      if (isTest[r]) {
        test[nextTest++] = r;
      } else {
        train[nextTrain++] = r;
      }
    }
    return new Split(all.select(train), all.select(test));
  }

  /**
   * Scales every pixel to 0..1 by the smallest and largest value in the training set (the test
   * set is scaled the same way and never looked at), so the background stays 0.
   */
  @Stage(name = "digits.normalize")
  @Checkpoint
  Split normalize(Split split) {
    float[] train = split.train().x();
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float value : train) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    float range = max > min ? max - min : 1f;
    return new Split(scale(split.train(), min, range), scale(split.test(), min, range));
  }

  /**
   * Trains the network for {@code epochs} epochs on the training set and its one-pixel shifts
   * (five times as many rows), from weights initialized with {@code seed}.
   *
   * <p>The loop carries all of its state in a {@link TrainState}, so saving that state after an
   * epoch and restoring it later resumes training bit-identically.
   */
  @Stage(name = "digits.train")
  @Checkpoint
  Model train(Dataset train) {
    Dataset augmented = ShiftAugmentation.apply(train, IMAGE_SIDE);
    TrainState state = TrainState.fresh(train.features(), hidden, CLASSES, seed);
    MiniBatchSgd sgd = new MiniBatchSgd(state.model(), learningRate, batchSize);
    while (state.epoch() < epochs) {
      state = state.nextEpoch(augmented, sgd, listener);
    }
    return state.model();
  }

  /** Counts the test images that {@code model} classifies correctly. */
  @Stage(name = "digits.evaluate")
  @Checkpoint
  Evaluation evaluate(Model model, Dataset test) {
    int correct = 0;
    for (int r = 0; r < test.rows(); r++) {
      if (model.predict(test.x(), r * test.features()) == test.y()[r]) {
        correct++;
      }
    }
    return new Evaluation(correct, test.rows());
  }

  private static float parse(String cell, Path csv, int lineNumber) throws IOException {
    try {
      return Integer.parseInt(cell.trim());
    } catch (NumberFormatException e) {
      throw new IOException(csv + ":" + lineNumber + ": not an integer: '" + cell + "'", e);
    }
  }

  private static int[] indicesOf(int[] labels, int label) {
    return IntStream.range(0, labels.length).filter(r -> labels[r] == label).toArray();
  }

  private static Dataset scale(Dataset data, float min, float range) {
    float[] x = Arrays.copyOf(data.x(), data.x().length);
    for (int i = 0; i < x.length; i++) {
      x[i] = (x[i] - min) / range;
    }
    return new Dataset(x, data.y().clone(), data.features());
  }
}
