package dev.cairn.samples.digits;

import dev.cairn.Checkpoint;
import dev.cairn.NotKeyed;
import dev.cairn.Stage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Trains a handwritten-digit classifier: {@link #load} the CSV, {@link #split} it into training
 * and test sets, {@link #normalize} the pixels, {@link #train} a one-hidden-layer network with
 * mini-batch SGD, {@link #evaluate} it on the test set. {@link #run} calls them in that order,
 * like any pipeline class would; all but {@code train} come from {@link DigitsData}.
 *
 * <p>Every stage is {@code @Checkpoint}, so a later JVM reuses each result whose inputs are
 * unchanged. Construct the generated {@code ResumableDigitsPipeline} to get that. A stage is
 * keyed on its arguments and on the fields it reads: {@link #split} reads {@code seed},
 * {@link #train} reads {@code config} (every hyperparameter), the other stages read none. So a
 * new epoch count retrains and re-evaluates, but loads, splits and normalizes nothing again.
 *
 * <p>{@link #train} saves its progress after every epoch (see {@link Training#run}): killed
 * half-way, the next run resumes at the last saved epoch and ends with exactly the weights an
 * uninterrupted run would have. It needs the generated class: outside a running stage there is
 * no progress to save.
 */
public class DigitsPipeline extends DigitsData {
  private final Hyperparameters config;
  @NotKeyed private final TrainState.EpochListener listener;

  /**
   * @param epochs passes over the (augmented) training set
   * @param learningRate SGD step size
   * @param hidden hidden units
   * @param batchSize examples per weight update
   * @param seed seeds the train/test split and the initial weights
   * @param listener told after each epoch; not part of any key
   */
  public DigitsPipeline(
      int epochs,
      float learningRate,
      int hidden,
      int batchSize,
      long seed,
      TrainState.EpochListener listener) {
    super(seed);
    this.config = new Hyperparameters(epochs, learningRate, hidden, batchSize, seed);
    this.listener = listener;
  }

  /** The whole pipeline: from the CSV file to the trained model and its test accuracy. */
  public DigitsResult run(Path csv) throws IOException {
    Dataset all = load(csv);
    Split split = split(all);
    Split scaled = normalize(split);
    Model model = train(scaled.train());
    return new DigitsResult(model, evaluate(model, scaled.test()));
  }

  /**
   * Trains the network as {@code config} says, on the training set and its one-pixel shifts,
   * resuming from the last saved epoch if an earlier
   * run of this same call was interrupted.
   */
  @Stage(name = "digits.train")
  @Checkpoint
  Model train(Dataset train) {
    return Training.run(train, config, listener);
  }
}
