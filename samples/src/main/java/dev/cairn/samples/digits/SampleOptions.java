package dev.cairn.samples.digits;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options {@code DigitsMain} and {@code SweepMain} share (a picocli mixin). */
public final class SampleOptions {
  @Option(names = "--data", paramLabel = "FILE", description = "the digits data set (default: ${DEFAULT-VALUE})")
  public Path data = Path.of("data", "digits.csv.gz");

  @Option(names = "--store", paramLabel = "DIR", description = "Cairn's store (default: ${DEFAULT-VALUE})")
  public Path store = Path.of(".cairn");

  @Option(names = "--batch", paramLabel = "SIZE", description = "mini-batch size (default: ${DEFAULT-VALUE})")
  public int batch = 32;

  @Option(names = "--seed", paramLabel = "SEED", description = "seed of the split and the training (default: ${DEFAULT-VALUE})")
  public long seed = 42;

  @Option(names = "--grace-seconds", paramLabel = "S",
      description = "after SIGTERM, how long to finish the epoch under way and save it (default: ${DEFAULT-VALUE})")
  public int graceSeconds = 20;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  public boolean help;
}
