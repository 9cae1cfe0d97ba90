package dev.cairn.samples.digits;

import dev.cairn.runtime.Cairn;
import dev.cairn.runtime.ProgressPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Runs the {@link DigitsPipeline} through Cairn and prints the test accuracy.
 *
 * <pre>
 * java dev.cairn.samples.digits.DigitsMain [--data FILE] [--store DIR] [--epochs N] [--lr RATE]
 *     [--hidden UNITS] [--batch SIZE] [--seed SEED] [--save-every EPOCHS] [--grace-seconds S]
 * </pre>
 *
 * Run it twice with the same arguments: the second run reads every stage back from the store.
 * Kill it while it trains ({@code kill -9}, Ctrl-C, a scheduler's SIGTERM) and run it again: it
 * resumes at the last saved epoch and ends with the same weights, bit for bit, as a run that was
 * never interrupted (compare the {@code model weights sha-256} line).
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
    int saveEvery = 1;
    int graceSeconds = 20;
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
          case "--save-every" -> saveEvery = Integer.parseInt(value);
          case "--grace-seconds" -> graceSeconds = Integer.parseInt(value);
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
      if (saveEvery < 1 || graceSeconds < 0) {
        throw new IllegalArgumentException("--save-every must be at least 1, --grace-seconds at least 0");
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
    DigitsResult result;
    try (Cairn cairn = Cairn.builder()
        .directory(store)
        .progressPolicy("digits.train", ProgressPolicy.everyCalls(saveEvery)) // one call per epoch
        .preemptionGrace(Duration.ofSeconds(graceSeconds)) // after SIGTERM, before exiting
        .build()) {
      DigitsPipeline pipeline = new ResumableDigitsPipeline(cairn, epochs, learningRate, hidden, batch, seed,
          new ConsoleListener(epochs));
      result = pipeline.run(data);
    }
    Evaluation evaluation = result.evaluation();
    System.out.printf(Locale.ROOT, "test accuracy: %.4f (%d of %d test images)%n",
        evaluation.accuracy(), evaluation.correct(), evaluation.total());
    System.out.println("model weights sha-256: " + result.model().sha256());
    System.out.printf(Locale.ROOT, "digits finished in %.1f s%n",
        (System.nanoTime() - started) / 1e9);
  }

  /** One line per epoch, flushed at once: a killed run shows exactly how far it got. */
  private record ConsoleListener(int epochs) implements TrainState.EpochListener {
    @Override
    public void epochDone(int epoch, double meanLoss) {
      print(String.format(Locale.ROOT, "  epoch %3d/%d  training loss %.4f", epoch, epochs, meanLoss));
    }

    @Override
    public void resumed(int epoch) {
      print(String.format(Locale.ROOT, "  resumed at epoch %d of %d from a progress snapshot", epoch, epochs));
    }

    /** One write per line: System.out's small buffer would otherwise send a line in pieces. */
    private static void print(String line) {
      System.out.println(line);
      System.out.flush();
    }
  }

  private static String usage() {
    return "usage: DigitsMain [--data FILE] [--store DIR] [--epochs N] [--lr RATE] [--hidden UNITS]"
        + " [--batch SIZE] [--seed SEED] [--save-every EPOCHS] [--grace-seconds S]";
  }
}
