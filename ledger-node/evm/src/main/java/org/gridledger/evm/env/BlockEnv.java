package org.gridledger.evm.env;

import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;

/**
 * What the EVM knows about the block a transaction runs in.
 *
 * @param coinbase receives the priority fees (COINBASE)
 * @param number block number (NUMBER)
 * @param timestamp seconds since the epoch (TIMESTAMP)
 * @param gasLimit block gas limit (GASLIMIT); a transaction may not ask for more
 * @param baseFee EIP-1559 base fee per gas (BASEFEE)
 * @param prevRandao beacon chain randomness (PREVRANDAO, EIP-4399)
 * @param excessBlobGas EIP-4844 excess blob gas of the block header
 * @param blobBaseFee EIP-4844 blob base fee derived from {@code excessBlobGas} (BLOBBASEFEE)
 * @param chainId EIP-155 chain id (CHAINID)
 */
public record BlockEnv(
    Address coinbase,
    long number,
    long timestamp,
    long gasLimit,
    UInt256 baseFee,
    Hash prevRandao,
    long excessBlobGas,
    UInt256 blobBaseFee,
    long chainId) {

  /** A Cancun block environment, deriving the blob base fee from the excess blob gas. */
  public static BlockEnv cancun(
      Address coinbase,
      long number,
      long timestamp,
      long gasLimit,
      UInt256 baseFee,
      Hash prevRandao,
      long excessBlobGas,
      long chainId) {
    return new BlockEnv(
        coinbase,
        number,
        timestamp,
        gasLimit,
        baseFee,
        prevRandao,
        excessBlobGas,
        BlobGas.baseFee(excessBlobGas),
        chainId);
  }
}
