// Constructs whose fingerprints must be the same on every JDK (see CrossJdkFingerprintTest).
package com.example.cross;

import dev.cairn.Stage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.*;
import java.util.function.*;
import java.util.stream.Collectors;

@SuppressWarnings("cairn")
public class RichPipeline {
  private static final String HEADER = """
      id,value
      """;
  private final Map<String, Integer> weights = new HashMap<>();
  private final Helper helper = new Helper(3);

  public RichPipeline() {}

  record Point(int x, int y) {
    int sum() { return x + y; }
  }

  enum Mode { FAST, SLOW; int factor() { return this == FAST ? 2 : 1; } }

  interface Op { int apply(int a); }

  @Stage
  int everything(List<String> items, Mode mode, Object o) throws IOException {
    int total = 0;
    label:
    for (int i = 0, j = 10; i < j; i++, j--) {
      if (i == 3) continue label;
      if (i > 7) break label;
      total += i * 2 % 3 - (j >> 1) + (j >>> 2) + (j << 1) ^ 5 | 1 & 7;
    }
    var copy = new ArrayList<>(items);
    for (String s : copy) {
      total += s.length();
    }
    int k = 0;
    while (k < 3) { k++; }
    do { k--; } while (k > 0);
    switch (mode) {
      case FAST:
        total++;
        // fall through
      case SLOW:
        total--;
        break;
      default:
        break;
    }
    int r = switch (mode) {
      case FAST -> 1;
      case SLOW -> {
        int q = 2;
        yield q * mode.factor();
      }
    };
    String label2 = switch (total % 3) { case 0, 1 -> "a"; default -> "b"; };
    if (o instanceof String str && !str.isEmpty()) {
      total += str.length();
    }
    Point p = new Point(1, 2);
    total += p.sum() + p.x();
    Object[] arr = new Object[] {1, "x", null, 'c', 2L, 3.0f, 4.0, true};
    int[][] grid = new int[3][4];
    grid[1][2] = arr.length;
    Function<Integer, Integer> f = x -> x + 1;
    BiFunction<Integer, Integer, Integer> g = (Integer a, Integer b) -> { return a * b; };
    Supplier<List<String>> sup = ArrayList::new;
    Function<String, Integer> len = String::length;
    Op op = new Op() {
      @Override public int apply(int a) { return a - 1; }
    };
    class Local { int twice(int v) { return v * 2; } }
    record LocalPoint(int a, int b) {}
    total += new Local().twice(op.apply(f.apply(g.apply(2, 3))));
    total += new LocalPoint(1, 2).a();
    total += sup.get().size() + len.apply(label2);
    try (BufferedReader reader = new BufferedReader(new StringReader(HEADER))) {
      total += reader.readLine().length();
    } catch (IOException | RuntimeException e) {
      throw e;
    } finally {
      total = -(-total);
    }
    synchronized (this) { total += (int) 3.7; }
    assert total > -1000 : "small";
    total = total > 0 ? total : ~total;
    boolean b = !(total < 0) && total != 5 || total >= 6;
    long big = 1_000_000L + 0x10 + 017 + 0b11;
    char c = '\n';
    total += helper.compute(total) + Helper.twice(1) + (b ? 1 : 0) + (int) big + c;
    total += items.stream().filter(s -> !s.isBlank()).map(String::trim).collect(Collectors.toList()).size();
    total += weights.getOrDefault("a", 0);
    Map.Entry<String, Integer> entry = Map.entry("k", 1);
    total += entry.getValue();
    Runnable run = () -> {};
    run.run();
    total++; ++total; total--; --total;
    total <<= 1; total >>= 1; total *= 2; total /= 2;
    int[] init = {1, 2, 3};
    Object cast = (Comparable<String> & java.io.Serializable) "s";
    total += init.length + cast.hashCode() % 2 + r;
    if (total < 0) throw new IllegalStateException("negative " + total);
    return total;
  }
}

class Extras implements Comparable<Extras> {
  interface Greeter { default String greet() { return "hi"; } }
  static class Polite implements Greeter {
    @Override public String greet() { return Greeter.super.greet() + "!"; }
  }

  @Override public int compareTo(Extras other) { return 0; }

  @Stage
  <T extends Comparable<T>> String more(List<T> items, String mode) throws Exception {
    Comparator<String> byLength = new Comparator<>() {
      @Override public int compare(String a, String b) { return Integer.compare(a.length(), b.length()); }
    };
    List<String> names = new ArrayList<>(List.of("bb", "a"));
    names.sort(byLength.reversed());
    String picked = switch (mode) {
      case "first" -> names.get(0);
      case "last" -> { String last = names.get(names.size() - 1); yield last; }
      default -> throw new IllegalArgumentException(mode);
    };
    Class<?> type = int.class;
    Class<?> arrays = String[].class;
    Object o = items;
    int found = 0;
    outer:
    while (found < 3) {
      for (T item : items) {
        if (item == null) continue outer;
        found++;
      }
      break;
    }
    List<? super Integer> sink = new ArrayList<Number>();
    sink.add(1);
    String joined = Collections.<String>emptyList().isEmpty() ? "e" : "n";
    try {
      return picked + type.getName() + arrays.getSimpleName() + (o instanceof List<?> l ? l.size() : -1)
          + new Polite().greet() + joined + sink.size() + this.<String>id("x");
    } finally {
      found = 0;
    }
  }

  <X> X id(X x) { return x; }
}

class Helper {
  static final int BASE = 7;
  private final int n;
  Helper(int n) { this.n = n; }
  int compute(int v) { return v + n + BASE + twice(v); }
  static int twice(int v) { return 2 * v; }
}
