package dev.cairn.runtime;

import static dev.cairn.runtime.Stages.call;
import static dev.cairn.runtime.Stages.checkpointed;
import static dev.cairn.runtime.Stages.open;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.cairn.runtime.internal.StageDescriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JDK's collection views are read back as equal plain collections, not broken copies. */
class ViewSerializersTest {
  @TempDir Path dir;

  private final Codec codec = new Codec();

  record Holder(List<String> names, Map<String, Integer> counts) {}

  static Stream<Arguments> views() {
    List<String> list = new ArrayList<>(List.of("a", "b", "c", "d"));
    Map<String, Integer> map = new HashMap<>(Map.of("x", 1, "y", 2, "z", 3));
    TreeMap<String, Integer> tree = new TreeMap<>(Comparator.reverseOrder());
    tree.putAll(map);
    return Stream.of(
        Arguments.of("ArrayList.subList", list.subList(1, 3)),
        Arguments.of("LinkedList.subList", new LinkedList<>(list).subList(1, 3)),
        Arguments.of("Arrays.asList().subList", Arrays.asList("a", "b", "c").subList(0, 2)),
        Arguments.of("unmodifiableList", Collections.unmodifiableList(list)),
        Arguments.of("unmodifiableList of a LinkedList", Collections.unmodifiableList(new LinkedList<>(list))),
        Arguments.of("synchronizedList", Collections.synchronizedList(list)),
        Arguments.of("nCopies", Collections.nCopies(3, "n")),
        Arguments.of("unmodifiableCollection", Collections.unmodifiableCollection(list)),
        Arguments.of("unmodifiableSet", Collections.unmodifiableSet(new HashSet<>(list))),
        Arguments.of("synchronizedSet", Collections.synchronizedSet(new HashSet<>(list))),
        Arguments.of("unmodifiableSortedSet", Collections.unmodifiableSortedSet(new TreeSet<>(list))),
        Arguments.of("unmodifiableMap", Collections.unmodifiableMap(map)),
        Arguments.of("synchronizedMap", Collections.synchronizedMap(map)),
        Arguments.of("unmodifiableSortedMap (reverse order)", Collections.unmodifiableSortedMap(tree)),
        Arguments.of("HashMap.keySet", map.keySet()),
        Arguments.of("HashMap.values", map.values()),
        Arguments.of("HashMap.entrySet", map.entrySet()),
        Arguments.of("LinkedHashMap.keySet", new LinkedHashMap<>(map).keySet()),
        Arguments.of("TreeMap.keySet (reverse order)", tree.keySet()),
        Arguments.of("TreeMap.subMap", new TreeMap<>(map).subMap("x", "z")),
        Arguments.of("TreeMap.descendingMap", new TreeMap<>(map).descendingMap()),
        Arguments.of("ConcurrentHashMap.keySet", new ConcurrentHashMap<>(map).keySet()),
        Arguments.of("a record holding views",
            new Holder(list.subList(0, 2), Collections.unmodifiableMap(map))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("views")
  void aViewIsReadBackAsAnEqualPlainCollection(String name, Object view) {
    Object back = codec.deserialize(codec.serialize(view));
    if (view instanceof List<?> || view instanceof Set<?> || view instanceof Map<?, ?> || view instanceof Holder) {
      assertEquals(view, back);
    } else {
      assertEquals(new ArrayList<>((Collection<?>) view), back, "a view of values, in order");
    }
    if (view instanceof SortedSet<?> sorted) {
      assertEquals(new ArrayList<>(sorted), new ArrayList<>((SortedSet<?>) back), "same order");
    }
    if (view instanceof SortedMap<?, ?> sorted) {
      assertEquals(new ArrayList<>(sorted.keySet()), new ArrayList<>(((SortedMap<?, ?>) back).keySet()), "same order");
    }
    assertArrayEquals(codec.serialize(back), codec.serialize(codec.deserialize(codec.serialize(back))),
        "what is read back serializes the same way again");
  }

  @Test
  void aViewKeysByItsElementsNotByTheCollectionItViews() {
    List<String> big = new ArrayList<>(List.of("a", "b"));
    for (int i = 0; i < 10_000; i++) {
      big.add("element " + i);
    }
    List<String> other = new ArrayList<>(List.of("a", "b", "zzz"));
    assertArrayEquals(codec.serialize(big.subList(0, 2)), codec.serialize(other.subList(0, 2)));
    assertEquals(true, codec.serialize(big.subList(0, 2)).length < 100, "the backing list is not written");
  }

  @Test
  void aViewReferencedTwiceIsReadBackAsOneObject() {
    List<String> view = Collections.unmodifiableList(new ArrayList<>(List.of("a", "b")));
    List<Object> graph = new ArrayList<>(List.of(view, "between", view));
    List<?> back = (List<?>) codec.deserialize(codec.serialize(graph));
    assertEquals(graph, back);
    org.junit.jupiter.api.Assertions.assertSame(back.get(0), back.get(2));
  }

  @Test
  void aStageReturningAViewIsReusedFromMemoryAndFromDisk() {
    Stages.Pipeline pipeline = new Stages.Pipeline(1, 1);
    StageDescriptor stage = checkpointed("views.top");
    List<String> rows = new ArrayList<>(List.of("r1", "r2", "r3"));
    try (Cairn cairn = open(dir)) {
      call(cairn, pipeline, stage, () -> {
        pipeline.runs.incrementAndGet();
        return Collections.unmodifiableList(rows.subList(0, 2));
      });
      List<String> again = call(cairn, pipeline, stage, () -> List.of("never"));
      assertEquals(List.of("r1", "r2"), again);
      assertInstanceOf(ArrayList.class, again);
      assertEquals(Outcome.MEMORY, cairn.lastRun().calls().get(1).outcome());
    }
    try (Cairn cairn = open(dir)) {
      assertEquals(List.of("r1", "r2"), call(cairn, pipeline, stage, () -> List.of("never")));
      assertEquals(Outcome.DISK, cairn.lastRun().calls().get(0).outcome());
    }
    assertEquals(1, pipeline.runs.get());
  }

  /** Written fine, never read back. */
  static final class WriteOnly implements com.esotericsoftware.kryo.kryo5.KryoSerializable {
    int value = 7;

    @Override
    public void write(com.esotericsoftware.kryo.kryo5.Kryo kryo, com.esotericsoftware.kryo.kryo5.io.Output output) {
      output.writeInt(value);
    }

    @Override
    public void read(com.esotericsoftware.kryo.kryo5.Kryo kryo, com.esotericsoftware.kryo.kryo5.io.Input input) {
      throw new IllegalStateException("holds a native handle");
    }
  }

  @Test
  void aResultThatCannotBeReadBackIsComputedAgainInsteadOfFailingTheCall() {
    Stages.Pipeline pipeline = new Stages.Pipeline(1, 1);
    StageDescriptor stage = checkpointed("views.writeOnly");
    try (Cairn cairn = open(dir)) {
      for (int i = 0; i < 2; i++) {
        WriteOnly result = call(cairn, pipeline, stage, () -> {
          pipeline.runs.incrementAndGet();
          return new WriteOnly();
        });
        assertEquals(7, result.value);
      }
      StageCallRecord second = cairn.lastRun().calls().get(1);
      assertEquals(Outcome.COMPUTED, second.outcome());
      assertEquals("its result kept in memory could not be read back", second.reason());
    }
    assertEquals(2, pipeline.runs.get());
  }
}
