package org.gridledger.sdk.cli;

/** The exit codes of {@code grid} (docs/user-guide.md). */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int INTERNAL = 1;
  public static final int USAGE = 2;
  public static final int RPC_UNAVAILABLE = 3;
  public static final int WRONG_CHAIN = 4;
  public static final int REJECTED = 5;
  public static final int INSUFFICIENT_FUNDS = 6;
  public static final int NOT_FOUND = 7;
  public static final int TIMEOUT = 8;
  public static final int VERIFICATION_FAILED = 9;
  public static final int KEYSTORE = 10;

  private ExitCodes() {}
}
