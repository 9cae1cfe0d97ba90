package com.example.houses;

import java.util.List;

/** Parsing and cleaning rules for the raw rows, shared by the pipeline's loading stage. */
final class Cleaning {
  /** Houses smaller than this, in square metres, are data-entry errors. */
  static final double MIN_AREA = 10.0;

  private Cleaning() {}

  /** A cell as a number; an empty cell is {@code NaN}. */
  static double number(String cell) {
    String text = cell.trim();
    return text.isEmpty() ? Double.NaN : Double.parseDouble(text);
  }

  /** The houses with a price and a plausible area. */
  static List<House> keepValid(List<House> houses) {
    return houses.stream()
        .filter(house -> !Double.isNaN(house.price()) && house.area() >= MIN_AREA)
        .toList();
  }
}
