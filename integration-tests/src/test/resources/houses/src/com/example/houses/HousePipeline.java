package com.example.houses;

import dev.cairn.Checkpoint;
import dev.cairn.NotKeyed;
import dev.cairn.Stage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Predicts house prices from a CSV file of houses: load, features, train, evaluate. A small but
 * ordinary pipeline: its stages reach private and package-private helpers, a helper class, a
 * lambda, constants and a field initializer, read some of the pipeline's fields, and one stage
 * calls another inside its body.
 */
public class HousePipeline {
  /** Areas are divided by this before they become features. */
  static final double AREA_SCALE = 100.0;
  /** Prices are predicted in thousands. */
  static final double PRICE_UNIT = 1000.0;

  /** The header line the CSV file must start with. */
  private final List<String> header = List.of("area", "rooms", "price");
  /** Cheaper houses are left out: their prices are not market prices. */
  private final double minPrice = 50_000;
  private final double learningRate;
  private final int epochs;
  /** A name for the run's log; no stage reads it. */
  private final String label;
  @NotKeyed private final PrintStream log;

  public HousePipeline(double learningRate, int epochs, String label, PrintStream log) {
    this.learningRate = learningRate;
    this.epochs = epochs;
    this.label = label;
    this.log = log;
  }

  /** Plain orchestration: the stages are called like any other methods. */
  public Evaluation run(Path csv, int degree, double tolerance) throws IOException {
    log.println("run " + label);
    Table table = load(csv);
    Features features = features(table, degree);
    Model model = train(features);
    return evaluate(model, features, tolerance);
  }

  /**
   * How many houses a CSV file holds, given its name as text: the file is not an argument of this
   * stage, only of the {@code load} call inside it.
   */
  @Stage(name = "houses.count")
  @Checkpoint
  int count(String csvName) throws IOException {
    return load(Path.of(csvName)).houses().size();
  }

  @Stage(name = "houses.load")
  @Checkpoint
  Table load(Path csv) throws IOException {
    List<House> houses = new ArrayList<>();
    for (String line : Files.readAllLines(csv)) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || isHeader(trimmed)) {
        continue;
      }
      House house = parseRow(trimmed);
      if (!(house.price() < minPrice)) {
        houses.add(house);
      }
    }
    return new Table(Cleaning.keepValid(houses));
  }

  private boolean isHeader(String line) {
    return Arrays.asList(line.split(",")).equals(header);
  }

  House parseRow(String line) {
    String[] cells = line.split(",", -1);
    return new House(Cleaning.number(cells[0]), (int) Cleaning.number(cells[1]),
        Cleaning.number(cells[2]));
  }

  @Stage(name = "houses.features", version = "1")
  @Checkpoint
  Features features(Table table, int degree) {
    int n = table.houses().size();
    double[][] x = new double[n][];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      House house = table.houses().get(i);
      x[i] = featureRow(house, degree);
      y[i] = house.price() / PRICE_UNIT;
    }
    return new Features(x, y);
  }

  private static double[] featureRow(House house, int degree) {
    double[] row = new double[degree + 2];
    row[0] = 1.0;
    double area = house.area() / AREA_SCALE;
    for (int d = 1; d <= degree; d++) {
      row[d] = Math.pow(area, d);
    }
    row[degree + 1] = house.rooms();
    return row;
  }

  @Stage
  @Checkpoint
  Model train(Features features) {
    double[][] x = features.x();
    double[] y = features.y();
    double[] weights = initialWeights(x[0].length);
    for (int epoch = 0; epoch < epochs; epoch++) {
      double[] gradient = new double[weights.length];
      for (int i = 0; i < x.length; i++) {
        double error = Model.predict(weights, x[i]) - y[i];
        for (int j = 0; j < weights.length; j++) {
          gradient[j] += error * x[i][j] / x.length;
        }
      }
      for (int j = 0; j < weights.length; j++) {
        weights[j] -= learningRate * gradient[j];
      }
    }
    log.println("trained for " + epochs + " epochs");
    return new Model(weights);
  }

  private static double[] initialWeights(int count) {
    return new double[count];
  }

  @Stage(name = "houses.baseline")
  @Checkpoint
  double baselineError(Features features) {
    double mean = Arrays.stream(features.y()).average().orElse(0);
    return Arrays.stream(features.y()).map(y -> (y - mean) * (y - mean)).average().orElse(0);
  }

  @Stage(name = "houses.evaluate")
  @Checkpoint
  Evaluation evaluate(Model model, Features features, double tolerance) {
    double[][] x = features.x();
    double[] y = features.y();
    double squares = 0;
    int within = 0;
    for (int i = 0; i < x.length; i++) {
      double error = Model.predict(model.weights(), x[i]) - y[i];
      squares += error * error;
      if (Math.abs(error) <= tolerance) {
        within++;
      }
    }
    return new Evaluation(squares / x.length, baselineError(features), (double) within / x.length);
  }
}
