package org.gridledger.core.receipt;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.core.tx.TransactionType;
import org.gridledger.evm.types.Log;

/**
 * The receipt of one transaction (post-Byzantium form, EIP-658): {@code RLP([status,
 * cumulativeGasUsed, logsBloom, logs])}, prefixed with the transaction's type byte for typed
 * transactions (EIP-2718). That encoding is the value a block's receipts trie stores under {@code
 * RLP(index)}.
 *
 * @param type the type of the transaction this receipt belongs to
 * @param success status code 1 (true) or 0 (false)
 * @param cumulativeGasUsed gas used in the block up to and including this transaction
 * @param bloom the filter of {@code logs}
 * @param logs the transaction's logs, in order
 */
public record Receipt(
    TransactionType type,
    boolean success,
    long cumulativeGasUsed,
    LogsBloom bloom,
    List<Log> logs) {

  public Receipt {
    Objects.requireNonNull(type, "type");
    if (cumulativeGasUsed < 0) {
      throw new IllegalArgumentException("cumulative gas used is negative: " + cumulativeGasUsed);
    }
    Objects.requireNonNull(bloom, "bloom");
    logs = List.copyOf(logs);
  }

  /** A receipt whose bloom is computed from its logs. */
  public static Receipt of(
      TransactionType type, boolean success, long cumulativeGasUsed, List<Log> logs) {
    return new Receipt(type, success, cumulativeGasUsed, LogsBloom.fromLogs(logs), logs);
  }

  /** The consensus encoding: {@code RLP(fields)} for legacy, {@code type ‖ RLP(fields)} else. */
  public byte[] encode() {
    RlpWriter w = new RlpWriter(300 + 128 * logs.size());
    if (type != TransactionType.LEGACY) {
      w.writeRaw(new byte[] {(byte) type.code()});
    }
    int list = w.startList();
    w.writeLong(success ? 1 : 0);
    w.writeLong(cumulativeGasUsed);
    w.writeBytes(bloom.unsafeBytes());
    LogCodec.writeList(w, logs);
    w.endList(list);
    return w.toByteArray();
  }

  /**
   * Appends this receipt as an item of a list of receipts on the wire: legacy as its RLP list,
   * typed as an RLP string holding the typed encoding.
   */
  public void writeTo(RlpWriter w) {
    byte[] encoded = encode();
    if (type == TransactionType.LEGACY) {
      w.writeRaw(encoded);
    } else {
      w.writeBytes(encoded);
    }
  }

  /**
   * Decodes {@link #encode()}'s form strictly.
   *
   * @throws RlpException naming what was wrong and where
   */
  public static Receipt decode(byte[] encoded) {
    if (encoded.length == 0) {
      throw new RlpException("empty receipt", 0);
    }
    int first = encoded[0] & 0xff;
    if (first >= 0xc0) {
      return decodeFields(TransactionType.LEGACY, RlpReader.single(encoded));
    }
    if (first >= 0x80) {
      throw new RlpException("a receipt is an RLP list or a typed envelope, found a string", 0);
    }
    TransactionType type =
        TransactionType.fromCode(first)
            .filter(t -> t != TransactionType.LEGACY)
            .orElseThrow(
                () -> new RlpException(String.format("unsupported receipt type 0x%02x", first), 0));
    RlpReader payload = new RlpReader(encoded, 1, encoded.length);
    Receipt receipt = decodeFields(type, payload);
    payload.ensureEnd("typed receipt");
    return receipt;
  }

  /** Reads one receipt item written by {@link #writeTo(RlpWriter)}. */
  public static Receipt readFrom(RlpReader r) {
    if (r.nextIsList()) {
      return decode(r.readRaw());
    }
    int at = r.position();
    byte[] envelope = r.readBytes();
    if (envelope.length == 0 || (envelope[0] & 0xff) >= 0x80) {
      throw new RlpException("a receipt string must hold a typed envelope", at);
    }
    return decode(envelope);
  }

  /**
   * Appends this receipt in eth/69's network form (caps/eth.md, EIP-7642): the list {@code
   * [tx-type, status, cumulativeGasUsed, logs]} for every type (legacy as 0), without the bloom.
   */
  public void writeWithoutBloom(RlpWriter w) {
    int fields = w.startList();
    w.writeLong(type.code());
    w.writeLong(success ? 1 : 0);
    w.writeLong(cumulativeGasUsed);
    LogCodec.writeList(w, logs);
    w.endList(fields);
  }

  /**
   * Reads one receipt written by {@link #writeWithoutBloom}, strictly; the bloom is computed from
   * the logs, so the receipt has the consensus encoding of the one written.
   *
   * @throws RlpException naming what was wrong and where
   */
  public static Receipt readWithoutBloom(RlpReader r) {
    RlpReader fields = r.readList();
    int typeAt = fields.position();
    long code = fields.readUnsignedLong();
    TransactionType type =
        (code > 0xff ? Optional.<TransactionType>empty() : TransactionType.fromCode((int) code))
            .orElseThrow(
                () ->
                    new RlpException(
                        "unsupported receipt type " + Long.toUnsignedString(code), typeAt));
    boolean success = readStatus(fields);
    long cumulativeGasUsed = fields.readLong();
    List<Log> logs = LogCodec.readList(fields);
    fields.ensureEnd("receipt");
    return of(type, success, cumulativeGasUsed, logs);
  }

  private static Receipt decodeFields(TransactionType type, RlpReader outer) {
    RlpReader fields = outer.readList();
    boolean success = readStatus(fields);
    long cumulativeGasUsed = fields.readLong();
    LogsBloom bloom = LogsBloom.of(fields.readBytes(LogsBloom.SIZE, "logs bloom"));
    List<Log> logs = LogCodec.readList(fields);
    fields.ensureEnd("receipt");
    return new Receipt(type, success, cumulativeGasUsed, bloom, logs);
  }

  /** The post-Byzantium status field: empty (failure) or 0x01 (success). */
  private static boolean readStatus(RlpReader fields) {
    int statusAt = fields.position();
    byte[] status = fields.readBytes();
    if (status.length == 0) {
      return false;
    } else if (status.length == 1 && status[0] == 1) {
      return true;
    }
    throw new RlpException(
        "receipt status must be empty or 0x01 (pre-Byzantium state roots are not supported)",
        statusAt);
  }
}
