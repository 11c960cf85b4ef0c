package org.gridledger.core.chain;

import org.gridledger.evm.types.Hash;

/** What {@link Blockchain#importBlock} did with a block. */
public sealed interface ImportResult
    permits ImportResult.Imported,
        ImportResult.Invalid,
        ImportResult.AlreadyKnown,
        ImportResult.UnknownParent {

  /**
   * The block is valid and stored, and is now the head.
   *
   * @param reorgDepth how many blocks of the previous canonical chain left it (0 when the block
   *     extends the previous head)
   */
  record Imported(Hash hash, long number, long reorgDepth) implements ImportResult {}

  /**
   * The block breaks a consensus rule and was not stored.
   *
   * @param detail the offending values, for logs and error messages
   */
  record Invalid(InvalidReason reason, String detail) implements ImportResult {
    @Override
    public String toString() {
      return "Invalid[" + reason + ": " + detail + "]";
    }
  }

  /** The block is already stored; nothing changed. */
  record AlreadyKnown(Hash hash) implements ImportResult {}

  /** The parent is not stored, so the block cannot be executed; nothing changed. */
  record UnknownParent(Hash parentHash) implements ImportResult {}

  static Invalid invalid(InvalidReason reason, String detail) {
    return new Invalid(reason, detail);
  }
}
