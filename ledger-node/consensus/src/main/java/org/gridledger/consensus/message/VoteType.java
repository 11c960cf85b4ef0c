package org.gridledger.consensus.message;

/**
 * The {@code voteType} numbers of {@code Staking.voteDigest} (docs/consensus.md, "Messages"). They
 * are part of every signed digest; never renumber.
 */
public enum VoteType {
  PROPOSAL(0),
  PREPARE(1),
  COMMIT(2),
  ROUND_CHANGE(3);

  private final int code;

  VoteType(int code) {
    this.code = code;
  }

  /** The uint8 signed in the digest. */
  public int code() {
    return code;
  }

  /**
   * The type with {@code code}.
   *
   * @throws IllegalArgumentException for an unknown code
   */
  public static VoteType ofCode(long code) {
    for (VoteType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown vote type " + code);
  }
}
