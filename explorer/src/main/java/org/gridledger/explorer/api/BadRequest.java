package org.gridledger.explorer.api;

/** An invalid request: answered with HTTP 400 and {@code {"error": message}}. */
public final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadRequest(String message) {
    super(message);
  }
}
