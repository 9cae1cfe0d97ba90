package dev.cairn.benchmarks.report;

/**
 * Does nothing: {@code run.sh} times a JVM started with the digits sample's class path running
 * this, the floor under which no rerun of the sample can go.
 */
public final class JvmFloor {
  private JvmFloor() {}

  public static void main(String[] args) {
    // nothing: the cost measured is starting and stopping the JVM
  }
}
