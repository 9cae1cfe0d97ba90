package dev.cairn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a pipeline class as a <em>stage</em>: a step whose result is looked up by a
 * key before it runs, and reused instead of recomputed when the key is unchanged.
 *
 * <p>The Cairn annotation processor generates a subclass {@code Resumable<YourPipeline>} that
 * overrides every {@code @Stage} method. Construct the generated class instead of your own and
 * keep calling your methods as before:
 *
 * <pre>{@code
 * class TrainingPipeline {
 *   @Stage @Checkpoint
 *   Dataset load(Path csv) throws IOException { ... }
 *
 *   @Stage
 *   Dataset normalize(Dataset raw) { ... }
 * }
 *
 * try (Cairn cairn = Cairn.builder().directory(Path.of(".cairn")).build()) {
 *   new ResumableTrainingPipeline(cairn).run();
 * }
 * }</pre>
 *
 * <p>A stage call's key covers the stage's {@link #name() id}, a fingerprint of its code (its
 * syntax tree, so comments and formatting do not count), its {@link #version() version}, every
 * argument not marked {@link NotKeyed @NotKeyed}, and the keyed fields of the pipeline that the
 * stage reads. A stage alone memoizes its results in the running JVM; add {@link Checkpoint
 * @Checkpoint} to persist them so later runs reuse them.
 *
 * <p>A stage method must be overridable: not {@code private}, {@code static} or {@code final},
 * in a class that is not {@code final}. The processor reports each violation as a compile error
 * on the method. Arguments and results must be serializable by Kryo (records, enums, ordinary
 * classes, collections, arrays and {@code java.time} types all are); a {@code Path} or
 * {@code File} argument is keyed by the contents of the file or directory it names.
 *
 * <p>Stages should be deterministic functions of their keyed inputs. A stage that reads the
 * clock, an unseeded random generator, environment variables or system properties produces a
 * result the key cannot predict; the processor warns about such reads.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Stage {

  /**
   * The stage's stable id. Checkpoints are stored under it, so renaming a method or changing its
   * parameter types keeps its checkpoints only when this is set. Defaults to an id derived from
   * the class, the method name and the erased parameter types, for example
   * {@code com.example.TrainingPipeline.load(java.nio.file.Path)}. Must be unique in its class.
   */
  String name() default "";

  /**
   * A manual version that is part of every key of this stage. Bump it to force recomputation
   * when something the code fingerprint cannot see changed, such as a library the stage calls
   * or a file it reads by a fixed name.
   */
  String version() default "";
}
