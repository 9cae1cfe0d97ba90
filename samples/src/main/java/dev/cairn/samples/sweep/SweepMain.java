package dev.cairn.samples.sweep;

import dev.cairn.runtime.Cairn;
import dev.cairn.samples.digits.Evaluation;
import dev.cairn.samples.digits.Hyperparameters;
import dev.cairn.samples.digits.SampleOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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
@Command(name = "SweepMain", sortOptions = false,
    description = "Trains one digits classifier per combination of learning rate and hidden size"
        + " through Cairn, and evaluates the best.")
public final class SweepMain implements Callable<Integer> {
  @Mixin private SampleOptions options = new SampleOptions();

  @Option(names = "--epochs", paramLabel = "N", description = "training epochs of each trial (default: ${DEFAULT-VALUE})")
  private int epochs = 20;

  @Option(names = "--lr", paramLabel = "RATE", split = ",",
      description = "learning rates, comma-separated (default: 0.03,0.1,0.3)")
  private List<Float> learningRates = List.of(0.03f, 0.1f, 0.3f);

  @Option(names = "--hidden", paramLabel = "UNITS", split = ",",
      description = "hidden sizes, comma-separated (default: 64,256)")
  private List<Integer> hiddenSizes = List.of(64, 256);

  @Spec private CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SweepMain()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    List<Hyperparameters> grid = new ArrayList<>();
    for (int hidden : hiddenSizes) {
      for (float learningRate : learningRates) {
        grid.add(new Hyperparameters(epochs, learningRate, hidden, options.batch, options.seed));
      }
    }
    if (grid.isEmpty() || options.graceSeconds < 0) {
      throw new ParameterException(spec.commandLine(),
          "need at least one learning rate and one hidden size, and --grace-seconds at least 0");
    }
    System.out.printf(Locale.ROOT,
        "sweep: %d trials (learning rates %s x hidden units %s), %d epochs, batch %d, seed %d, store %s%n",
        grid.size(), join(learningRates), join(hiddenSizes), epochs, options.batch, options.seed,
        options.store);
    long started = System.nanoTime();
    SweepResult result;
    try (Cairn cairn = Cairn.builder()
        .directory(options.store)
        .preemptionGrace(Duration.ofSeconds(options.graceSeconds))
        .build()) {
      result = new ResumableSweepPipeline(cairn, grid, options.seed, new ConsoleListener(grid))
          .run(options.data);
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
    return 0;
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

  private static String join(List<?> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
