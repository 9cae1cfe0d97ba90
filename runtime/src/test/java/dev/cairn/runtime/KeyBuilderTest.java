package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyBuilderTest {
  @TempDir Path dir;

  enum Mode { FAST, SLOW }

  record Config(String name, int size, List<Double> weights, Mode mode, LocalDate day) {}

  /** A class without a no-argument constructor. */
  static final class Opaque {
    final int value;

    Opaque(int value) {
      this.value = value;
    }
  }

  private final KeyBuilder keys = new KeyBuilder(new Codec(), new ResultRegistry());

  static StageDescriptor stage(String id, String code, String version) {
    return StageDescriptor.builder(id).codeFingerprint(code).version(version).checkpoint(true)
        .parameter("config").parameter("opaque").notKeyedParameter("listener")
        .field("epochs").field("rate").build();
  }

  static Config config() {
    return new Config("digits", 64, List.of(0.5, 0.25), Mode.FAST, LocalDate.of(2026, 12, 4));
  }

  /** Values whose iteration order or class name differs from JVM to JVM. */
  static Object unordered() {
    java.util.HashMap<Mode, Set<String>> byMode = new java.util.HashMap<>();
    byMode.put(Mode.SLOW, Set.of("x", "y", "z", "w"));
    byMode.put(Mode.FAST, new HashSet<>(List.of("a", "b", "c")));
    java.util.function.IntUnaryOperator twice =
        (java.util.function.IntUnaryOperator & java.io.Serializable) x -> x * 2;
    return List.of(byMode, Map.of("k1", 1, "k2", 2, "k3", 3), new HashSet<>(Set.of(Mode.FAST, Mode.SLOW)), twice);
  }

  static String probeKey() {
    KeyBuilder keys = new KeyBuilder(new Codec(), new ResultRegistry());
    return keys.key(new Stages.Pipeline(3, 0.1), stage("s", "c", "1"),
        new Object[] {config(), unordered(), new Object()}, 0).hash().hex();
  }

  /** Prints {@link #probeKey()}; run in a fresh JVM by {@link #equalInputsGiveEqualKeysInAFreshJvm}. */
  public static void main(String[] args) {
    System.out.println(probeKey());
  }

  @Test
  void keyDiffersWhenAnyKeyedInputDiffers() {
    Stages.Pipeline p = new Stages.Pipeline(3, 0.1);
    Object[] args = {config(), new Opaque(42), new Object()};
    Set<String> seen = new HashSet<>();
    List<String> variants = new ArrayList<>();
    variants.add(keys.key(p, stage("s", "c", "1"), args, 0).hash().hex());
    variants.add(keys.key(p, stage("t", "c", "1"), args, 0).hash().hex());
    variants.add(keys.key(p, stage("s", "d", "1"), args, 0).hash().hex());
    variants.add(keys.key(p, stage("s", "c", "2"), args, 0).hash().hex());
    Config other = new Config("digits", 65, List.of(0.5, 0.25), Mode.FAST, LocalDate.of(2026, 12, 4));
    variants.add(keys.key(p, stage("s", "c", "1"), new Object[] {other, new Opaque(42), null}, 0).hash().hex());
    Config slow = new Config("digits", 64, List.of(0.5, 0.25), Mode.SLOW, LocalDate.of(2026, 12, 4));
    variants.add(keys.key(p, stage("s", "c", "1"), new Object[] {slow, new Opaque(42), null}, 0).hash().hex());
    variants.add(keys.key(p, stage("s", "c", "1"), new Object[] {config(), new Opaque(43), null}, 0).hash().hex());
    variants.add(keys.key(new Stages.Pipeline(4, 0.1), stage("s", "c", "1"), args, 0).hash().hex());
    variants.add(keys.key(new Stages.Pipeline(3, 0.2), stage("s", "c", "1"), args, 0).hash().hex());
    variants.add(keys.key(p, stage("s", "c", "1"), new Object[] {null, new Opaque(42), null}, 0).hash().hex());
    seen.addAll(variants);
    assertEquals(variants.size(), seen.size(), "every variant must give its own key: " + variants);
  }

  @Test
  void notKeyedParameterAndTransientFieldDoNotChangeTheKey() {
    Stages.Pipeline a = new Stages.Pipeline(3, 0.1);
    Stages.Pipeline b = new Stages.Pipeline(3, 0.1);
    b.listener = "something else";
    String first = keys.key(a, stage("s", "c", "1"), new Object[] {config(), new Opaque(1), "x"}, 0).hash().hex();
    String second = keys.key(b, stage("s", "c", "1"), new Object[] {config(), new Opaque(1), 5}, 0).hash().hex();
    assertEquals(first, second);
  }

  @Test
  void equalInputsGiveEqualKeysInAFreshJvm() throws Exception {
    Process process = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), KeyBuilderTest.class.getName())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue());
    assertEquals(probeKey(), output);
    assertEquals(64, output.length(), "256-bit keys");
  }

  @Test
  void fileArgumentIsKeyedByItsContentsNotItsName() throws IOException {
    StageDescriptor stage = StageDescriptor.builder("f").codeFingerprint("c").parameter("csv").build();
    Path csv = Files.writeString(dir.resolve("data.csv"), "1,2,3\n");
    Stages.Pipeline p = new Stages.Pipeline(1, 1);
    String before = keys.key(p, stage, new Object[] {csv}, 0).hash().hex();
    assertEquals(before, keys.key(p, stage, new Object[] {csv}, 0).hash().hex());
    Path copy = Files.writeString(dir.resolve("copy.csv"), "1,2,3\n");
    assertEquals(before, keys.key(p, stage, new Object[] {copy}, 0).hash().hex(), "same contents");
    Files.writeString(csv, "1,2,4\n");
    Files.setLastModifiedTime(csv, FileTime.from(Instant.now().plusSeconds(5)));
    assertNotEquals(before, keys.key(p, stage, new Object[] {csv}, 0).hash().hex());
    assertNotEquals(before, keys.key(p, stage, new Object[] {csv.toFile()}, 0).hash().hex());
  }

  @Test
  void directoryArgumentIsKeyedByTheTreeBelowIt() throws IOException {
    StageDescriptor stage = StageDescriptor.builder("d").codeFingerprint("c").parameter("dir").build();
    Path tree = Files.createDirectories(dir.resolve("tree/sub"));
    Files.writeString(tree.resolve("a.txt"), "a");
    Stages.Pipeline p = new Stages.Pipeline(1, 1);
    Path root = dir.resolve("tree");
    String before = keys.key(p, stage, new Object[] {root}, 0).hash().hex();
    Files.writeString(tree.resolve("b.txt"), "b");
    assertNotEquals(before, keys.key(p, stage, new Object[] {root}, 0).hash().hex());
  }

  @Test
  void resultOfAnEarlierStageIsKeyedByItsContentHashWithoutRehashing() {
    ResultRegistry registry = new ResultRegistry();
    KeyBuilder withRegistry = new KeyBuilder(new Codec(), registry);
    StageDescriptor stage = StageDescriptor.builder("r").codeFingerprint("c").parameter("data").build();
    Map<String, Integer> value = Map.of("a", 1);
    Hash direct = withRegistry.valueHash(value, stage, "parameter 'data'");
    StoredResult stored = StoredResult.of(new Codec().serialize(value, 16), 0, "up", "", List.of());
    assertEquals(direct, stored.identity(), "content hash = hash of the serialized form");
    float[] big = new float[1 << 20];
    StoredResult pretend = StoredResult.of(new Codec.Serialized(new byte[] {1, 2, 3}, 3, Set.of()), 0, "up", "", List.of());
    registry.register(big, pretend);
    assertEquals(pretend.identity(), withRegistry.valueHash(big, stage, "parameter 'data'"));
    java.lang.ref.Reference.reachabilityFence(pretend); // the registry holds the bytes weakly
    StoredResult bumped = StoredResult.of(new Codec.Serialized(new byte[] {1, 2, 3}, 3, Set.of()), 0, "up", "2\0" + "0", List.of());
    assertNotEquals(pretend.identity(), bumped.identity(), "a version bump changes the identity");
  }
}
