package org.gridledger.sdk.cli;

/** A failure the CLI reports as {@code error: message} with an exit code. */
final class CliFailure extends Exception {
  private static final long serialVersionUID = 1L;
  final int exitCode;

  CliFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }
}
