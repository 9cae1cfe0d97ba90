/**
 * What the processor reports: {@link dev.cairn.processor.validation.Message}, the one catalogue
 * of every diagnostic (rule, then fix), and {@link dev.cairn.processor.validation.Report}, a list
 * of diagnostics each bound to an element (and the annotation, when one is at fault) or to a
 * tree. Validators add to a report and never throw, so that one compilation shows every misuse;
 * the processor writes a class only from a model whose report has no errors.
 *
 * <p>{@link dev.cairn.processor.validation.PipelineValidator} checks a pipeline class and its
 * stages; {@link dev.cairn.processor.validation.AnnotationPlacementValidator} checks the Cairn
 * annotations wherever else they appear, including inside method bodies, where the element API
 * does not look, without making javac attribute anything;
 * {@link dev.cairn.processor.validation.ConstructionCallValidator} finds stages the pipeline calls
 * on itself while it is being constructed.
 */
package dev.cairn.processor.validation;
