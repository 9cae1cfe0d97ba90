package dev.cairn.runtime;

import dev.cairn.runtime.internal.PipelineStages;
import dev.cairn.runtime.internal.StageBody;
import dev.cairn.runtime.internal.StageDescriptor;
import java.util.concurrent.atomic.AtomicInteger;

/** Calls stages the way generated code does, for runtime tests that need no processor. */
final class Stages {
  private Stages() {}

  static StageDescriptor.Builder stage(String id) {
    return StageDescriptor.builder(id).codeFingerprint("code-" + id);
  }

  static StageDescriptor checkpointed(String id, String... parameters) {
    StageDescriptor.Builder b = stage(id).checkpoint(true);
    for (String p : parameters) {
      b.parameter(p);
    }
    return b.build();
  }

  static StageDescriptor memoized(String id, String... parameters) {
    StageDescriptor.Builder b = stage(id);
    for (String p : parameters) {
      b.parameter(p);
    }
    return b.build();
  }

  static <T> T call(Cairn cairn, Object pipeline, StageDescriptor stage, StageBody<T> body, Object... args) {
    return PipelineStages.bind(cairn, pipeline).call(stage, args, body);
  }

  /** A pipeline object with a few fields, and a counter of how often bodies ran. */
  static final class Pipeline {
    int epochs;
    double rate;
    transient Object listener = new Object();
    final AtomicInteger runs = new AtomicInteger();

    Pipeline(int epochs, double rate) {
      this.epochs = epochs;
      this.rate = rate;
    }
  }

  static Cairn open(java.nio.file.Path dir) {
    return Cairn.builder().directory(dir).summaryTo(null).build();
  }
}
