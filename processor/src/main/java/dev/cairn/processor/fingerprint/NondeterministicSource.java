package dev.cairn.processor.fingerprint;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Sources of values that a stage's key cannot see: reading one makes a stage's result depend on
 * something other than its keyed inputs. The catalogue is deliberately short and exact (it
 * matches resolved methods, not names), so that a warning is always worth reading.
 */
public enum NondeterministicSource {
  CLOCK("the clock",
      "Pass the time in as a stage parameter, so that it becomes part of the key."),
  RANDOM("an unseeded random generator",
      "Use a generator with a fixed seed, passed in as a parameter or kept in a keyed field."),
  ENVIRONMENT("an environment variable",
      "Read it outside the stage and pass the value in as a parameter or a keyed field."),
  SYSTEM_PROPERTY("a system property",
      "Read it outside the stage and pass the value in as a parameter or a keyed field."),
  RANDOM_UUID("a random UUID",
      "Derive the id from the stage's inputs, or pass it in as a parameter.");

  private static final Set<String> CLOCK_TYPES = Set.of(
      "java.time.Instant", "java.time.LocalDate", "java.time.LocalDateTime", "java.time.LocalTime",
      "java.time.ZonedDateTime", "java.time.OffsetDateTime", "java.time.OffsetTime",
      "java.time.Year", "java.time.YearMonth", "java.time.MonthDay");

  /** Methods by "owner#name", any overload. */
  private static final Map<String, NondeterministicSource> METHODS = Map.ofEntries(
      Map.entry("java.lang.System#currentTimeMillis", CLOCK),
      Map.entry("java.lang.System#nanoTime", CLOCK),
      Map.entry("java.time.Clock#systemUTC", CLOCK),
      Map.entry("java.time.Clock#systemDefaultZone", CLOCK),
      Map.entry("java.lang.System#getenv", ENVIRONMENT),
      Map.entry("java.lang.System#getProperty", SYSTEM_PROPERTY),
      Map.entry("java.lang.System#getProperties", SYSTEM_PROPERTY),
      Map.entry("java.lang.Integer#getInteger", SYSTEM_PROPERTY),
      Map.entry("java.lang.Long#getLong", SYSTEM_PROPERTY),
      Map.entry("java.lang.Boolean#getBoolean", SYSTEM_PROPERTY),
      Map.entry("java.lang.Math#random", RANDOM),
      Map.entry("java.lang.StrictMath#random", RANDOM),
      Map.entry("java.util.concurrent.ThreadLocalRandom#current", RANDOM),
      Map.entry("java.util.UUID#randomUUID", RANDOM_UUID));

  /** Constructors by owner: only the no-argument one is unseeded, except for SecureRandom. */
  private static final Map<String, NondeterministicSource> NO_ARGUMENT_CONSTRUCTORS = Map.of(
      "java.util.Random", RANDOM,
      "java.util.SplittableRandom", RANDOM,
      "java.util.Date", CLOCK);

  private final String description;
  private final String advice;

  NondeterministicSource(String description, String advice) {
    this.description = description;
    this.advice = advice;
  }

  /** What is read, for messages: "the clock". */
  public String description() {
    return description;
  }

  /** What to do instead, for messages. */
  public String advice() {
    return advice;
  }

  /** The source that calling {@code method} reads, if any. */
  static Optional<NondeterministicSource> of(ExecutableElement method) {
    if (!(method.getEnclosingElement() instanceof TypeElement)) {
      return Optional.empty();
    }
    String owner = ((TypeElement) method.getEnclosingElement()).getQualifiedName().toString();
    String name = method.getSimpleName().toString();
    if (method.getKind() == ElementKind.CONSTRUCTOR) {
      if (owner.equals("java.security.SecureRandom")) {
        return Optional.of(RANDOM);
      }
      return method.getParameters().isEmpty()
          ? Optional.ofNullable(NO_ARGUMENT_CONSTRUCTORS.get(owner))
          : Optional.empty();
    }
    if (name.equals("now") && CLOCK_TYPES.contains(owner)) {
      return Optional.of(CLOCK);
    }
    return Optional.ofNullable(METHODS.get(owner + "#" + name));
  }

  /** How a call to {@code method} reads in a message: "System.currentTimeMillis()". */
  static String callText(ExecutableElement method) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    if (method.getKind() == ElementKind.CONSTRUCTOR) {
      return "new " + owner.getSimpleName() + "(" + (method.getParameters().isEmpty() ? "" : "...")
          + ")";
    }
    return owner.getSimpleName() + "." + method.getSimpleName() + "("
        + (method.getParameters().isEmpty() ? "" : "...") + ")";
  }
}
