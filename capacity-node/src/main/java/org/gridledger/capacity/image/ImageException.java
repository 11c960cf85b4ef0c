package org.gridledger.capacity.image;

/** A blob, manifest, config or layer that cannot be used: says what is wrong and where. */
public final class ImageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ImageException(String message) {
    super(message);
  }

  public ImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
