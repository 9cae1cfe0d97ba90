package dev.cairn.samples.quickstart;

import dev.cairn.Checkpoint;
import dev.cairn.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counts the words of a text file and lists the most frequent ones: two stages, the expensive one
 * checkpointed. The class stays an ordinary class; Cairn's annotation processor generates
 * {@code ResumableWordCountPipeline}, which {@link QuickstartMain} constructs instead.
 */
public class WordCountPipeline {
  private final int top;

  /** @param top how many words {@link #run} lists */
  public WordCountPipeline(int top) {
    this.top = top;
  }

  /** Plain orchestration: call the stages like any other methods. */
  public List<String> run(Path text) throws IOException {
    SortedMap<String, Integer> counts = countWords(text);
    return mostFrequent(counts);
  }

  /**
   * The expensive step, so it is a {@code @Checkpoint}: a later run reads the counts back from
   * the store as long as the file's contents are the same.
   */
  @Stage(name = "quickstart.count")
  @Checkpoint
  SortedMap<String, Integer> countWords(Path text) throws IOException {
    SortedMap<String, Integer> counts = new TreeMap<>();
    for (String line : Files.readAllLines(text)) {
      for (String word : line.toLowerCase(Locale.ROOT).split("[^\\p{L}']+")) {
        if (!word.isEmpty()) {
          counts.merge(word, 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  /**
   * The cheap step: a {@code @Stage} only, memoized in this JVM. Its key covers the counts and
   * the field {@code top} that it reads.
   */
  @Stage(name = "quickstart.top")
  List<String> mostFrequent(SortedMap<String, Integer> counts) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()) // stable: ties stay A-Z
        .limit(top)
        .map(entry -> entry.getValue() + " " + entry.getKey())
        .toList();
  }
}
