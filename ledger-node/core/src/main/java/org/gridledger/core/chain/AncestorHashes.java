package org.gridledger.core.chain;

import java.util.HashMap;
import java.util.Map;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.state.BlockHashLookup;
import org.gridledger.evm.types.Hash;

/**
 * BLOCKHASH for a block executed on top of {@code parent}: the hashes of the parent's ancestors,
 * whether or not they are canonical. When the parent is canonical the number index answers;
 * otherwise the parent links are walked back (lazily, at most 256 blocks, the EVM's window).
 *
 * <p>Whether the parent is canonical is asked of the store at the first lookup, not at
 * construction: every {@link Blockchain#headState()} makes one of these, and most (the pool's
 * admission of a new sender, RPC reads of balances) never execute BLOCKHASH.
 */
final class AncestorHashes implements BlockHashLookup {
  private final BlockStore store;
  private final long parentNumber;
  private final BlockHeader parent;
  private final Hash parentBlockHash;
  private Boolean parentCanonical; // null until the first lookup below the parent
  private final Map<Long, Hash> walked = new HashMap<>();
  private BlockHeader cursor;

  AncestorHashes(BlockStore store, BlockHeader parent, Hash parentHash) {
    this.store = store;
    this.parentNumber = parent.number();
    this.parent = parent;
    this.parentBlockHash = parentHash;
    this.cursor = parent;
    walked.put(parent.number(), parentHash);
  }

  @Override
  public Hash blockHash(long number) {
    if (number < 0 || number > parentNumber) {
      return Hash.ZERO;
    }
    Hash known = walked.get(number);
    if (known != null) {
      return known;
    }
    if (parentCanonical == null) {
      parentCanonical = store.isCanonical(parent, parentBlockHash);
    }
    if (parentCanonical) {
      return store.canonicalHash(number).orElse(Hash.ZERO);
    }
    while (cursor.number() > number && cursor.number() > 0) {
      Hash parentHash = cursor.parentHash();
      BlockHeader next = store.header(parentHash).orElse(null);
      if (next == null) {
        return Hash.ZERO;
      }
      walked.put(next.number(), parentHash);
      cursor = next;
    }
    return walked.getOrDefault(number, Hash.ZERO);
  }
}
