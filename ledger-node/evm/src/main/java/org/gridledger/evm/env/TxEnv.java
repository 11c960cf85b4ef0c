package org.gridledger.evm.env;

import java.util.List;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;

/**
 * A transaction as the EVM executes it, with the sender already recovered. Fee fields follow the
 * transaction type: legacy (0) and access-list (1) transactions set {@code maxFeePerGas} and {@code
 * maxPriorityFeePerGas} both to their gas price; dynamic-fee (2) and blob (3) transactions set them
 * as signed. The factories below fill them that way.
 *
 * @param type EIP-2718 type: 0 legacy, 1 EIP-2930, 2 EIP-1559, 3 EIP-4844
 * @param sender the recovered sender
 * @param to recipient, or {@code null} for a contract creation
 * @param nonce the sender's nonce, read as unsigned 64-bit
 * @param accessList EIP-2930 entries (duplicates allowed, each is charged)
 * @param blobVersionedHashes EIP-4844 hashes (empty unless type 3)
 * @param maxFeePerBlobGas EIP-4844 cap on the blob base fee (zero unless type 3)
 */
public record TxEnv(
    int type,
    Address sender,
    Address to,
    long nonce,
    UInt256 value,
    byte[] data,
    long gasLimit,
    UInt256 maxFeePerGas,
    UInt256 maxPriorityFeePerGas,
    List<AccessListEntry> accessList,
    List<Hash> blobVersionedHashes,
    UInt256 maxFeePerBlobGas) {

  public TxEnv {
    accessList = List.copyOf(accessList);
    blobVersionedHashes = List.copyOf(blobVersionedHashes);
  }

  /** A legacy (type 0) transaction. */
  public static TxEnv legacy(
      Address sender,
      Address to,
      long nonce,
      UInt256 value,
      byte[] data,
      long gasLimit,
      UInt256 gasPrice) {
    return new TxEnv(
        0,
        sender,
        to,
        nonce,
        value,
        data,
        gasLimit,
        gasPrice,
        gasPrice,
        List.of(),
        List.of(),
        UInt256.ZERO);
  }

  /** An EIP-2930 (type 1) transaction. */
  public static TxEnv accessList(
      Address sender,
      Address to,
      long nonce,
      UInt256 value,
      byte[] data,
      long gasLimit,
      UInt256 gasPrice,
      List<AccessListEntry> accessList) {
    return new TxEnv(
        1,
        sender,
        to,
        nonce,
        value,
        data,
        gasLimit,
        gasPrice,
        gasPrice,
        accessList,
        List.of(),
        UInt256.ZERO);
  }

  /** An EIP-1559 (type 2) transaction. */
  public static TxEnv dynamicFee(
      Address sender,
      Address to,
      long nonce,
      UInt256 value,
      byte[] data,
      long gasLimit,
      UInt256 maxFeePerGas,
      UInt256 maxPriorityFeePerGas,
      List<AccessListEntry> accessList) {
    return new TxEnv(
        2,
        sender,
        to,
        nonce,
        value,
        data,
        gasLimit,
        maxFeePerGas,
        maxPriorityFeePerGas,
        accessList,
        List.of(),
        UInt256.ZERO);
  }

  /** An EIP-4844 (type 3) transaction. */
  public static TxEnv blob(
      Address sender,
      Address to,
      long nonce,
      UInt256 value,
      byte[] data,
      long gasLimit,
      UInt256 maxFeePerGas,
      UInt256 maxPriorityFeePerGas,
      List<AccessListEntry> accessList,
      List<Hash> blobVersionedHashes,
      UInt256 maxFeePerBlobGas) {
    return new TxEnv(
        3,
        sender,
        to,
        nonce,
        value,
        data,
        gasLimit,
        maxFeePerGas,
        maxPriorityFeePerGas,
        accessList,
        blobVersionedHashes,
        maxFeePerBlobGas);
  }

  public boolean isCreate() {
    return to == null;
  }

  /** Total storage keys in the access list. */
  public long accessListStorageKeys() {
    long n = 0;
    for (AccessListEntry e : accessList) {
      n += e.storageKeys().size();
    }
    return n;
  }
}
