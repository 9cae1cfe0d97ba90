package dev.cairn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Persists the results of a {@link Stage @Stage} method, so that a later run, in another JVM,
 * reuses them instead of recomputing.
 *
 * <p>Each result is serialized with Kryo into one framed, checksummed file in the store and
 * written atomically: a crash at any instant leaves either no checkpoint or a complete one. A
 * checkpoint that fails its checksum or cannot be deserialized is set aside with a warning and
 * recomputed; it is never returned.
 *
 * <p>Use it on stages that are expensive compared with reading their result back: loading and
 * parsing, feature extraction, training, evaluation. A {@code void} stage can carry it too: its
 * checkpoint records that the stage completed for that key.
 *
 * <p>Only valid together with {@code @Stage}; the processor reports an error otherwise.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Checkpoint {}
