package org.gridledger.core.chain;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.state.WorldState;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.evm.state.AccountChange;
import org.gridledger.evm.state.AccountInfo;
import org.gridledger.evm.state.StateChanges;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;

/**
 * Block 0 and the state it commits to. The block's header must carry the state root of {@code
 * alloc} and every Cancun field; {@link Blockchain#initialize} checks both.
 */
public record Genesis(Block block, Map<Address, GenesisAccount> alloc) {

  public Genesis {
    Objects.requireNonNull(block, "block");
    alloc = Collections.unmodifiableMap(new LinkedHashMap<>(alloc));
  }

  /**
   * A Cancun genesis for {@code alloc}: number 0, the given gas limit, base fee and timestamp, an
   * empty body, and zero for everything else (coinbase, extra data, PREVRANDAO, blob gas, beacon
   * root).
   */
  public static Genesis build(
      Map<Address, GenesisAccount> alloc, long gasLimit, BigInteger baseFee, long timestamp) {
    BlockHeader header =
        new BlockHeader(
            Hash.ZERO,
            Keccak.EMPTY_LIST,
            Address.ZERO,
            stateRoot(alloc),
            Keccak.EMPTY_TRIE,
            Keccak.EMPTY_TRIE,
            new byte[BlockHeader.BLOOM_SIZE],
            BigInteger.ZERO,
            0,
            gasLimit,
            0,
            timestamp,
            new byte[0],
            Hash.ZERO,
            new byte[BlockHeader.NONCE_SIZE],
            baseFee,
            Keccak.EMPTY_TRIE,
            0L,
            0L,
            Hash.ZERO);
    return new Genesis(new Block(header, BlockBody.EMPTY), alloc);
  }

  /** The allocation as state changes on an empty state. */
  public StateChanges allocChanges() {
    return allocChanges(alloc);
  }

  /** {@code alloc} as state changes on an empty state. */
  public static StateChanges allocChanges(Map<Address, GenesisAccount> alloc) {
    Map<Address, AccountChange> accounts = new LinkedHashMap<>();
    Map<Hash, byte[]> code = new LinkedHashMap<>();
    for (Map.Entry<Address, GenesisAccount> e : alloc.entrySet()) {
      GenesisAccount a = e.getValue();
      byte[] bytes = a.code();
      Hash codeHash = bytes.length == 0 ? Keccak.EMPTY : Keccak.of(bytes);
      if (bytes.length > 0) {
        code.put(codeHash, bytes);
      }
      Map<UInt256, UInt256> slots = new LinkedHashMap<>(a.storage());
      slots.values().removeIf(UInt256::isZero);
      accounts.put(
          e.getKey(),
          new AccountChange.Updated(
              new AccountInfo(a.nonce(), a.balance(), codeHash), true, slots));
    }
    return new StateChanges(accounts, code);
  }

  /** The state root of {@code alloc}, computed in memory (for building a genesis header). */
  public static Hash stateRoot(Map<Address, GenesisAccount> alloc) {
    try (InMemoryKeyValueStore scratch = new InMemoryKeyValueStore()) {
      WorldState state = WorldState.empty(scratch);
      state.apply(allocChanges(alloc));
      return state.rootHash();
    }
  }
}
