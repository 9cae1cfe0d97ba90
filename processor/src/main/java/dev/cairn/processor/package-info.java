/**
 * The Cairn annotation processor. {@link dev.cairn.processor.CairnProcessor} only wires the
 * phases, one package each, in order:
 *
 * <ol>
 *   <li>{@code model}: read each class that declares {@code @Stage} methods;
 *   <li>{@code validation}: report every misuse against its element, as rule plus fix;
 *   <li>{@code fingerprint}: for a clean model, fingerprint each stage's code from its syntax
 *       tree, and find the keyed fields it reads and the nondeterministic sources it calls;
 *   <li>{@code writing}: write {@code Resumable<X>} with JavaPoet.
 * </ol>
 *
 * <p>It never claims annotations, never throws for a user's mistake, and defers a class that
 * refers to types not generated yet to a later round, reporting it only if they never appear.
 */
package dev.cairn.processor;
