package dev.cairn.samples.digits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void sameConfigurationTrainsBitIdenticalWeights(@TempDir Path first, @TempDir Path second,
      @TempDir Path third) throws IOException {
    TrainState.EpochListener quiet = (e, l) -> {};
    Model one = SampleData.train(first, 2, quiet);
    Model two = SampleData.train(second, 2, quiet);
    assertTrue(one.sameAs(two));
    assertEquals(one.sha256(), two.sha256());
    Model otherEpochs = SampleData.train(third, 3, quiet);
    assertFalse(one.sameAs(otherEpochs));
    assertNotEquals(one.sha256(), otherEpochs.sha256());
  }

  @Test
  void trainingInterruptedByAnExceptionResumesToBitIdenticalWeights(
      @TempDir Path store, @TempDir Path uninterruptedStore) throws IOException {
    Model uninterrupted = SampleData.train(uninterruptedStore, 3, (e, l) -> {});

    IllegalStateException crash = assertThrows(IllegalStateException.class,
        () -> SampleData.train(store, 3, (epoch, loss) -> {
          if (epoch == 2) {
            throw new IllegalStateException("crash in epoch " + epoch);
          }
        }));
    assertEquals("crash in epoch 2", crash.getMessage());

    List<String> events = new ArrayList<>();
    Model resumed = SampleData.train(store, 3, new TrainState.EpochListener() {
      @Override
      public void epochDone(int epoch, double meanLoss) {
        events.add("epoch " + epoch);
      }

      @Override
      public void resumed(int epoch) {
        events.add("resumed at " + epoch);
      }
    });
    // epoch 2 threw before its save: the snapshot after epoch 1 is the newest
    assertEquals(List.of("resumed at 1", "epoch 2", "epoch 3"), events);
    assertTrue(uninterrupted.sameAs(resumed));
  }

  @Test
  void aFewEpochsAlreadyClassifyMostTestImages(@TempDir Path store) throws IOException {
    Split scaled = SampleData.scaledSplit();
    Model model = SampleData.train(store, 3, (e, l) -> {});
    Evaluation evaluation = SampleData.pipeline(3).evaluate(model, scaled.test());
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
