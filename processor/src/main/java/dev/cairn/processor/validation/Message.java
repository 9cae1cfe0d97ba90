package dev.cairn.processor.validation;

import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor reports, in one place: each states the rule, why it holds, and
 * what to do. Arguments are filled in with {@link String#format}.
 */
public enum Message {
  // ---- stage methods ----
  STAGE_PRIVATE(Diagnostic.Kind.ERROR,
      "@Stage methods must not be private: the generated subclass cannot override them. "
          + "Make it package-private or wider."),
  STAGE_STATIC(Diagnostic.Kind.ERROR,
      "@Stage methods must not be static: the generated subclass cannot override a static "
          + "method, so its calls could not be checkpointed. Make it an instance method."),
  STAGE_FINAL(Diagnostic.Kind.ERROR,
      "@Stage methods must not be final: the generated subclass cannot override them. "
          + "Remove final."),
  STAGE_IN_INTERFACE(Diagnostic.Kind.ERROR,
      "@Stage methods must be declared in a class, not in an interface: Cairn generates a "
          + "subclass that overrides them and calls super. Move the stage into a class that "
          + "implements %s."),
  STAGE_IN_ENUM(Diagnostic.Kind.ERROR,
      "@Stage methods cannot be declared in an enum: an enum cannot be subclassed, so Cairn "
          + "cannot generate the subclass that checkpoints its stages. Move the stage into a "
          + "class."),
  STAGE_IN_RECORD(Diagnostic.Kind.ERROR,
      "@Stage methods cannot be declared in a record: a record is final, so Cairn cannot "
          + "generate the subclass that checkpoints its stages. Move the stage into a class."),
  STAGE_IN_LOCAL_CLASS(Diagnostic.Kind.ERROR,
      "@Stage methods cannot be declared in a local or anonymous class: the generated subclass "
          + "is a top-level class and cannot extend it. Move the stage into a top-level or "
          + "static nested class."),
  DUPLICATE_STAGE_ID(Diagnostic.Kind.ERROR,
      "Stage id \"%s\" is already used by %s: each stage of a pipeline needs its own id, "
          + "because its checkpoints are stored under it. Give one of them a different "
          + "@Stage(name)."),
  STAGE_CALLED_DURING_CONSTRUCTION(Diagnostic.Kind.ERROR,
      "Stage %s is called while %s is being constructed: the generated subclass binds the "
          + "pipeline to Cairn only after its constructor returns, so this call could not be "
          + "checkpointed. Call the stage after construction, from run() for example."),
  BLANK_STAGE_NAME(Diagnostic.Kind.ERROR,
      "@Stage(name) must not be blank: the stage's checkpoints are stored under it. Remove "
          + "name to use the default id, or choose a name."),

  // ---- pipeline classes ----
  PIPELINE_FINAL(Diagnostic.Kind.ERROR,
      "A class with @Stage methods must not be final: Cairn generates %s as a subclass of it. "
          + "Remove final."),
  PIPELINE_ABSTRACT(Diagnostic.Kind.ERROR,
      "A class with @Stage methods must not be abstract: the generated %s calls its "
          + "constructors and must be instantiable. Make it concrete, or declare the stages in "
          + "a concrete subclass."),
  PIPELINE_INNER_CLASS(Diagnostic.Kind.ERROR,
      "A class with @Stage methods must not be an inner class: the generated %s is a top-level "
          + "class and has no enclosing instance to construct it with. Make it static."),
  PIPELINE_NOT_VISIBLE(Diagnostic.Kind.ERROR,
      "A class with @Stage methods must be visible in its package: the generated %s extends it "
          + "from there, but %s is private. Make it package-private or wider."),
  PIPELINE_NO_CONSTRUCTOR(Diagnostic.Kind.ERROR,
      "A class with @Stage methods needs a constructor that is not private: the generated %s "
          + "calls it. Add a package-private or wider constructor."),

  // ---- annotations elsewhere ----
  CHECKPOINT_WITHOUT_STAGE(Diagnostic.Kind.ERROR,
      "@Checkpoint only applies to @Stage methods: it persists a stage's results, and this "
          + "method is not a stage. Add @Stage, or remove @Checkpoint."),
  NOT_KEYED_MISPLACED(Diagnostic.Kind.ERROR,
      "@NotKeyed only applies to parameters of @Stage methods and to fields: on a %s it means "
          + "nothing. Remove it, or move it to the stage parameter or field that should not be "
          + "part of the key."),
  NOT_KEYED_NOT_A_STAGE_PARAMETER(Diagnostic.Kind.ERROR,
      "@NotKeyed on a parameter only applies to @Stage methods: %s is not a stage, so its "
          + "parameters are part of no key. Remove it, or put @NotKeyed on the field that keeps "
          + "this value."),

  // ---- generation ----
  UNRESOLVED_TYPES(Diagnostic.Kind.ERROR,
      "Cairn did not generate %s because %s references types that do not exist: %s. Fix them "
          + "(an import, a dependency, or the annotation processor that should generate them)."),
  WRITE_FAILED(Diagnostic.Kind.ERROR,
      "Cairn could not write %s: %s. Remove or rename any other class of that name in the "
          + "package."),
  RECORD_BLOCKS_ANALYSIS(Diagnostic.Kind.ERROR,
      "Cairn cannot analyze the stages of %s: that means attributing record %s early, and "
          + "javac 17 to 25 then wrongly rejects the record's explicit canonical constructor "
          + "(JDK-8387215), so %s is not generated. Move record %s into a file of its own, "
          + "outside the pipeline class, its superclasses and their files."),
  TREES_UNAVAILABLE(Diagnostic.Kind.ERROR,
      "Cairn fingerprints stage code from javac's syntax trees (com.sun.source.util.Trees), "
          + "which this compiler does not provide, so it cannot generate %s. Compile with javac "
          + "from JDK 17 or later."),

  // ---- warnings ----
  NONDETERMINISTIC_READ(Diagnostic.Kind.WARNING,
      "Stage %s reads %s through %s, which its key cannot see: a checkpoint computed with one "
          + "value is reused with another. %s If the value cannot change the result, add "
          + "@SuppressWarnings(\"cairn\") to the stage or class."),
  PIPELINE_IN_ANOTHER_FILE(Diagnostic.Kind.WARNING,
      "%s is declared in %s, a file named after another class: the generated %s refers to it "
          + "from a file of its own, which javac reports as [auxiliaryclass] under -Xlint. Move "
          + "%s into %s.java."),
  INHERITED_STAGE_WITHOUT_SOURCE(Diagnostic.Kind.WARNING,
      "%s does not override stage %s inherited from %s: that class was compiled separately, so "
          + "its code cannot be fingerprinted here and calls to it are not checkpointed. "
          + "Override it in %s with @Stage (calling super), or compile both classes together."),

  // ---- notes ----
  FINGERPRINT_TRACE(Diagnostic.Kind.NOTE,
      "Cairn fingerprint of stage %s: %s%n%s");

  private final Diagnostic.Kind kind;
  private final String format;

  Message(Diagnostic.Kind kind, String format) {
    this.kind = kind;
    this.format = format;
  }

  public Diagnostic.Kind kind() {
    return kind;
  }

  /** The message text with its arguments filled in. */
  public String format(Object... arguments) {
    return String.format(format, arguments);
  }
}
