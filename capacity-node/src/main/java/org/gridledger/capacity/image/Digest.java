package org.gridledger.capacity.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest in the OCI form {@code sha256:<64 lowercase hex>}. Only sha256 is accepted: it
 * is the algorithm every OCI registry and tool must support, and one algorithm keeps verification
 * simple.
 */
public record Digest(String hex) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public Digest {
    if (hex == null || !HEX64.matcher(hex).matches()) {
      throw new ImageException("digest: expected 64 lowercase hex characters, got " + hex);
    }
  }

  /** Parses {@code sha256:<hex>}; any other algorithm or shape is refused. */
  public static Digest parse(String text) {
    if (text == null || !text.startsWith("sha256:")) {
      throw new ImageException("digest: expected 'sha256:<hex>', got " + text);
    }
    return new Digest(text.substring("sha256:".length()));
  }

  /** The digest of {@code bytes}. */
  public static Digest of(byte[] bytes) {
    return new Digest(HexFormat.of().formatHex(newSha256().digest(bytes)));
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "sha256:" + hex;
  }
}
