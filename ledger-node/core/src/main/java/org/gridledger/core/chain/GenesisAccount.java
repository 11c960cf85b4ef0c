package org.gridledger.core.chain;

import java.util.Map;
import java.util.Objects;
import org.gridledger.evm.types.UInt256;

/**
 * An account of the genesis allocation.
 *
 * @param nonce unsigned 64-bit
 * @param code the account's code, empty for none
 * @param storage its non-zero storage slots (zero values are ignored)
 */
public record GenesisAccount(
    UInt256 balance, long nonce, byte[] code, Map<UInt256, UInt256> storage) {

  public GenesisAccount {
    Objects.requireNonNull(balance, "balance");
    code = code.clone();
    storage = Map.copyOf(storage);
  }

  /** An account with only a balance. */
  public static GenesisAccount funded(UInt256 balance) {
    return new GenesisAccount(balance, 0, new byte[0], Map.of());
  }

  @Override
  public byte[] code() {
    return code.clone();
  }
}
