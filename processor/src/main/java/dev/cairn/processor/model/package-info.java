/**
 * What a pipeline class is, as the processor sees it: {@link dev.cairn.processor.model.PipelineClass}
 * (the class, the name of its generated subclass, its accessible constructors, its stages) and
 * {@link dev.cairn.processor.model.PipelineStage} (the method, its id, version, persistence, which
 * parameters are keyed, and once fingerprinted its {@code StageCode}).
 *
 * <p>{@link dev.cairn.processor.model.PipelineReader} builds the model from the element API
 * alone; it judges nothing. Validation reads the model and reports; only a clean model is
 * fingerprinted and written.
 *
 * <p>A class is a pipeline when it declares at least one {@code @Stage} method. Its generated
 * subclass also overrides the stages it inherits from its superclasses, unless a subclass
 * overrides one without {@code @Stage} (the most specific declaration decides).
 */
package dev.cairn.processor.model;
