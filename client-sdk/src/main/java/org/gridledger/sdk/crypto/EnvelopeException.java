package org.gridledger.sdk.crypto;

/** An envelope could not be parsed or opened; {@link #reason()} says why. */
public final class EnvelopeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why an envelope was rejected. */
  public enum Reason {
    /** The bytes are not an envelope (too short, too long); the message gives the offset. */
    MALFORMED,
    /** The version byte is not one this SDK reads. */
    UNSUPPORTED_VERSION,
    /**
     * Authentication failed: the envelope was changed, the associated data differs, or the key is
     * not the recipient's. AES-GCM cannot tell these apart, by design.
     */
    AUTHENTICATION_FAILED,
    /**
     * A key is not a valid X25519 key (wrong length, or a low-order point giving a zero secret).
     */
    INVALID_KEY
  }

  private final Reason reason;

  public EnvelopeException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
