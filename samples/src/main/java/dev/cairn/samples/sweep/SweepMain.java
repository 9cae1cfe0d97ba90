package dev.cairn.samples.sweep;

import dev.cairn.runtime.Cairn;
import dev.cairn.samples.digits.Evaluation;
import dev.cairn.samples.digits.Hyperparameters;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Runs a {@link SweepPipeline} over every combination of the given learning rates and hidden
 * sizes and prints the best trial.
 *
 * <pre>
 * java dev.cairn.samples.sweep.SweepMain [--data FILE] [--store DIR] [--epochs N]
 *     [--lr RATE,RATE,...] [--hidden UNITS,UNITS,...] [--batch SIZE] [--seed SEED]
 *     [--grace-seconds S]
 * </pre>
 *
 * Kill it half-way and run it again: the trials that finished are read back, the one that was
 * running resumes at its last saved epoch, only the rest train.
 */
public final class SweepMain {
  private SweepMain() {}

  public static void main(String[] args) throws IOException {
    Path data = Path.of("data", "digits.csv.gz");
    Path store = Path.of(".cairn");
    int epochs = 20;
    List<Float> learningRates = List.of(0.03f, 0.1f, 0.3f);
    List<Integer> hiddenSizes = List.of(64, 256);
    int batch = 32;
    long seed = 42;
    int graceSeconds = 20;
    List<Hyperparameters> grid = new ArrayList<>();
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
          case "--lr" -> learningRates = list(value).stream().map(Float::parseFloat).toList();
          case "--hidden" -> hiddenSizes = list(value).stream().map(Integer::parseInt).toList();
          case "--batch" -> batch = Integer.parseInt(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--grace-seconds" -> graceSeconds = Integer.parseInt(value);
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
      for (int hidden : hiddenSizes) {
        for (float learningRate : learningRates) {
          grid.add(new Hyperparameters(epochs, learningRate, hidden, batch, seed));
        }
      }
      if (grid.isEmpty() || graceSeconds < 0) {
        throw new IllegalArgumentException("need at least one learning rate and one hidden size,"
            + " and --grace-seconds at least 0");
      }
    } catch (IllegalArgumentException e) { // NumberFormatException too
      System.err.println("sweep: " + e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    }

    System.out.printf(Locale.ROOT,
        "sweep: %d trials (learning rates %s x hidden units %s), %d epochs, batch %d, seed %d, store %s%n",
        grid.size(), join(learningRates), join(hiddenSizes), epochs, batch, seed, store);
    long started = System.nanoTime();
    SweepResult result;
    try (Cairn cairn = Cairn.builder()
        .directory(store)
        .preemptionGrace(Duration.ofSeconds(graceSeconds))
        .build()) {
      result = new ResumableSweepPipeline(cairn, grid, seed, new ConsoleListener(grid)).run(data);
    }
    TrialResult best = result.best();
    System.out.printf(Locale.ROOT, "best: trial %d/%d (%s), validation accuracy %.4f%n",
        grid.indexOf(best.config()) + 1, grid.size(), best.config().describe(),
        best.validation().accuracy());
    Evaluation test = result.test();
    System.out.printf(Locale.ROOT, "test accuracy: %.4f (%d of %d test images)%n",
        test.accuracy(), test.correct(), test.total());
    System.out.println("model weights sha-256: " + best.model().sha256());
    System.out.printf(Locale.ROOT, "sweep finished in %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  /** Prints one line per epoch and per trial, flushed at once. */
  private record ConsoleListener(List<Hyperparameters> grid) implements SweepPipeline.SweepListener {
    @Override
    public void epochDone(Hyperparameters config, int epoch, double meanLoss) {
      print("  %s: epoch %3d/%d  training loss %.4f", name(config), epoch, config.epochs(), meanLoss);
    }

    @Override
    public void resumed(Hyperparameters config, int epoch) {
      print("  %s: resumed at epoch %d of %d from a progress snapshot", name(config), epoch, config.epochs());
    }

    @Override
    public void trialDone(int index, TrialResult result) {
      Evaluation validation = result.validation();
      print("trial %d/%d done (%s): validation accuracy %.4f (%d of %d)", index + 1, grid.size(),
          result.config().describe(), validation.accuracy(), validation.correct(), validation.total());
    }

    private String name(Hyperparameters config) {
      return String.format(Locale.ROOT, "trial %d/%d (%s)", grid.indexOf(config) + 1, grid.size(),
          config.describe());
    }

    private static void print(String format, Object... values) {
      System.out.println(String.format(Locale.ROOT, format, values));
      System.out.flush();
    }
  }

  private static List<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static String join(List<?> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  private static String usage() {
    return "usage: SweepMain [--data FILE] [--store DIR] [--epochs N] [--lr RATE,RATE,...]"
        + " [--hidden UNITS,UNITS,...] [--batch SIZE] [--seed SEED] [--grace-seconds S]";
  }
}
