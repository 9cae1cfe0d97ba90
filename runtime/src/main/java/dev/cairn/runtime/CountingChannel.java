package dev.cairn.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** Counts the bytes written through it. */
final class CountingChannel implements WritableByteChannel {
  private final WritableByteChannel target;
  private long count;

  CountingChannel(WritableByteChannel target) {
    this.target = target;
  }

  @Override
  public int write(ByteBuffer source) throws IOException {
    int written = target.write(source);
    count += written;
    return written;
  }

  long count() {
    return count;
  }

  @Override
  public boolean isOpen() {
    return target.isOpen();
  }

  @Override
  public void close() throws IOException {
    target.close();
  }
}
