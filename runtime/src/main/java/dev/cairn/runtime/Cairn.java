package dev.cairn.runtime;

import dev.cairn.runtime.internal.RuntimeAccess;
import dev.cairn.runtime.internal.StageBody;
import dev.cairn.runtime.internal.StageDescriptor;
import java.nio.file.Path;

/** TEMPORARY skeleton, replaced by the real engine. */
public final class Cairn implements AutoCloseable {
  static {
    RuntimeAccess.install(new RuntimeAccess() {
      @Override
      protected <T> T call(Cairn cairn, Object pipeline, StageDescriptor stage, Object[] arguments, StageBody<T> body) {
        try {
          return body.compute();
        } catch (Throwable t) {
          throw new RuntimeException(t);
        }
      }
    });
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void close() {}

  public static final class Builder {
    public Builder directory(Path directory) {
      return this;
    }

    public Cairn build() {
      return new Cairn();
    }
  }
}
