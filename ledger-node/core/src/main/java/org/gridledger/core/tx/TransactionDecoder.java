package org.gridledger.core.tx;

import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.tx.TxRlp.FieldReader;

/**
 * Strict decoding of the canonical transaction encodings. Accepts exactly what {@link
 * Transaction#encode()} produces: canonical RLP, the exact field count of the type, integers
 * without leading zeros and within their width (64 bits for nonce and gas limit, 256 bits
 * otherwise), a recipient of 20 bytes or none, 20-byte access-list addresses and 32-byte storage
 * keys and blob hashes, yParity 0 or 1, and no trailing bytes. Values are not judged (that is
 * {@link TransactionValidator}'s job), so a decoded transaction re-encodes to the input bytes.
 *
 * <p>Every rejection is a {@link TransactionDecodingException} naming the field and the offset.
 */
public final class TransactionDecoder {
  private TransactionDecoder() {}

  /**
   * Decodes the network form: a legacy transaction's RLP list, or an EIP-2718 envelope {@code type
   * ‖ RLP(payload)} with type 1, 2 or 3 (the canonical blob form without sidecar).
   *
   * @throws TransactionDecodingException if {@code encoded} is not exactly one well-formed
   *     transaction
   */
  public static Transaction decode(byte[] encoded) {
    if (encoded.length == 0) {
      throw new TransactionDecodingException("empty input", 0);
    }
    int first = encoded[0] & 0xff;
    if (first >= 0xc0) {
      return decodeLegacy(encoded);
    }
    if (first >= 0x80) {
      throw new TransactionDecodingException(
          "a transaction is an RLP list or a typed envelope, found an RLP string", 0);
    }
    return decodeTyped(encoded);
  }

  /**
   * Reads one transaction item of a block body or {@code Transactions} message: an RLP list is a
   * legacy transaction, an RLP string holds a typed envelope (a legacy transaction wrapped in a
   * string is rejected). Offsets in errors inside the transaction are relative to its item.
   */
  public static Transaction decodeItem(RlpReader reader) {
    int at = reader.position();
    try {
      if (reader.nextIsList()) {
        return decodeLegacy(reader.readRaw());
      }
      byte[] envelope = reader.readBytes();
      if (envelope.length == 0 || (envelope[0] & 0xff) >= 0x80) {
        throw new TransactionDecodingException(
            "a transaction string must hold a typed envelope (type byte below 0x80)", at);
      }
      return decodeTyped(envelope);
    } catch (RlpException e) {
      throw TransactionDecodingException.inField("transaction", e);
    }
  }

  private static Transaction decodeLegacy(byte[] encoded) {
    RlpReader fields;
    try {
      fields = RlpReader.single(encoded).readList();
    } catch (RlpException e) {
      throw TransactionDecodingException.inField("legacy transaction", e);
    }
    FieldReader f = new FieldReader(fields, "legacy transaction");
    LegacyTransaction tx =
        new LegacyTransaction(
            f.u64("nonce"),
            f.u256("gasPrice"),
            f.u64("gasLimit"),
            f.to("to"),
            f.u256("value"),
            f.bytes("data"),
            f.u256("v"),
            f.u256("r"),
            f.u256("s"));
    f.end();
    return tx;
  }

  private static Transaction decodeTyped(byte[] encoded) {
    int typeCode = encoded[0] & 0xff;
    TransactionType type =
        TransactionType.fromCode(typeCode)
            .filter(t -> t != TransactionType.LEGACY)
            .orElseThrow(
                () ->
                    new TransactionDecodingException(
                        String.format("unsupported transaction type 0x%02x", typeCode), 0));
    String container =
        switch (type) {
          case ACCESS_LIST -> "EIP-2930 transaction";
          case DYNAMIC_FEE -> "EIP-1559 transaction";
          default -> "EIP-4844 transaction";
        };
    RlpReader fields;
    try {
      RlpReader envelope = new RlpReader(encoded, 1, encoded.length);
      if (!envelope.hasNext()) {
        throw new TransactionDecodingException(container + " has no payload", 1);
      }
      if (!envelope.nextIsList()) {
        throw new TransactionDecodingException(container + " payload must be an RLP list", 1);
      }
      fields = envelope.readList();
      if (envelope.hasNext()) {
        throw new TransactionDecodingException(
            container + ": trailing bytes after the payload", envelope.position());
      }
    } catch (RlpException e) {
      throw TransactionDecodingException.inField(container, e);
    }
    FieldReader f = new FieldReader(fields, container);
    Transaction tx =
        switch (type) {
          case ACCESS_LIST ->
              new AccessListTransaction(
                  f.u256("chainId"),
                  f.u64("nonce"),
                  f.u256("gasPrice"),
                  f.u64("gasLimit"),
                  f.to("to"),
                  f.u256("value"),
                  f.bytes("data"),
                  f.accessList("accessList"),
                  f.yParity("yParity"),
                  f.u256("r"),
                  f.u256("s"));
          case DYNAMIC_FEE ->
              new DynamicFeeTransaction(
                  f.u256("chainId"),
                  f.u64("nonce"),
                  f.u256("maxPriorityFeePerGas"),
                  f.u256("maxFeePerGas"),
                  f.u64("gasLimit"),
                  f.to("to"),
                  f.u256("value"),
                  f.bytes("data"),
                  f.accessList("accessList"),
                  f.yParity("yParity"),
                  f.u256("r"),
                  f.u256("s"));
          case BLOB ->
              new BlobTransaction(
                  f.u256("chainId"),
                  f.u64("nonce"),
                  f.u256("maxPriorityFeePerGas"),
                  f.u256("maxFeePerGas"),
                  f.u64("gasLimit"),
                  f.to("to"),
                  f.u256("value"),
                  f.bytes("data"),
                  f.accessList("accessList"),
                  f.u256("maxFeePerBlobGas"),
                  f.hashes("blobVersionedHashes"),
                  f.yParity("yParity"),
                  f.u256("r"),
                  f.u256("s"));
          case LEGACY -> throw new IllegalStateException("filtered above");
        };
    f.end();
    return tx;
  }
}
