package dev.cairn.samples.digits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DigitsPipelineTest {

  @Test
  void loadReadsEveryImageOfTheDataSet() throws IOException {
    Dataset all = SampleData.pipeline(1).load(SampleData.DIGITS);
    assertEquals(1797, all.rows());
    assertEquals(64, all.features());
    assertEquals(0, all.y()[0]);
    for (float pixel : all.x()) {
      assertTrue(pixel >= 0 && pixel <= 16, "pixel " + pixel);
    }
  }

  @Test
  void splitHoldsOutAFifthOfEveryClassTheSameWayEachTime() throws IOException {
    DigitsPipeline pipeline = SampleData.pipeline(1);
    Dataset all = pipeline.load(SampleData.DIGITS);
    Split split = pipeline.split(all);
    assertEquals(all.rows(), split.train().rows() + split.test().rows());
    int[] trainCounts = counts(split.train());
    int[] testCounts = counts(split.test());
    for (int label = 0; label < DigitsPipeline.CLASSES; label++) {
      int total = trainCounts[label] + testCounts[label];
      assertEquals(Math.round(total * 0.2), testCounts[label], "class " + label);
    }
    Split again = pipeline.split(all);
    assertTrue(split.train().sameAs(again.train()) && split.test().sameAs(again.test()));

    Split otherSeed = new DigitsPipeline(1, 0.1f, 32, 32, 43, (e, l) -> {}).split(all);
    assertFalse(split.test().sameAs(otherSeed.test()));
  }

  @Test
  void normalizeScalesTrainingPixelsToTheUnitInterval() throws IOException {
    Split scaled = SampleData.scaledSplit();
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float pixel : scaled.train().x()) {
      min = Math.min(min, pixel);
      max = Math.max(max, pixel);
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
  }

  @Test
  void shiftAugmentationAddsFourShiftedCopiesWithTheSameLabels() {
    float[] image = new float[9];
    image[4] = 1f; // centre pixel of a 3x3 image
    Dataset shifted = ShiftAugmentation.apply(new Dataset(image, new int[] {7}, 9), 3);
    assertEquals(5, shifted.rows());
    assertArrayEquals(new int[] {7, 7, 7, 7, 7}, shifted.y());
    int[] litPixel = new int[5];
    for (int r = 0; r < 5; r++) {
      float[] row = Arrays.copyOfRange(shifted.x(), r * 9, r * 9 + 9);
      assertEquals(1f, sum(row), "row " + r);
      for (int p = 0; p < 9; p++) {
        if (row[p] == 1f) {
          litPixel[r] = p;
        }
      }
    }
    assertArrayEquals(new int[] {4, 5, 3, 7, 1}, litPixel); // original, right, left, down, up
  }

  @Test
  void sameConfigurationTrainsBitIdenticalWeights() throws IOException {
    Split scaled = SampleData.scaledSplit();
    Model first = SampleData.pipeline(2).train(scaled.train());
    Model second = SampleData.pipeline(2).train(scaled.train());
    assertTrue(first.sameAs(second));
    Model otherEpochs = SampleData.pipeline(3).train(scaled.train());
    assertFalse(first.sameAs(otherEpochs));
  }

  @Test
  void trainingResumedFromASavedStateEndsBitIdentical() throws IOException {
    Dataset train = SampleData.scaledSplit().train();
    TrainState.EpochListener quiet = (e, l) -> {};

    TrainState uninterrupted = TrainState.fresh(64, 16, 10, 5);
    MiniBatchSgd sgd = new MiniBatchSgd(uninterrupted.model(), 0.1f, 32);
    for (int epoch = 0; epoch < 3; epoch++) {
      uninterrupted = uninterrupted.nextEpoch(train, sgd, quiet);
    }

    TrainState state = TrainState.fresh(64, 16, 10, 5);
    state = state.nextEpoch(train, new MiniBatchSgd(state.model(), 0.1f, 32), quiet);
    // what a checkpoint after epoch 1 would hold, restored into fresh objects
    TrainState saved = new TrainState(state.model().copy(), state.epoch(), state.randomState());
    TrainState resumed = saved;
    MiniBatchSgd resumedSgd = new MiniBatchSgd(resumed.model(), 0.1f, 32);
    while (resumed.epoch() < 3) {
      resumed = resumed.nextEpoch(train, resumedSgd, quiet);
    }
    assertTrue(uninterrupted.model().sameAs(resumed.model()));
  }

  @Test
  void aFewEpochsAlreadyClassifyMostTestImages() throws IOException {
    Split scaled = SampleData.scaledSplit();
    DigitsPipeline pipeline = SampleData.pipeline(3);
    Evaluation evaluation = pipeline.evaluate(pipeline.train(scaled.train()), scaled.test());
    assertEquals(scaled.test().rows(), evaluation.total());
    assertTrue(evaluation.accuracy() > 0.9, "accuracy " + evaluation.accuracy());
  }

  private static int[] counts(Dataset data) {
    int[] counts = new int[DigitsPipeline.CLASSES];
    for (int label : data.y()) {
      counts[label]++;
    }
    return counts;
  }

  private static float sum(float[] values) {
    float sum = 0;
    for (float v : values) {
      sum += v;
    }
    return sum;
  }
}
