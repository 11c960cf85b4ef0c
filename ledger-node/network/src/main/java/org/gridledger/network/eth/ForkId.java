package org.gridledger.network.eth;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.CRC32;
import org.gridledger.evm.types.Hash;

/**
 * The fork identifier of EIP-2124: {@code FORK_HASH}, the IEEE CRC32 of the genesis hash extended
 * by every passed fork block number as 8 big-endian bytes, and {@code FORK_NEXT}, the next fork
 * block number or 0.
 *
 * @param hash the CRC32 checksum, as the 4 bytes of an unsigned 32-bit number
 * @param next the next scheduled fork block, 0 if none
 */
public record ForkId(int hash, long next) {

  /** The 4 wire bytes of {@link #hash()}. */
  public byte[] hashBytes() {
    return ByteBuffer.allocate(4).putInt(hash).array();
  }

  @Override
  public String toString() {
    return String.format("ForkId[0x%08x, next=%d]", hash, next);
  }

  /** The fork id of a chain without forks after genesis (Gridledger's: Cancun from block 0). */
  public static ForkId of(Hash genesis) {
    return new Schedule(genesis, List.of()).forkId(0);
  }

  /**
   * A chain's genesis and block-number fork schedule, from which the fork id at any head follows
   * and against which a remote fork id is validated (EIP-2124 "Validation rules"). Forks at block 0
   * and repeated block numbers count once, as EIP-2124 says.
   */
  public static final class Schedule {
    private final List<Long> forks;
    private final List<Integer> sums;

    public Schedule(Hash genesis, List<Long> forkBlocks) {
      TreeSet<Long> distinct = new TreeSet<>();
      for (long f : forkBlocks) {
        if (f < 0) {
          throw new IllegalArgumentException("fork block must be non-negative: " + f);
        }
        if (f != 0) {
          distinct.add(f);
        }
      }
      this.forks = List.copyOf(distinct);
      CRC32 crc = new CRC32();
      crc.update(genesis.toArray());
      List<Integer> s = new ArrayList<>();
      s.add((int) crc.getValue());
      for (long f : forks) {
        crc.update(ByteBuffer.allocate(8).putLong(f).array());
        s.add((int) crc.getValue());
      }
      this.sums = List.copyOf(s);
    }

    /** The fork id of a node whose head is block {@code head}. */
    public ForkId forkId(long head) {
      int passed = passedAt(head);
      return new ForkId(sums.get(passed), passed < forks.size() ? forks.get(passed) : 0);
    }

    private int passedAt(long head) {
      int passed = 0;
      while (passed < forks.size() && forks.get(passed) <= head) {
        passed++;
      }
      return passed;
    }

    /**
     * Whether a peer announcing {@code remote} may stay connected to a node at {@code head}
     * (EIP-2124 rules 1–4): same checksum and its announced next fork not already passed locally;
     * or a checksum of a local past state whose next fork is the local fork that followed it (the
     * remote is syncing); or a checksum of a local future state (this node is syncing).
     */
    public boolean accepts(ForkId remote, long head) {
      int passed = passedAt(head);
      if (remote.hash() == sums.get(passed)) {
        return remote.next() == 0 || head < remote.next();
      }
      for (int i = 0; i < passed; i++) {
        if (remote.hash() == sums.get(i)) {
          return remote.next() == forks.get(i);
        }
      }
      for (int i = passed + 1; i < sums.size(); i++) {
        if (remote.hash() == sums.get(i)) {
          return true;
        }
      }
      return false;
    }
  }
}
