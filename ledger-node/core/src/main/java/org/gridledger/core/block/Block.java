package org.gridledger.core.block;

import java.util.Objects;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.types.Hash;

/**
 * A block: {@code RLP([header, transactions, ommers, withdrawals])}, the form of chain files, of
 * the {@code rlp} field of the block tests and of devp2p's {@code NewBlock}. A decoded block is
 * well-formed, not valid: validity against a parent and a state is the chain's business.
 */
public record Block(BlockHeader header, BlockBody body) {

  public Block {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(body, "body");
  }

  /** The block hash: the hash of its header. */
  public Hash hash() {
    return header.hash();
  }

  public long number() {
    return header.number();
  }

  public byte[] encode() {
    RlpWriter w = new RlpWriter(1024 + 160 * body.transactions().size());
    int list = w.startList();
    header.writeTo(w);
    body.writeFieldsTo(w);
    w.endList(list);
    return w.toByteArray();
  }

  /**
   * Decodes exactly one block.
   *
   * @throws RlpException if {@code encoded} is not one well-formed block, naming the item and its
   *     offset (for an item inside a transaction, the offset within that transaction)
   */
  public static Block decode(byte[] encoded) {
    RlpReader fields = RlpReader.single(encoded).readList();
    BlockHeader header = BlockHeader.readFrom(fields);
    BlockBody body = BlockBody.readFields(fields);
    fields.ensureEnd("block");
    return new Block(header, body);
  }
}
