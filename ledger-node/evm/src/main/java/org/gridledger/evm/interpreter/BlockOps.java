package org.gridledger.evm.interpreter;

import org.gridledger.evm.env.BlockEnv;
import org.gridledger.evm.types.Hash;

/** Instructions about the block (0x40–0x4a except SELFBALANCE). */
final class BlockOps {
  private BlockOps() {}

  /** BLOCKHASH answers for this many most recent blocks. */
  private static final long BLOCKHASH_WINDOW = 256;

  /** Implements BLOCKHASH: the hash of one of the 256 most recent blocks, else 0. */
  static int blockhash(Frame f) {
    long[] s = f.stack;
    int o = f.sp - 4;
    long current = f.host.block.number();
    long n = U256.toLongSaturated(s, o);
    if (n < current && current - n <= BLOCKHASH_WINDOW) {
      Hash h = f.host.state.reader().blockHash(n);
      f.sp = o;
      f.pushBytes32(h.unsafeBytes());
    } else {
      U256.setZero(s, o);
    }
    return Status.CONTINUE;
  }

  /** Implements COINBASE. */
  static int coinbase(Frame f) {
    f.pushAddress(f.host.block.coinbase());
    return Status.CONTINUE;
  }

  /** Implements TIMESTAMP. */
  static int timestamp(Frame f) {
    f.pushLong(f.host.block.timestamp());
    return Status.CONTINUE;
  }

  /** Implements NUMBER. */
  static int number(Frame f) {
    f.pushLong(f.host.block.number());
    return Status.CONTINUE;
  }

  /** Implements PREVRANDAO (EIP-4399). */
  static int prevrandao(Frame f) {
    f.pushBytes32(f.host.block.prevRandao().unsafeBytes());
    return Status.CONTINUE;
  }

  /** Implements GASLIMIT. */
  static int gaslimit(Frame f) {
    f.pushLong(f.host.block.gasLimit());
    return Status.CONTINUE;
  }

  /** Implements CHAINID (EIP-1344). */
  static int chainid(Frame f) {
    f.pushLong(f.host.block.chainId());
    return Status.CONTINUE;
  }

  /** Implements BASEFEE (EIP-3198). */
  static int basefee(Frame f) {
    f.pushUInt256(f.host.block.baseFee());
    return Status.CONTINUE;
  }

  /** Implements BLOBHASH (EIP-4844): the transaction's versioned hash at the index, else 0. */
  static int blobhash(Frame f) {
    long[] s = f.stack;
    int o = f.sp - 4;
    long i = U256.toLongSaturated(s, o);
    if (i < f.host.blobHashes.size()) {
      f.sp = o;
      f.pushBytes32(f.host.blobHashes.get((int) i).unsafeBytes());
    } else {
      U256.setZero(s, o);
    }
    return Status.CONTINUE;
  }

  /** Implements BLOBBASEFEE (EIP-7516). */
  static int blobbasefee(Frame f) {
    BlockEnv block = f.host.block;
    f.pushUInt256(block.blobBaseFee());
    return Status.CONTINUE;
  }
}
