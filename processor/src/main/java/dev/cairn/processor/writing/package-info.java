/**
 * Writes the generated sources with JavaPoet ({@code com.palantir.javapoet}).
 * {@link dev.cairn.processor.writing.SourceFileGenerator} does what every generated file needs
 * (originating element for incremental builds, {@code @Generated} when the platform has it, no
 * timestamp); {@link dev.cairn.processor.writing.ResumableWriter} writes one
 * {@code Resumable<X>} per clean pipeline model.
 *
 * <p>The generated code is meant to be read: one static descriptor per stage, one field binding
 * the instance to the runtime, constructors that mirror the pipeline's, and one thin override
 * per stage that hands the runtime the descriptor, the arguments and a lambda calling
 * {@code super}. It compiles without warnings under {@code -Xlint:all}.
 */
package dev.cairn.processor.writing;
