/**
 * Small value types shared by the EVM and everything above it: {@link
 * org.gridledger.evm.types.Address}, {@link org.gridledger.evm.types.Hash}, hex conversion and
 * Keccak-256. They live in the EVM module because the EVM depends on no other module of ours.
 */
package org.gridledger.evm.types;
