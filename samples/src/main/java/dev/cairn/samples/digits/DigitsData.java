package dev.cairn.samples.digits;

import dev.cairn.Checkpoint;
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
 * The stages every digits pipeline shares: {@link #load} the CSV, {@link #split} off a test set,
 * {@link #normalize} the pixels, and {@link #evaluate} a model. {@link DigitsPipeline} adds
 * training; {@code dev.cairn.samples.sweep.SweepPipeline} adds a hyperparameter sweep. The
 * stages are {@code protected} so that subclasses in other packages inherit them as stages (a
 * generated subclass can only override what it can see), and their ids are explicit, so both
 * pipelines reuse each other's checkpoints in a shared store.
 *
 * <p>Only {@link #split} reads a field ({@code seed}); the other stages depend on their
 * arguments alone.
 */
public class DigitsData {
  /** Digits 0..9. */
  public static final int CLASSES = 10;
  /** Images are 8x8 pixels. */
  public static final int IMAGE_SIDE = 8;
  /** Share of each class held out for testing. */
  static final double TEST_FRACTION = 0.2;

  protected final long seed;

  /** @param seed seeds the train/test split (and, in subclasses, whatever else they seed) */
  public DigitsData(long seed) {
    this.seed = seed;
  }

  /**
   * Reads the gzip-compressed CSV: one image per line, 64 pixel values then the label. Keyed on
   * the file's contents, so an edited data file is loaded again.
   */
  @Stage(name = "digits.load")
  @Checkpoint
  protected Dataset load(Path csv) throws IOException {
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
   * Holds out {@link #TEST_FRACTION} of every class (a stratified split), chosen by a shuffle
   * seeded with {@code seed}. Both sets keep the rows in their original order. The sweep calls it
   * a second time, on the training set, to hold out a validation set.
   */
  @Stage(name = "digits.split")
  @Checkpoint
  protected Split split(Dataset all) {
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
  protected Split normalize(Split split) {
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

  /** Counts the test images that {@code model} classifies correctly. */
  @Stage(name = "digits.evaluate")
  @Checkpoint
  protected Evaluation evaluate(Model model, Dataset test) {
    return Evaluation.of(model, test);
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
