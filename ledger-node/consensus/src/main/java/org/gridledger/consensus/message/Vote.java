package org.gridledger.consensus.message;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;

/**
 * What a validator signs: {@code (voteType, height, round, value)}.
 *
 * @param height the block height, uint64 (non-negative here)
 * @param round the round, uint32 (non-negative here)
 * @param value the block hash, or for ROUND-CHANGE the prepared claim's hash ({@link
 *     RoundChange#claimValue})
 */
public record Vote(VoteType type, long height, int round, Hash value) {
  /** {@code Staking.VOTE_DOMAIN = keccak256("Gridledger consensus vote v1")}. */
  public static final Hash VOTE_DOMAIN =
      Keccak.of("Gridledger consensus vote v1".getBytes(StandardCharsets.US_ASCII));

  public Vote {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    if (height < 0 || round < 0) {
      throw new IllegalArgumentException("height and round must be non-negative");
    }
  }

  /**
   * {@code Staking.voteDigest}: {@code keccak256(abi.encode(VOTE_DOMAIN, chainId, uint64 height,
   * uint32 round, uint8 voteType, bytes32 value))}, six 32-byte words.
   */
  public Hash digest(long chainId) {
    byte[] words = new byte[6 * 32];
    System.arraycopy(VOTE_DOMAIN.unsafeBytes(), 0, words, 0, 32);
    putWord(words, 1, chainId);
    putWord(words, 2, height);
    putWord(words, 3, round);
    putWord(words, 4, type.code());
    System.arraycopy(value.unsafeBytes(), 0, words, 5 * 32, 32);
    return Keccak.of(words);
  }

  private static void putWord(byte[] words, int index, long v) {
    int end = index * 32 + 32;
    for (int i = 0; i < 8; i++) {
      words[end - 1 - i] = (byte) (v >>> (8 * i));
    }
  }
}
