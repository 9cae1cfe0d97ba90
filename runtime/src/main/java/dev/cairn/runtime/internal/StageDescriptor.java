package dev.cairn.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the processor knows about one stage, as a static constant of the generated class: its
 * id, code fingerprint, version, whether it persists, which parameters and pipeline fields are
 * keyed. Generated code builds it once; the runtime reads it on every call.
 *
 * <pre>{@code
 * private static final StageDescriptor LOAD = StageDescriptor.builder("com.example.Pipeline.load(java.nio.file.Path)")
 *     .codeFingerprint("5f1c...")
 *     .version("")
 *     .checkpoint(true)
 *     .parameter("csv")
 *     .notKeyedParameter("listener")
 *     .field("epochs")
 *     .build();
 * }</pre>
 */
public final class StageDescriptor {
  private static final ConcurrentHashMap<String, StageDescriptor> LOADED = new ConcurrentHashMap<>();

  private final String id;
  private final String codeFingerprint;
  private final String version;
  private final boolean checkpoint;
  private final List<String> parameterNames;
  private final boolean[] keyedParameters;
  private final List<String> fields;

  private StageDescriptor(Builder b) {
    this.id = b.id;
    this.codeFingerprint = b.codeFingerprint;
    this.version = b.version;
    this.checkpoint = b.checkpoint;
    this.parameterNames = List.copyOf(b.parameterNames);
    this.keyedParameters = new boolean[b.keyed.size()];
    for (int i = 0; i < keyedParameters.length; i++) {
      keyedParameters[i] = b.keyed.get(i);
    }
    this.fields = List.copyOf(b.fields);
  }

  /**
   * The most recently built descriptor with this id in this JVM: the stage's current code
   * fingerprint and version, used to re-check stage calls recorded inside another stage's result.
   */
  public static Optional<StageDescriptor> loaded(String id) {
    return Optional.ofNullable(LOADED.get(id));
  }

  /** Starts a descriptor for the stage with the given stable id. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** The stage's stable id: {@code @Stage(name)} or class, method and erased parameter types. */
  public String id() {
    return id;
  }

  /** Hex fingerprint of the stage's syntax tree and what it reaches, computed at compile time. */
  public String codeFingerprint() {
    return codeFingerprint;
  }

  /** {@code @Stage(version)}, empty when not set. */
  public String version() {
    return version;
  }

  /** Whether results are persisted to the store ({@code @Checkpoint}), not only memoized. */
  public boolean checkpoint() {
    return checkpoint;
  }

  /** Parameter names in declaration order. */
  public List<String> parameterNames() {
    return parameterNames;
  }

  /** Whether the parameter at {@code index} is part of the key (not {@code @NotKeyed}). */
  public boolean isKeyed(int index) {
    return keyedParameters[index];
  }

  /** Names of the keyed pipeline fields the stage reads, declared in the class or a superclass. */
  public List<String> fields() {
    return fields;
  }

  @Override
  public String toString() {
    return "stage " + id;
  }

  /** Builds a {@link StageDescriptor}; every setter may be called once. */
  public static final class Builder {
    private final String id;
    private String codeFingerprint = "";
    private String version = "";
    private boolean checkpoint;
    private final List<String> parameterNames = new ArrayList<>();
    private final List<Boolean> keyed = new ArrayList<>();
    private final List<String> fields = new ArrayList<>();

    private Builder(String id) {
      this.id = requireNonEmpty(id, "id");
    }

    public Builder codeFingerprint(String fingerprint) {
      this.codeFingerprint = requireNonEmpty(fingerprint, "codeFingerprint");
      return this;
    }

    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    public Builder checkpoint(boolean checkpoint) {
      this.checkpoint = checkpoint;
      return this;
    }

    /** Adds the next parameter, keyed. */
    public Builder parameter(String name) {
      return addParameter(name, true);
    }

    /** Adds the next parameter, marked {@code @NotKeyed}. */
    public Builder notKeyedParameter(String name) {
      return addParameter(name, false);
    }

    /** Adds a keyed pipeline field that the stage reads. */
    public Builder field(String name) {
      fields.add(requireNonEmpty(name, "field"));
      return this;
    }

    public StageDescriptor build() {
      if (codeFingerprint.isEmpty()) {
        throw new IllegalStateException("codeFingerprint was not set for stage " + id);
      }
      StageDescriptor descriptor = new StageDescriptor(this);
      LOADED.put(id, descriptor);
      return descriptor;
    }

    private Builder addParameter(String name, boolean isKeyed) {
      parameterNames.add(requireNonEmpty(name, "parameter"));
      keyed.add(isKeyed);
      return this;
    }

    private static String requireNonEmpty(String value, String what) {
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException(what + " must not be empty");
      }
      return value;
    }
  }
}
