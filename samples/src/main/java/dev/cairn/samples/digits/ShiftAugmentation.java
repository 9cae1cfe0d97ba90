package dev.cairn.samples.digits;

/**
 * Enlarges a set of square images with copies shifted by one pixel up, down, left and right,
 * filling the uncovered edge with 0 (the background after scaling). A digit moved by a pixel is
 * still the same digit, so the network learns to tolerate small misalignments. Deterministic: no
 * randomness, the output order is every original row, then every row shifted right, and so on.
 */
public final class ShiftAugmentation {
  /** (dx, dy) of each copy, after the unshifted original. */
  private static final int[][] SHIFTS = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};

  private ShiftAugmentation() {}

  /** How many rows {@link #apply} makes of each input row. */
  public static int factor() {
    return SHIFTS.length + 1;
  }

  /**
   * The rows of {@code images} followed by their four one-pixel shifts.
   *
   * @param side width and height of each image; {@code images.features()} must be side * side
   */
  public static Dataset apply(Dataset images, int side) {
    if (images.features() != side * side) {
      throw new IllegalArgumentException(
          images.features() + " features are not " + side + "x" + side + " images");
    }
    int rows = images.rows();
    int size = images.features();
    float[] x = new float[rows * size * factor()];
    int[] y = new int[rows * factor()];
    System.arraycopy(images.x(), 0, x, 0, rows * size);
    System.arraycopy(images.y(), 0, y, 0, rows);
    for (int s = 0; s < SHIFTS.length; s++) {
      int dx = SHIFTS[s][0];
      int dy = SHIFTS[s][1];
      int base = (s + 1) * rows;
      for (int r = 0; r < rows; r++) {
        int from = r * size;
        int to = (base + r) * size;
        for (int row = 0; row < side; row++) {
          int sourceRow = row - dy;
          if (sourceRow < 0 || sourceRow >= side) {
            continue;
          }
          for (int col = 0; col < side; col++) {
            int sourceCol = col - dx;
            if (sourceCol >= 0 && sourceCol < side) {
              x[to + row * side + col] = images.x()[from + sourceRow * side + sourceCol];
            }
          }
        }
        y[base + r] = images.y()[r];
      }
    }
    return new Dataset(x, y, size);
  }
}
