package org.gridledger.core.tx;

import java.util.Optional;

/** The EIP-2718 transaction types Cancun knows; legacy transactions are type 0 by convention. */
public enum TransactionType {
  LEGACY(0x00),
  /** EIP-2930. */
  ACCESS_LIST(0x01),
  /** EIP-1559. */
  DYNAMIC_FEE(0x02),
  /** EIP-4844. */
  BLOB(0x03);

  private final int code;

  TransactionType(int code) {
    this.code = code;
  }

  /** The type byte of the EIP-2718 envelope (0 for legacy, which has no envelope). */
  public int code() {
    return code;
  }

  /** The type with the given code, if Cancun defines one. */
  public static Optional<TransactionType> fromCode(int code) {
    return switch (code) {
      case 0x00 -> Optional.of(LEGACY);
      case 0x01 -> Optional.of(ACCESS_LIST);
      case 0x02 -> Optional.of(DYNAMIC_FEE);
      case 0x03 -> Optional.of(BLOB);
      default -> Optional.empty();
    };
  }
}
