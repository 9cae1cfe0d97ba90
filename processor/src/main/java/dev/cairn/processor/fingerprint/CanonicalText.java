package dev.cairn.processor.fingerprint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical text of a stage's code, and its SHA-256.
 *
 * <p>The grammar is an s-expression: {@code (KIND token... child...)} for a node, {@code [ ... ]}
 * for a list of children, {@code _} for an absent optional child, and every token written as
 * {@code <length>:<chars>}, so no two different trees can produce the same text.
 */
final class CanonicalText {
  private final StringBuilder text = new StringBuilder();

  void open(String kind) {
    separate();
    text.append('(').append(kind);
  }

  void close() {
    text.append(')');
  }

  void openList() {
    separate();
    text.append('[');
  }

  void closeList() {
    text.append(']');
  }

  void absent() {
    separate();
    text.append('_');
  }

  void token(String value) {
    separate();
    text.append(value.length()).append(':').append(value);
  }

  void token(String key, String value) {
    token(key + "=" + value);
  }

  void line() {
    text.append('\n');
  }

  private void separate() {
    int last = text.length() - 1;
    if (last >= 0 && text.charAt(last) != '(' && text.charAt(last) != '[' && text.charAt(last) != '\n') {
      text.append(' ');
    }
  }

  String text() {
    return text.toString();
  }

  static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
