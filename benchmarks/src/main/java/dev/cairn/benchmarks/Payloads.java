package dev.cairn.benchmarks;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The values the benchmarks save and load, described by a JMH {@code @Param} string so that the
 * quick mode of {@code run.sh} can shrink them with {@code -p payload=...}:
 *
 * <ul>
 *   <li>{@code floats:<size>}: a {@code float[]} of that many bytes ({@code 1MiB}, {@code 64MiB},
 *       {@code 400MiB}, {@code 64KiB}, or a plain byte count);
 *   <li>{@code records:<count>}: an {@code ArrayList} of that many small {@link Sample} records
 *       ({@code 1M}, {@code 1K}, or a plain count) — an object graph, {@code Serializable} so that
 *       the {@code ObjectOutputStream} baseline can write the same value.
 * </ul>
 */
public final class Payloads {
  private Payloads() {}

  /** A small record: what a data pipeline keeps a million of. */
  record Sample(long id, float x, float y, int label) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Builds the value a payload string describes; deterministic. */
  static Object create(String spec) {
    String[] parts = spec.split(":", 2);
    if (parts.length != 2) {
      throw new IllegalArgumentException("payload must be floats:<bytes> or records:<count>, was " + spec);
    }
    switch (parts[0]) {
      case "floats":
        return floats(Math.toIntExact(parseSize(parts[1]) / Float.BYTES));
      case "records":
        return records(Math.toIntExact(parseCount(parts[1])));
      default:
        throw new IllegalArgumentException("unknown payload kind " + parts[0] + " in " + spec);
    }
  }

  static boolean isFloats(String spec) {
    return spec.startsWith("floats:");
  }

  static float[] floats(int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (i % 1000) * 0.001f - 0.5f;
    }
    return out;
  }

  static ArrayList<Sample> records(int n) {
    ArrayList<Sample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new Sample(i, i * 0.25f, -i * 0.5f, i % 10));
    }
    return out;
  }

  /** A rough checksum that touches the value, so the JIT cannot skip building it. */
  static long touch(Object value) {
    if (value instanceof float[] a) {
      return a.length == 0 ? 0 : a.length + Float.floatToRawIntBits(a[a.length - 1]);
    }
    if (value instanceof List<?> list) {
      return list.isEmpty() ? 0 : list.size() + ((Sample) list.get(list.size() - 1)).id();
    }
    return value == null ? 0 : value.hashCode();
  }

  /** {@code 1MiB}, {@code 64KiB}, {@code 1GiB} or a plain number of bytes. */
  public static long parseSize(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("GIB")) {
      unit = 1L << 30;
    } else if (t.endsWith("MIB")) {
      unit = 1L << 20;
    } else if (t.endsWith("KIB")) {
      unit = 1L << 10;
    }
    return Long.parseLong(unit == 1 ? t.replaceAll("B$", "") : t.substring(0, t.length() - 3)) * unit;
  }

  /** {@code 1M}, {@code 10K} or a plain number. */
  static long parseCount(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    if (t.endsWith("M")) {
      return Long.parseLong(t.substring(0, t.length() - 1)) * 1_000_000L;
    }
    if (t.endsWith("K")) {
      return Long.parseLong(t.substring(0, t.length() - 1)) * 1_000L;
    }
    return Long.parseLong(t);
  }
}
