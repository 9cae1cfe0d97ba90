package dev.cairn.samples.digits;

import dev.cairn.runtime.Cairn;
import dev.cairn.runtime.ProgressPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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
@Command(name = "DigitsMain", sortOptions = false,
    description = "Trains and evaluates the digits classifier through Cairn.")
public final class DigitsMain implements Callable<Integer> {
  static final int DEFAULT_EPOCHS = 60;
  static final float DEFAULT_LEARNING_RATE = 0.1f;
  static final int DEFAULT_HIDDEN = 512;

  @Mixin private SampleOptions options = new SampleOptions();

  @Option(names = "--epochs", paramLabel = "N", description = "training epochs (default: ${DEFAULT-VALUE})")
  private int epochs = DEFAULT_EPOCHS;

  @Option(names = "--lr", paramLabel = "RATE", description = "learning rate (default: ${DEFAULT-VALUE})")
  private float learningRate = DEFAULT_LEARNING_RATE;

  @Option(names = "--hidden", paramLabel = "UNITS", description = "hidden units (default: ${DEFAULT-VALUE})")
  private int hidden = DEFAULT_HIDDEN;

  @Option(names = "--save-every", paramLabel = "EPOCHS",
      description = "save training progress every this many epochs (default: ${DEFAULT-VALUE})")
  private int saveEvery = 1;

  @Spec private CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DigitsMain()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    if (saveEvery < 1 || options.graceSeconds < 0) {
      throw new ParameterException(spec.commandLine(),
          "--save-every must be at least 1, --grace-seconds at least 0");
    }
    System.out.printf(Locale.ROOT,
        "digits: %s, %d epochs, learning rate %s, %d hidden units, batch %d, seed %d, store %s%n",
        options.data, epochs, learningRate, hidden, options.batch, options.seed, options.store);
    long started = System.nanoTime();
    DigitsResult result;
    try (Cairn cairn = Cairn.builder()
        .directory(options.store)
        .progressPolicy("digits.train", ProgressPolicy.everyCalls(saveEvery)) // one call per epoch
        .preemptionGrace(Duration.ofSeconds(options.graceSeconds)) // after SIGTERM, before exiting
        .build()) {
      DigitsPipeline pipeline = new ResumableDigitsPipeline(cairn, epochs, learningRate, hidden,
          options.batch, options.seed, new ConsoleListener(epochs));
      result = pipeline.run(options.data);
    }
    Evaluation evaluation = result.evaluation();
    System.out.printf(Locale.ROOT, "test accuracy: %.4f (%d of %d test images)%n",
        evaluation.accuracy(), evaluation.correct(), evaluation.total());
    System.out.println("model weights sha-256: " + result.model().sha256());
    System.out.printf(Locale.ROOT, "digits finished in %.1f s%n",
        (System.nanoTime() - started) / 1e9);
    return 0;
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
}
