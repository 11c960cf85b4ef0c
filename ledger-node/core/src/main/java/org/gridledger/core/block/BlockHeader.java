package org.gridledger.core.block;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;

/**
 * A block header with all fields up to Cancun. The fields added by later forks are nullable and, as
 * on the wire, present only as a prefix: a header with {@code withdrawalsRoot} also has {@code
 * baseFeePerGas}, and so on.
 *
 * <p>Gridledger has no proof of work and no beacon chain; the fields are kept for tooling
 * compatibility and hold: {@code difficulty} 0, {@code nonce} 0, {@code mixHash} the PREVRANDAO
 * value (EIP-4399), {@code ommersHash} the empty-list hash, {@code parentBeaconBlockRoot}
 * (EIP-4788) a value chosen by the block producer (zero on the devnet).
 *
 * <p>{@code number}, {@code gasLimit}, {@code gasUsed}, {@code timestamp}, {@code blobGasUsed} and
 * {@code excessBlobGas} are uint64 on the wire and held as unsigned {@code long}s.
 *
 * @param logsBloom 256 bytes
 * @param nonce 8 bytes
 */
public record BlockHeader(
    Hash parentHash,
    Hash ommersHash,
    Address coinbase,
    Hash stateRoot,
    Hash transactionsRoot,
    Hash receiptsRoot,
    byte[] logsBloom,
    BigInteger difficulty,
    long number,
    long gasLimit,
    long gasUsed,
    long timestamp,
    byte[] extraData,
    Hash mixHash,
    byte[] nonce,
    BigInteger baseFeePerGas,
    Hash withdrawalsRoot,
    Long blobGasUsed,
    Long excessBlobGas,
    Hash parentBeaconBlockRoot) {

  public static final int BLOOM_SIZE = 256;
  public static final int NONCE_SIZE = 8;

  public BlockHeader {
    Objects.requireNonNull(parentHash, "parentHash");
    Objects.requireNonNull(ommersHash, "ommersHash");
    Objects.requireNonNull(coinbase, "coinbase");
    Objects.requireNonNull(stateRoot, "stateRoot");
    Objects.requireNonNull(transactionsRoot, "transactionsRoot");
    Objects.requireNonNull(receiptsRoot, "receiptsRoot");
    Objects.requireNonNull(difficulty, "difficulty");
    Objects.requireNonNull(mixHash, "mixHash");
    if (logsBloom.length != BLOOM_SIZE) {
      throw new IllegalArgumentException("logs bloom must be 256 bytes, got " + logsBloom.length);
    }
    if (nonce.length != NONCE_SIZE) {
      throw new IllegalArgumentException("nonce must be 8 bytes, got " + nonce.length);
    }
    logsBloom = logsBloom.clone();
    extraData = extraData.clone();
    nonce = nonce.clone();
    // Fork fields come as a prefix: a later one implies every earlier one.
    boolean seenAbsent = false;
    for (Object f :
        new Object[] {
          baseFeePerGas, withdrawalsRoot, blobGasUsed, excessBlobGas, parentBeaconBlockRoot
        }) {
      if (f == null) {
        seenAbsent = true;
      } else if (seenAbsent) {
        throw new IllegalArgumentException(
            "header fork fields must be a prefix (gap before " + f + ")");
      }
    }
  }

  @Override
  public byte[] logsBloom() {
    return logsBloom.clone();
  }

  @Override
  public byte[] extraData() {
    return extraData.clone();
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  /**
   * This header with another state root (a genesis template gets its root once the state is built).
   */
  public BlockHeader withStateRoot(Hash newStateRoot) {
    return new BlockHeader(
        parentHash,
        ommersHash,
        coinbase,
        newStateRoot,
        transactionsRoot,
        receiptsRoot,
        logsBloom,
        difficulty,
        number,
        gasLimit,
        gasUsed,
        timestamp,
        extraData,
        mixHash,
        nonce,
        baseFeePerGas,
        withdrawalsRoot,
        blobGasUsed,
        excessBlobGas,
        parentBeaconBlockRoot);
  }

  /** This header with other extra data (seals are added or cut off by the sealing code). */
  public BlockHeader withExtraData(byte[] newExtraData) {
    return new BlockHeader(
        parentHash,
        ommersHash,
        coinbase,
        stateRoot,
        transactionsRoot,
        receiptsRoot,
        logsBloom,
        difficulty,
        number,
        gasLimit,
        gasUsed,
        timestamp,
        newExtraData,
        mixHash,
        nonce,
        baseFeePerGas,
        withdrawalsRoot,
        blobGasUsed,
        excessBlobGas,
        parentBeaconBlockRoot);
  }

  /** The block hash: Keccak-256 of the RLP encoding. */
  public Hash hash() {
    return Keccak.of(encode());
  }

  public byte[] encode() {
    RlpWriter w = new RlpWriter(600);
    writeTo(w);
    return w.toByteArray();
  }

  public void writeTo(RlpWriter w) {
    int list = w.startList();
    w.writeBytes(parentHash.unsafeBytes());
    w.writeBytes(ommersHash.unsafeBytes());
    w.writeBytes(coinbase.unsafeBytes());
    w.writeBytes(stateRoot.unsafeBytes());
    w.writeBytes(transactionsRoot.unsafeBytes());
    w.writeBytes(receiptsRoot.unsafeBytes());
    w.writeBytes(logsBloom);
    w.writeBigInteger(difficulty);
    w.writeUnsignedLong(number);
    w.writeUnsignedLong(gasLimit);
    w.writeUnsignedLong(gasUsed);
    w.writeUnsignedLong(timestamp);
    w.writeBytes(extraData);
    w.writeBytes(mixHash.unsafeBytes());
    w.writeBytes(nonce);
    if (baseFeePerGas != null) {
      w.writeBigInteger(baseFeePerGas);
    }
    if (withdrawalsRoot != null) {
      w.writeBytes(withdrawalsRoot.unsafeBytes());
    }
    if (blobGasUsed != null) {
      w.writeUnsignedLong(blobGasUsed);
    }
    if (excessBlobGas != null) {
      w.writeUnsignedLong(excessBlobGas);
    }
    if (parentBeaconBlockRoot != null) {
      w.writeBytes(parentBeaconBlockRoot.unsafeBytes());
    }
    w.endList(list);
  }

  /** Decodes exactly one header from {@code data}. */
  public static BlockHeader decode(byte[] data) {
    return readFrom(RlpReader.single(data));
  }

  /** Reads a header list at the reader's cursor. */
  public static BlockHeader readFrom(RlpReader outer) {
    int at = outer.position();
    RlpReader r = outer.readList();
    Hash parentHash = Hash.wrap(r.readBytes(32, "parentHash"));
    Hash ommersHash = Hash.wrap(r.readBytes(32, "ommersHash"));
    Address coinbase = Address.wrap(r.readBytes(20, "coinbase"));
    Hash stateRoot = Hash.wrap(r.readBytes(32, "stateRoot"));
    Hash txRoot = Hash.wrap(r.readBytes(32, "transactionsRoot"));
    Hash receiptsRoot = Hash.wrap(r.readBytes(32, "receiptsRoot"));
    byte[] bloom = r.readBytes(BLOOM_SIZE, "logsBloom");
    BigInteger difficulty = r.readUInt256();
    long number = r.readUnsignedLong();
    long gasLimit = r.readUnsignedLong();
    long gasUsed = r.readUnsignedLong();
    long timestamp = r.readUnsignedLong();
    byte[] extra = r.readBytes();
    Hash mixHash = Hash.wrap(r.readBytes(32, "mixHash"));
    byte[] nonce = r.readBytes(NONCE_SIZE, "nonce");
    BigInteger baseFee = r.hasNext() ? r.readUInt256() : null;
    Hash withdrawalsRoot = r.hasNext() ? Hash.wrap(r.readBytes(32, "withdrawalsRoot")) : null;
    Long blobGasUsed = r.hasNext() ? r.readUnsignedLong() : null;
    Long excessBlobGas = r.hasNext() ? r.readUnsignedLong() : null;
    Hash beaconRoot = r.hasNext() ? Hash.wrap(r.readBytes(32, "parentBeaconBlockRoot")) : null;
    r.ensureEnd("block header");
    try {
      return new BlockHeader(
          parentHash,
          ommersHash,
          coinbase,
          stateRoot,
          txRoot,
          receiptsRoot,
          bloom,
          difficulty,
          number,
          gasLimit,
          gasUsed,
          timestamp,
          extra,
          mixHash,
          nonce,
          baseFee,
          withdrawalsRoot,
          blobGasUsed,
          excessBlobGas,
          beaconRoot);
    } catch (IllegalArgumentException e) {
      throw new RlpException("invalid block header: " + e.getMessage(), at);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockHeader h && Arrays.equals(encode(), h.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "BlockHeader{number=" + number + ", hash=" + hash() + "}";
  }
}
