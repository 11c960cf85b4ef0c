package org.gridledger.sdk.audit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;
import org.web3j.utils.Numeric;

/**
 * A block header rebuilt from the fields {@code eth_getBlockByNumber} returns, so that its hash can
 * be recomputed instead of trusted: the RLP list of the Yellow Paper's fields, followed by the fork
 * fields present (EIP-1559 base fee, EIP-4895 withdrawals root, EIP-4844 blob gas used and excess
 * blob gas, EIP-4788 parent beacon block root).
 */
public record BlockHeader(
    byte[] parentHash,
    byte[] ommersHash,
    byte[] coinbase,
    byte[] stateRoot,
    byte[] transactionsRoot,
    byte[] receiptsRoot,
    byte[] logsBloom,
    BigInteger difficulty,
    BigInteger number,
    BigInteger gasLimit,
    BigInteger gasUsed,
    BigInteger timestamp,
    byte[] extraData,
    byte[] mixHash,
    byte[] nonce,
    BigInteger baseFeePerGas,
    byte[] withdrawalsRoot,
    BigInteger blobGasUsed,
    BigInteger excessBlobGas,
    byte[] parentBeaconBlockRoot) {

  /** The header fields of a block as the node reported them. */
  public static BlockHeader fromRpc(EthBlock.Block b) {
    return new BlockHeader(
        bytes(b.getParentHash()),
        bytes(b.getSha3Uncles()),
        bytes(b.getMiner()),
        bytes(b.getStateRoot()),
        bytes(b.getTransactionsRoot()),
        bytes(b.getReceiptsRoot()),
        bytes(b.getLogsBloom()),
        b.getDifficulty(),
        b.getNumber(),
        b.getGasLimit(),
        b.getGasUsed(),
        b.getTimestamp(),
        bytes(b.getExtraData()),
        bytes(b.getMixHash()),
        bytes(b.getNonceRaw()),
        b.getBaseFeePerGasRaw() == null ? null : b.getBaseFeePerGas(),
        b.getWithdrawalsRoot() == null ? null : bytes(b.getWithdrawalsRoot()),
        b.getBlobGasUsedRaw() == null ? null : b.getBlobGasUsed(),
        b.getExcessBlobGasRaw() == null ? null : b.getExcessBlobGas(),
        b.getParentBeaconBlockRoot() == null ? null : bytes(b.getParentBeaconBlockRoot()));
  }

  /** The header's RLP encoding. */
  public byte[] rlp() {
    return rlpWithExtraData(extraData);
  }

  /** The RLP encoding with another extra data (the seal hash covers the vanity only). */
  public byte[] rlpWithExtraData(byte[] extra) {
    List<RlpType> f = new ArrayList<>();
    f.add(RlpString.create(parentHash));
    f.add(RlpString.create(ommersHash));
    f.add(RlpString.create(coinbase));
    f.add(RlpString.create(stateRoot));
    f.add(RlpString.create(transactionsRoot));
    f.add(RlpString.create(receiptsRoot));
    f.add(RlpString.create(logsBloom));
    f.add(RlpString.create(difficulty));
    f.add(RlpString.create(number));
    f.add(RlpString.create(gasLimit));
    f.add(RlpString.create(gasUsed));
    f.add(RlpString.create(timestamp));
    f.add(RlpString.create(extra));
    f.add(RlpString.create(mixHash));
    f.add(RlpString.create(nonce));
    if (baseFeePerGas != null) {
      f.add(RlpString.create(baseFeePerGas));
    }
    if (withdrawalsRoot != null) {
      f.add(RlpString.create(withdrawalsRoot));
    }
    if (blobGasUsed != null) {
      f.add(RlpString.create(blobGasUsed));
    }
    if (excessBlobGas != null) {
      f.add(RlpString.create(excessBlobGas));
    }
    if (parentBeaconBlockRoot != null) {
      f.add(RlpString.create(parentBeaconBlockRoot));
    }
    return RlpEncoder.encode(new RlpList(f));
  }

  /** Keccak-256 of the RLP: the block hash. */
  public byte[] hash() {
    return MerkleProof.keccak(rlp());
  }

  /** A copy with one byte of the state root flipped (for tests and demonstrations). */
  public BlockHeader withStateRoot(byte[] root) {
    return new BlockHeader(
        parentHash,
        ommersHash,
        coinbase,
        root,
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

  @Override
  public byte[] stateRoot() {
    return stateRoot.clone();
  }

  @Override
  public byte[] extraData() {
    return extraData.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockHeader h && Arrays.equals(rlp(), h.rlp());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(rlp());
  }

  @Override
  public String toString() {
    return "BlockHeader[number=" + number + ", hash=" + Numeric.toHexString(hash()) + "]";
  }

  private static byte[] bytes(String hex) {
    return Numeric.hexStringToByteArray(hex);
  }
}
