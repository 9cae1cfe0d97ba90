package dev.cairn.runtime.internal;

import dev.cairn.runtime.Cairn;

/**
 * The runtime side of one generated {@code Resumable<X>} instance. The generated constructor
 * binds it once; every generated override calls {@link #call}:
 *
 * <pre>{@code
 * @Override
 * Dataset load(Path csv) throws IOException {
 *   return stages.call(LOAD, new Object[] {csv}, () -> super.load(csv));
 * }
 * }</pre>
 */
public final class PipelineStages {
  private final Cairn cairn;
  private final Object pipeline;

  private PipelineStages(Cairn cairn, Object pipeline) {
    this.cairn = cairn;
    this.pipeline = pipeline;
  }

  /**
   * Binds a pipeline instance to a {@link Cairn}.
   *
   * @throws NullPointerException if {@code cairn} is null, naming the pipeline class
   */
  public static PipelineStages bind(Cairn cairn, Object pipeline) {
    if (cairn == null) {
      throw new NullPointerException(
          "Cairn must not be null: construct " + pipeline.getClass().getName()
              + " with the Cairn from Cairn.builder()...build()");
    }
    return new PipelineStages(cairn, pipeline);
  }

  /**
   * Answers one stage call: from memory, from the store, or by running {@code body}. Exceptions
   * thrown by {@code body} reach the caller unchanged.
   *
   * @param stage the static descriptor of the stage
   * @param arguments the call's arguments, in declaration order (varargs as one array)
   * @param body runs the original method
   */
  public <T> T call(StageDescriptor stage, Object[] arguments, StageBody<T> body) {
    return RuntimeAccess.get().call(cairn, pipeline, stage, arguments, body);
  }
}
