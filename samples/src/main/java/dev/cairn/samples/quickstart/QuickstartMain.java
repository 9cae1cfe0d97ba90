package dev.cairn.samples.quickstart;

import dev.cairn.runtime.Cairn;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code java dev.cairn.samples.quickstart.QuickstartMain FILE}: prints the ten most frequent
 * words of FILE. Run it twice: the second run reads the counts from {@code .cairn} instead of the
 * file, and the summary printed at the end says so.
 */
public final class QuickstartMain {
  private QuickstartMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: QuickstartMain FILE");
      System.exit(2);
    }
    try (Cairn cairn = Cairn.builder().directory(Path.of(".cairn")).build()) {
      WordCountPipeline pipeline = new ResumableWordCountPipeline(cairn, 10);
      pipeline.run(Path.of(args[0])).forEach(System.out::println);
    }
  }
}
