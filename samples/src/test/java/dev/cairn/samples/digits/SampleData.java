package dev.cairn.samples.digits;

import java.io.IOException;
import java.nio.file.Path;

/** The real digits file and the plain pipeline's steps on it, for fast unit tests. */
final class SampleData {
  /** Tests run in the module directory. */
  static final Path DIGITS = Path.of("data", "digits.csv.gz");

  private SampleData() {}

  static DigitsPipeline pipeline(int epochs) {
    return new DigitsPipeline(epochs, 0.1f, 32, 32, 42, (epoch, loss) -> {});
  }

  static Split scaledSplit() throws IOException {
    DigitsPipeline pipeline = pipeline(1);
    return pipeline.normalize(pipeline.split(pipeline.load(DIGITS)));
  }
}
