package dev.cairn.samples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordCountPipelineTest {

  @Test
  void listsTheMostFrequentWordsWithTiesInAlphabeticalOrder(@TempDir Path dir) throws IOException {
    Path text = Files.writeString(dir.resolve("text.txt"), "The cat and the hat.\nA cat, the end\n");
    assertEquals(List.of("3 the", "2 cat", "1 a"), new WordCountPipeline(3).run(text));
  }
}
