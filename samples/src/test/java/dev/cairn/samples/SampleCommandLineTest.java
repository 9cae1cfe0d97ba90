package dev.cairn.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.samples.digits.DigitsMain;
import dev.cairn.samples.sweep.SweepMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The samples' command lines: help, and bad input refused with exit code 2 and a reason. */
class SampleCommandLineTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  @TempDir Path work;

  private JavaProcess run(String name, Class<?> main, String... args) throws Exception {
    JavaProcess process = JavaProcess.start(work.resolve("logs"), name, main, List.of(args));
    process.waitFor(TIMEOUT);
    return process;
  }

  @Test
  void helpListsTheOptionsAndExitsZero() throws Exception {
    try (JavaProcess help = run("help", DigitsMain.class, "--help")) {
      assertEquals(0, help.waitFor(TIMEOUT), help.describe());
      String out = String.join("\n", help.lines());
      for (String option : List.of("--data", "--store", "--epochs", "--lr", "--save-every", "--grace-seconds")) {
        assertTrue(out.contains(option), option + " in\n" + out);
      }
    }
  }

  @Test
  void badValuesAreRefusedWithTheReasonAndUsage() throws Exception {
    try (JavaProcess bad = run("bad-save-every", DigitsMain.class, "--save-every", "0",
        "--store", work.resolve("store").toString())) {
      assertEquals(2, bad.waitFor(TIMEOUT), bad.describe());
      assertTrue(bad.stderr().contains("--save-every must be at least 1"), bad.describe());
      assertTrue(bad.stderr().contains("Usage: DigitsMain"), bad.describe());
    }
    try (JavaProcess bad = run("bad-number", SweepMain.class, "--lr", "0.1,fast")) {
      assertEquals(2, bad.waitFor(TIMEOUT), bad.describe());
      assertTrue(bad.stderr().contains("--lr") && bad.stderr().contains("fast"), bad.describe());
    }
    try (JavaProcess bad = run("unknown", SweepMain.class, "--learning-rate", "0.1")) {
      assertEquals(2, bad.waitFor(TIMEOUT), bad.describe());
      assertTrue(bad.stderr().contains("Unknown options: '--learning-rate'"), bad.describe());
    }
  }
}
