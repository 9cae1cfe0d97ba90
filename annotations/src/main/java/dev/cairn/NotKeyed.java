package dev.cairn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Leaves a stage parameter or a pipeline field out of the key.
 *
 * <p>Use it for inputs that cannot change the result: listeners, loggers, progress reporters,
 * thread pools, caches. A parameter marked this way is still passed to the stage when it runs;
 * it just does not decide whether a checkpoint is reused. Fields declared {@code transient} are
 * never keyed either.
 *
 * <p>Marking an input that does change the result makes Cairn reuse results that are stale. When
 * in doubt, keep it keyed: a key that is too wide costs a recomputation, never a wrong answer.
 *
 * <p>Only valid on parameters of stage methods and on fields; the processor reports an error
 * elsewhere.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE,
    ElementType.LOCAL_VARIABLE, ElementType.CONSTRUCTOR})
public @interface NotKeyed {}
