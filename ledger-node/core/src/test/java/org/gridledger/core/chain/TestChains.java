package org.gridledger.core.chain;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridledger.core.tx.DynamicFeeTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.UInt256;

/** A small deterministic chain for tests: one funded key, a log-emitting contract, transfers. */
final class TestChains {
  static final ChainConfig CONFIG = new ChainConfig(1337);
  static final PrivateKey KEY =
      PrivateKey.fromHex("0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8");
  static final Address SENDER = Address.fromPublicKey(KEY.publicKey());
  static final UInt256 FUNDS = UInt256.of(BigInteger.TEN.pow(24));
  static final long GAS_LIMIT = 30_000_000;
  static final BigInteger BASE_FEE = BigInteger.valueOf(1_000_000_000);

  /** Emits LOG1(topic = {@link #TOPIC}, data = CALLVALUE as a word) and stops. */
  static final Address EMITTER = Address.fromHex("0x00000000000000000000000000000000000e1100");

  static final Hash TOPIC =
      Hash.fromHex("0x1111111111111111111111111111111111111111111111111111111111111111");

  // CALLVALUE PUSH1 0 MSTORE PUSH32 TOPIC PUSH1 32 PUSH1 0 LOG1 STOP
  static final byte[] EMITTER_CODE =
      Hex.decode("0x34600052" + "7f" + TOPIC.toHex().substring(2) + "60206000a100");

  private TestChains() {}

  static Genesis genesis() {
    Map<Address, GenesisAccount> alloc = new LinkedHashMap<>();
    alloc.put(SENDER, GenesisAccount.funded(FUNDS));
    alloc.put(EMITTER, new GenesisAccount(UInt256.ZERO, 1, EMITTER_CODE, Map.of()));
    return Genesis.build(alloc, GAS_LIMIT, BASE_FEE, 1_700_000_000L);
  }

  /** A signed EIP-1559 transfer of {@code value} wei from {@link #SENDER}. */
  static Transaction transfer(long nonce, Address to, long value) {
    return new DynamicFeeTransaction(
            UInt256.of(CONFIG.chainId()),
            nonce,
            UInt256.of(1),
            UInt256.of(BigInteger.valueOf(100_000_000_000L)),
            60_000,
            Optional.of(to),
            UInt256.of(value),
            new byte[0],
            List.of(),
            0,
            UInt256.ZERO,
            UInt256.ZERO)
        .sign(KEY);
  }

  /** The producer attributes of block {@code number} (timestamps 12 s apart). */
  static BlockBuilder.Attributes attributes(long number, int variant) {
    return new BlockBuilder.Attributes(
        Address.ofLow(0xc0ffee),
        1_700_000_000L + 12 * number,
        GAS_LIMIT,
        Hash.ZERO,
        Hash.ZERO,
        new byte[] {(byte) variant});
  }

  /** The recipient of the {@code i}-th transfer of the tests. */
  static Address recipient(long i) {
    return Address.ofLow(0x10000 + i);
  }
}
