// Constructs whose fingerprints must be the same on every JDK (see CrossJdkFingerprintTest).
package com.example.cross;

import dev.cairn.Stage;
import java.util.*;
import java.util.function.*;

public class MorePipeline extends Base<String> {
  private final List<? extends Number> numbers;
  static final double RATE = Math.sqrt(2) * Base.K;
  static final Comparator<String> ORDER = Comparator.comparing(String::length).thenComparing(Function.identity());

  public MorePipeline(List<? extends Number> numbers) { super("x"); this.numbers = numbers; }

  class Inner { int v() { return numbers.size(); } }

  @Stage
  double captures(String key) {
    var first = numbers.get(0);
    double sum = 0;
    for (var n : numbers) sum += n.doubleValue();
    Inner inner = this.new Inner();
    Supplier<Integer> s = this::helper;
    Supplier<String> t = super::name;
    switch (key) {
      case "a": sum += 1; break;
      case "b": { sum += 2; }
      default: sum += 3;
    }
    char ch = 'a';
    ch += 2;
    boolean isList = numbers instanceof List;
    Map<String, List<Integer>>[] maps = null;
    enum Color { RED, GREEN }
    interface Shape { double area(); }
    Shape sq = () -> 4.0;
    Object o = Color.RED;
    List<String> sorted = new ArrayList<>(List.of("bb", "a"));
    sorted.sort(ORDER);
    int[] counts = new int[] {1, 2};
    Integer boxed = counts.length > 1 ? counts[0] : null;
    return first.doubleValue() + sum + inner.v() + s.get() + t.get().length() + ch + (isList ? 1 : 0)
        + (maps == null ? 0 : 1) + sq.area() + o.hashCode() % 1 + RATE + sorted.size() + (boxed == null ? 0 : boxed)
        + MorePipeline.this.numbers.size() + Optional.ofNullable(key).map(k -> k.length()).orElse(0)
        + new Base.Nested<Integer>(5).get() + Objects.hash(1, "a", 2.0) % 1 + java.util.Arrays.asList(1, 2).size();
  }

  private int helper() { return Base.K + name().length(); }

  @Stage
  <T extends Number & Comparable<? super T>> List<? extends T> generic(T[] items, List<? super T> sink, Map<String, ? extends List<T>> m) {
    List<T> out = new ArrayList<>();
    for (T item : items) { if (item.compareTo(items[0]) >= 0) out.add(item); }
    sink.addAll(out);
    return out;
  }
}

class Base<X> {
  static final int K = 3;
  static { System.setProperty("unused", "1"); }
  private final X x;
  Base(X x) { this.x = x; }
  String name() { return String.valueOf(x); }
  static class Nested<N> { private final N n; Nested(N n) { this.n = n; } N get() { return n; } }
}
