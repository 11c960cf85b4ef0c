package org.gridledger.core.block;

import java.util.List;
import java.util.function.Function;
import org.gridledger.core.receipt.LogsBloom;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.core.trie.MerklePatriciaTrie;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;

/**
 * The commitments a header makes to its body and its execution (Yellow Paper, section 4.3): the
 * roots of the "ordered tries" that map {@code RLP(index)} to each item's consensus encoding, the
 * ommers hash, and the logs bloom of the receipts.
 */
public final class BlockRoots {
  private BlockRoots() {}

  /**
   * The transactions root: index → the transaction's network encoding ({@code type ‖ RLP(payload)}
   * for typed transactions, EIP-2718; the RLP list for legacy ones).
   */
  public static Hash transactionsRoot(List<Transaction> transactions) {
    return orderedTrieRoot(transactions, Transaction::encode);
  }

  /** The receipts root: index → the receipt's consensus encoding (typed per EIP-2718). */
  public static Hash receiptsRoot(List<Receipt> receipts) {
    return orderedTrieRoot(receipts, Receipt::encode);
  }

  /** The withdrawals root (EIP-4895): index → {@code RLP(withdrawal)}. */
  public static Hash withdrawalsRoot(List<Withdrawal> withdrawals) {
    return orderedTrieRoot(withdrawals, Withdrawal::encode);
  }

  /** Keccak-256 of the RLP list of the ommer headers ({@link Keccak#EMPTY_LIST} for none). */
  public static Hash ommersHash(List<BlockHeader> ommers) {
    RlpWriter w = new RlpWriter();
    int list = w.startList();
    for (BlockHeader ommer : ommers) {
      ommer.writeTo(w);
    }
    w.endList(list);
    return Keccak.of(w.toByteArray());
  }

  /** The block's logs bloom: the union of its receipts' blooms. */
  public static LogsBloom logsBloom(List<Receipt> receipts) {
    byte[] bits = new byte[LogsBloom.SIZE];
    for (Receipt r : receipts) {
      byte[] b = r.bloom().unsafeBytes();
      for (int i = 0; i < bits.length; i++) {
        bits[i] |= b[i];
      }
    }
    return LogsBloom.of(bits);
  }

  private static <T> Hash orderedTrieRoot(List<T> items, Function<T, byte[]> encode) {
    MerklePatriciaTrie trie = new MerklePatriciaTrie();
    for (int i = 0; i < items.size(); i++) {
      trie.put(new RlpWriter(8).writeLong(i).toByteArray(), encode.apply(items.get(i)));
    }
    return trie.rootHash();
  }
}
