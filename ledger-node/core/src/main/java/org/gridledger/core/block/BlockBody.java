package org.gridledger.core.block;

import java.util.ArrayList;
import java.util.List;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.tx.TransactionDecoder;
import org.gridledger.core.tx.TransactionDecodingException;

/**
 * The body of a block: its transactions in order, its ommer headers (always empty after the merge,
 * EIP-3675) and, from Shanghai on, its withdrawals (EIP-4895). Encoded on its own as {@code
 * RLP([transactions, ommers, withdrawals])}, the form the block store keeps and devp2p's {@code
 * BlockBodies} carries.
 *
 * @param withdrawals {@code null} for a body without the list (before Shanghai; invalid for
 *     Cancun), which is not the same as an empty list
 */
public record BlockBody(
    List<Transaction> transactions, List<BlockHeader> ommers, List<Withdrawal> withdrawals) {

  /** A post-merge body without transactions and withdrawals. */
  public static final BlockBody EMPTY = new BlockBody(List.of(), List.of(), List.of());

  public BlockBody {
    transactions = List.copyOf(transactions);
    ommers = List.copyOf(ommers);
    withdrawals = withdrawals == null ? null : List.copyOf(withdrawals);
  }

  /** Appends the three lists (two before Shanghai) without an enclosing list. */
  void writeFieldsTo(RlpWriter w) {
    int txs = w.startList();
    for (Transaction tx : transactions) {
      tx.writeTo(w);
    }
    w.endList(txs);
    int om = w.startList();
    for (BlockHeader ommer : ommers) {
      ommer.writeTo(w);
    }
    w.endList(om);
    if (withdrawals != null) {
      int wd = w.startList();
      for (Withdrawal withdrawal : withdrawals) {
        withdrawal.writeTo(w);
      }
      w.endList(wd);
    }
  }

  /** {@code RLP([transactions, ommers, withdrawals])}. */
  public byte[] encode() {
    RlpWriter w = new RlpWriter(256 + 160 * transactions.size());
    int list = w.startList();
    writeFieldsTo(w);
    w.endList(list);
    return w.toByteArray();
  }

  /**
   * Decodes {@link #encode()}'s form strictly.
   *
   * @throws RlpException naming the malformed item and its offset
   */
  public static BlockBody decode(byte[] encoded) {
    RlpReader fields = RlpReader.single(encoded).readList();
    BlockBody body = readFields(fields);
    fields.ensureEnd("block body");
    return body;
  }

  /** Reads the transaction list, the ommer list and, if present, the withdrawal list. */
  static BlockBody readFields(RlpReader r) {
    if (!r.hasNext()) {
      throw new RlpException("block has no transaction list", r.position());
    }
    RlpReader txList = r.readList();
    List<Transaction> txs = new ArrayList<>();
    while (txList.hasNext()) {
      int at = txList.position();
      try {
        txs.add(TransactionDecoder.decodeItem(txList));
      } catch (TransactionDecodingException e) {
        throw new RlpException("transaction " + txs.size() + ": " + e.getMessage(), at);
      }
    }
    if (!r.hasNext()) {
      throw new RlpException("block has no ommer list", r.position());
    }
    RlpReader ommerList = r.readList();
    List<BlockHeader> ommers = new ArrayList<>();
    while (ommerList.hasNext()) {
      ommers.add(BlockHeader.readFrom(ommerList));
    }
    List<Withdrawal> withdrawals = null;
    if (r.hasNext()) {
      RlpReader wdList = r.readList();
      withdrawals = new ArrayList<>();
      while (wdList.hasNext()) {
        withdrawals.add(Withdrawal.readFrom(wdList));
      }
    }
    return new BlockBody(txs, ommers, withdrawals);
  }
}
