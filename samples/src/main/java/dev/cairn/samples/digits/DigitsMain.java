package dev.cairn.samples.digits;

import dev.cairn.runtime.Cairn;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs the {@link DigitsPipeline} through Cairn and prints the test accuracy.
 *
 * <pre>
 * java dev.cairn.samples.digits.DigitsMain [--data FILE] [--store DIR] [--epochs N] [--lr RATE]
 *     [--hidden UNITS] [--batch SIZE] [--seed SEED]
 * </pre>
 *
 * Run it twice with the same arguments: the second run reads every stage back from the store.
 */
public final class DigitsMain {
  static final int DEFAULT_EPOCHS = 60;
  static final float DEFAULT_LEARNING_RATE = 0.1f;
  static final int DEFAULT_HIDDEN = 512;
  static final int DEFAULT_BATCH = 32;
  static final long DEFAULT_SEED = 42;

  private DigitsMain() {}

  public static void main(String[] args) throws IOException {
    Path data = Path.of("data", "digits.csv.gz");
    Path store = Path.of(".cairn");
    int epochs = DEFAULT_EPOCHS;
    float learningRate = DEFAULT_LEARNING_RATE;
    int hidden = DEFAULT_HIDDEN;
    int batch = DEFAULT_BATCH;
    long seed = DEFAULT_SEED;
    try {
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        if (option.equals("--help") || option.equals("-h")) {
          System.out.println(usage());
          return;
        }
        if (i + 1 == args.length) {
          throw new IllegalArgumentException(option + " needs a value");
        }
        String value = args[++i];
        switch (option) {
          case "--data" -> data = Path.of(value);
          case "--store" -> store = Path.of(value);
          case "--epochs" -> epochs = Integer.parseInt(value);
          case "--lr" -> learningRate = Float.parseFloat(value);
          case "--hidden" -> hidden = Integer.parseInt(value);
          case "--batch" -> batch = Integer.parseInt(value);
          case "--seed" -> seed = Long.parseLong(value);
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
    } catch (IllegalArgumentException e) { // NumberFormatException too
      System.err.println("digits: " + e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    }

    System.out.printf(Locale.ROOT,
        "digits: %s, %d epochs, learning rate %s, %d hidden units, batch %d, seed %d, store %s%n",
        data, epochs, learningRate, hidden, batch, seed, store);
    long started = System.nanoTime();
    Evaluation evaluation;
    try (Cairn cairn = Cairn.builder().directory(store).build()) {
      int total = epochs;
      DigitsPipeline pipeline = new ResumableDigitsPipeline(cairn, epochs, learningRate, hidden, batch, seed,
          (epoch, loss) -> System.out.printf(Locale.ROOT,
              "  epoch %3d/%d  training loss %.4f%n", epoch, total, loss));
      evaluation = pipeline.run(data);
    }
    System.out.printf(Locale.ROOT, "test accuracy: %.4f (%d of %d test images)%n",
        evaluation.accuracy(), evaluation.correct(), evaluation.total());
    System.out.printf(Locale.ROOT, "digits finished in %.1f s%n",
        (System.nanoTime() - started) / 1e9);
  }

  private static String usage() {
    return "usage: DigitsMain [--data FILE] [--store DIR] [--epochs N] [--lr RATE]"
        + " [--hidden UNITS] [--batch SIZE] [--seed SEED]";
  }
}
