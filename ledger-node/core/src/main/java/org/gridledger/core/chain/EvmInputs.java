package org.gridledger.core.chain;

import java.util.ArrayList;
import java.util.List;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.tx.AccessListEntry;
import org.gridledger.core.tx.BlobTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.env.BlockEnv;
import org.gridledger.evm.env.TxEnv;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;

/** Maps core's headers and signed transactions onto the EVM's plain inputs. */
public final class EvmInputs {
  private EvmInputs() {}

  /**
   * The block environment of {@code header}: PREVRANDAO is the header's {@code mixHash} (EIP-4399),
   * the blob base fee derives from {@code excessBlobGas} (EIP-4844; 0 if the header lacks it).
   *
   * @throws IllegalArgumentException if the header has no base fee (pre-London)
   */
  public static BlockEnv blockEnv(BlockHeader header, long chainId) {
    if (header.baseFeePerGas() == null) {
      throw new IllegalArgumentException("header " + header.number() + " has no base fee");
    }
    return BlockEnv.cancun(
        header.coinbase(),
        header.number(),
        header.timestamp(),
        header.gasLimit(),
        UInt256.of(header.baseFeePerGas()),
        header.mixHash(),
        header.excessBlobGas() == null ? 0 : header.excessBlobGas(),
        chainId);
  }

  /** The transaction as the EVM runs it, sent by {@code sender} (recovered by the caller). */
  public static TxEnv txEnv(Transaction tx, Address sender) {
    List<Hash> blobHashes = List.of();
    UInt256 maxFeePerBlobGas = UInt256.ZERO;
    if (tx instanceof BlobTransaction blob) {
      blobHashes = blob.blobVersionedHashes();
      maxFeePerBlobGas = blob.maxFeePerBlobGas();
    }
    return new TxEnv(
        tx.type().code(),
        sender,
        tx.to().orElse(null),
        tx.nonce(),
        tx.value(),
        tx.data(),
        tx.gasLimit(),
        tx.maxFeePerGas(),
        tx.maxPriorityFeePerGas(),
        accessList(tx.accessList()),
        blobHashes,
        maxFeePerBlobGas);
  }

  private static List<org.gridledger.evm.env.AccessListEntry> accessList(
      List<AccessListEntry> entries) {
    List<org.gridledger.evm.env.AccessListEntry> out = new ArrayList<>(entries.size());
    for (AccessListEntry e : entries) {
      List<UInt256> keys = new ArrayList<>(e.storageKeys().size());
      for (Hash k : e.storageKeys()) {
        keys.add(UInt256.fromBytes(k.unsafeBytes()));
      }
      out.add(new org.gridledger.evm.env.AccessListEntry(e.address(), keys));
    }
    return out;
  }
}
