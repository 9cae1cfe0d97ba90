package dev.cairn.runtime;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.Serializer;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import java.util.AbstractMap;
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
import java.util.function.Function;

/**
 * The JDK's collection views: sublists, unmodifiable and synchronized wrappers, {@code nCopies},
 * and the key, value and entry views of maps. Their fields point into the collection they view
 * (or hold a lock object), which Kryo can write but not rebuild: read back, they fail or break on
 * first use, so a stage returning {@code Collections.unmodifiableList(rows)} or {@code
 * list.subList(0, n)} would never be reused. Each is written as a copy of its elements in a plain
 * collection and read back as that copy:
 *
 * <ul>
 *   <li>a list view, or a view of values, as an {@code ArrayList} (same order);
 *   <li>a sorted set or map view as a {@code TreeSet} or {@code TreeMap} with its comparator;
 *   <li>any other set or map view as a {@code HashSet} or {@code HashMap}, which Cairn writes in a
 *       canonical order ({@link CanonicalSerializers}), so that a key does not depend on the hash
 *       codes that ordered the view; map entries become {@code AbstractMap.SimpleImmutableEntry}.
 * </ul>
 */
final class ViewSerializers {
  private ViewSerializers() {}

  static void register(Kryo kryo) {
    List<Integer> arrayList = new ArrayList<>(List.of(1, 2, 3));
    List<Integer> linkedList = new LinkedList<>(arrayList);
    Set<Integer> hashSet = new HashSet<>(arrayList);
    TreeSet<Integer> treeSet = new TreeSet<>(arrayList);
    Map<Integer, Integer> hashMap = new HashMap<>(Map.of(1, 1, 2, 2));
    Map<Integer, Integer> linkedHashMap = new LinkedHashMap<>(hashMap);
    TreeMap<Integer, Integer> treeMap = new TreeMap<>(hashMap);
    ConcurrentHashMap<Integer, Integer> concurrentMap = new ConcurrentHashMap<>(hashMap);

    Serializer<Collection<?>> lists = new CopySerializer<>(ArrayList::new);
    for (Object view : List.of(
        arrayList.subList(0, 1), linkedList.subList(0, 1), Arrays.asList(1, 2).subList(0, 1),
        Collections.unmodifiableList(arrayList), Collections.unmodifiableList(linkedList),
        Collections.synchronizedList(arrayList), Collections.synchronizedList(linkedList),
        Collections.unmodifiableCollection(arrayList), Collections.synchronizedCollection(arrayList),
        Collections.nCopies(2, 1), hashMap.values(), linkedHashMap.values(), treeMap.values(),
        concurrentMap.values())) {
      kryo.addDefaultSerializer(view.getClass(), lists);
    }

    Serializer<Collection<?>> sets = new CopySerializer<>(ViewSerializers::setCopy);
    for (Object view : List.of(
        Collections.unmodifiableSet(hashSet), Collections.synchronizedSet(hashSet),
        Collections.unmodifiableSortedSet(treeSet), Collections.synchronizedSortedSet(treeSet),
        Collections.unmodifiableNavigableSet(treeSet), Collections.synchronizedNavigableSet(treeSet),
        hashMap.keySet(), linkedHashMap.keySet(), treeMap.keySet(), treeMap.navigableKeySet(),
        treeMap.descendingKeySet(), concurrentMap.keySet(), hashMap.entrySet(),
        linkedHashMap.entrySet(), treeMap.entrySet(), concurrentMap.entrySet())) {
      kryo.addDefaultSerializer(view.getClass(), sets);
    }

    kryo.addDefaultSerializer(AbstractMap.SimpleImmutableEntry.class, new EntrySerializer());

    Serializer<Map<?, ?>> maps = new MapCopySerializer();
    for (Object view : List.of(
        Collections.unmodifiableMap(hashMap), Collections.synchronizedMap(hashMap),
        Collections.unmodifiableSortedMap(treeMap), Collections.synchronizedSortedMap(treeMap),
        Collections.unmodifiableNavigableMap(treeMap), Collections.synchronizedNavigableMap(treeMap),
        treeMap.subMap(1, 2), treeMap.descendingMap())) {
      kryo.addDefaultSerializer(view.getClass(), maps);
    }
  }

  /** A sorted set keeps its order and comparator; any other set is copied into a hash set. */
  private static Collection<?> setCopy(Collection<?> view) {
    if (view instanceof SortedSet<?> sorted) {
      @SuppressWarnings("unchecked") // a comparator of the set's elements compares the copy's
      TreeSet<Object> copy = new TreeSet<>((Comparator<Object>) sorted.comparator());
      copy.addAll(sorted);
      return copy;
    }
    Set<Object> copy = new HashSet<>();
    for (Object element : view) {
      copy.add(element instanceof Map.Entry<?, ?> entry ? new AbstractMap.SimpleImmutableEntry<>(entry) : element);
    }
    return copy;
  }

  /** A map entry copied out of an entry view: its key and value (its fields are not open to Kryo). */
  private static final class EntrySerializer extends Serializer<AbstractMap.SimpleImmutableEntry<?, ?>> {
    EntrySerializer() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, AbstractMap.SimpleImmutableEntry<?, ?> entry) {
      kryo.writeClassAndObject(output, entry.getKey());
      kryo.writeClassAndObject(output, entry.getValue());
    }

    @Override
    public AbstractMap.SimpleImmutableEntry<?, ?> read(Kryo kryo, Input input,
        Class<? extends AbstractMap.SimpleImmutableEntry<?, ?>> type) {
      return new AbstractMap.SimpleImmutableEntry<>(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
    }
  }

  /** Writes a collection view as a copy ({@code copy} of it) and reads back the copy. */
  private static final class CopySerializer<C extends Collection<?>> extends Serializer<C> {
    private final Function<C, Collection<?>> copy;

    CopySerializer(Function<C, Collection<?>> copy) {
      this.copy = copy;
    }

    @Override
    public void write(Kryo kryo, Output output, C view) {
      kryo.writeClassAndObject(output, copy.apply(view));
    }

    @Override
    @SuppressWarnings("unchecked") // what the copy function returned when this was written
    public C read(Kryo kryo, Input input, Class<? extends C> type) {
      return (C) kryo.readClassAndObject(input);
    }
  }

  /** Writes a map view as a {@code TreeMap} (sorted views) or {@code HashMap} copy. */
  private static final class MapCopySerializer extends Serializer<Map<?, ?>> {
    @Override
    public void write(Kryo kryo, Output output, Map<?, ?> view) {
      Map<Object, Object> copy;
      if (view instanceof SortedMap<?, ?> sorted) {
        @SuppressWarnings("unchecked") // a comparator of the map's keys compares the copy's keys
        SortedMap<Object, Object> tree = new TreeMap<>((Comparator<Object>) sorted.comparator());
        copy = tree;
      } else {
        copy = new HashMap<>();
      }
      copy.putAll(view);
      kryo.writeClassAndObject(output, copy);
    }

    @Override
    public Map<?, ?> read(Kryo kryo, Input input, Class<? extends Map<?, ?>> type) {
      return (Map<?, ?>) kryo.readClassAndObject(input);
    }
  }
}
