/**
 * Code fingerprints of stages, computed from javac's syntax trees ({@code com.sun.source.tree})
 * rather than from source text or {@code toString()}, so that comments and formatting never
 * change a fingerprint while any change to a statement does, and so that the same source gives
 * the same fingerprint on every JDK from 17 on.
 *
 * <p>{@link dev.cairn.processor.fingerprint.StageFingerprinter} walks a stage method and,
 * transitively, everything it reaches inside the compilation: helper methods and constructors
 * whose source trees are available (same class, other classes, private or not), lambdas and
 * local classes (they are inside the trees), and the initializers of the fields and constants it
 * reads. Calls to other stages are recorded by their stage id only: they have keys of their own.
 * {@link dev.cairn.processor.fingerprint.CanonicalEncoder} turns each tree into a canonical text
 * (node kinds, names, literal values, operators, and the resolved symbol of every identifier,
 * member select, method reference and constructor call), which is hashed with SHA-256.
 *
 * <p>The same walk collects what a stage's key needs beyond its code: the keyed pipeline fields
 * it reads, and the nondeterministic sources (clock, unseeded random, environment, UUID) it
 * calls, which the processor reports as warnings.
 *
 * <p>Resolving symbols needs attributed trees. Javac attributes method bodies only after
 * annotation processing, so the walk asks for it early through {@code Trees.getElement}; javac
 * attributes those classes again after the last round (see {@link
 * dev.cairn.processor.fingerprint.StageFingerprinter} for the visible consequences). {@link
 * dev.cairn.processor.fingerprint.AttributionGuard} keeps the walk away from the classes javac
 * cannot attribute twice correctly.
 */
package dev.cairn.processor.fingerprint;
