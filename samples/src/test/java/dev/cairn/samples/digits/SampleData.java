package dev.cairn.samples.digits;

import dev.cairn.runtime.Cairn;
import java.io.IOException;
import java.nio.file.Path;

/** The real digits file and the pipeline's steps on it, for fast unit tests. */
final class SampleData {
  /** Tests run in the module directory. */
  static final Path DIGITS = Path.of("data", "digits.csv.gz");

  private SampleData() {}

  /** The plain pipeline (32 hidden units): its data stages run without Cairn. */
  static DigitsPipeline pipeline(int epochs) {
    return new DigitsPipeline(epochs, 0.1f, 32, 32, 42, (epoch, loss) -> {});
  }

  static Split scaledSplit() throws IOException {
    DigitsPipeline pipeline = pipeline(1);
    return pipeline.normalize(pipeline.split(pipeline.load(DIGITS)));
  }

  /**
   * Trains {@link #pipeline}'s model through the generated class with a store in {@code store}:
   * training saves progress, so it only runs inside a stage call.
   */
  static Model train(Path store, int epochs, TrainState.EpochListener listener) throws IOException {
    Dataset train = scaledSplit().train();
    try (Cairn cairn = Cairn.builder().directory(store).summaryTo(null).build()) {
      return new ResumableDigitsPipeline(cairn, epochs, 0.1f, 32, 32, 42, listener).train(train);
    }
  }
}
