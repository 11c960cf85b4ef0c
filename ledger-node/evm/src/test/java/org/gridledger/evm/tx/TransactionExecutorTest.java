package org.gridledger.evm.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.gridledger.evm.env.AccessListEntry;
import org.gridledger.evm.env.BlockEnv;
import org.gridledger.evm.env.TxEnv;
import org.gridledger.evm.interpreter.ContractAddress;
import org.gridledger.evm.state.AccountChange;
import org.gridledger.evm.state.InMemoryState;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.state.StateChanges;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;

/** Validation, fee settlement, refunds, EIP-161 clean-up and multi-transaction blocks. */
class TransactionExecutorTest {
  static final Address SENDER = Address.fromHex("0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b");
  static final Address TO = Address.fromHex("0x095e7baea6a6c7c4c2dfeb977efac326af552d87");
  static final Address COINBASE = Address.fromHex("0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba");
  static final UInt256 ETHER = UInt256.of(BigInteger.TEN.pow(18));

  static BlockEnv block(long baseFee, long excessBlobGas) {
    return BlockEnv.cancun(
        COINBASE, 1, 1000, 30_000_000, UInt256.of(baseFee), Hash.ZERO, excessBlobGas, 1);
  }

  static final BlockEnv BLOCK = block(10, 0);

  final InMemoryState pre = new InMemoryState().put(SENDER, 0, ETHER, new byte[0]);
  final TransactionExecutor executor = TransactionExecutor.cancun();

  TransactionResult run(TxEnv tx) {
    return executor.execute(new JournaledState(pre), BLOCK, tx);
  }

  static TxEnv transfer(long nonce, long value, long gasPrice) {
    return TxEnv.legacy(
        SENDER, TO, nonce, UInt256.of(value), new byte[0], 21_000, UInt256.of(gasPrice));
  }

  static TransactionResult.Executed executed(TransactionResult r) {
    assertThat(r).isInstanceOf(TransactionResult.Executed.class);
    return (TransactionResult.Executed) r;
  }

  static String invalid(TransactionResult r) {
    assertThat(r).isInstanceOf(TransactionResult.Invalid.class);
    return ((TransactionResult.Invalid) r).reason();
  }

  static UInt256 balanceIn(StateChanges c, Address a) {
    return ((AccountChange.Updated) c.accounts().get(a)).info().balance();
  }

  @Test
  void plainTransferSettlesFees() {
    TransactionResult.Executed r = executed(run(transfer(0, 1000, 12)));
    assertThat(r.isSuccess()).isTrue();
    assertThat(r.gasUsed()).isEqualTo(21_000);
    StateChanges c = r.changes();
    // Sender pays 21000 * 12 + 1000; coinbase earns the tip 21000 * (12 - 10); TO gets 1000.
    assertThat(balanceIn(c, SENDER).toBigInteger())
        .isEqualTo(ETHER.toBigInteger().subtract(BigInteger.valueOf(21_000L * 12 + 1000)));
    assertThat(balanceIn(c, COINBASE)).isEqualTo(UInt256.of(21_000L * 2));
    assertThat(balanceIn(c, TO)).isEqualTo(UInt256.of(1000));
    assertThat(((AccountChange.Updated) c.accounts().get(SENDER)).info().nonce()).isEqualTo(1);
  }

  @Test
  void dynamicFeePaysBaseFeePlusTipCappedByMaxFee() {
    TxEnv tx =
        TxEnv.dynamicFee(
            SENDER,
            TO,
            0,
            UInt256.ZERO,
            new byte[0],
            30_000,
            UInt256.of(100),
            UInt256.of(2),
            List.of());
    TransactionResult.Executed r = executed(run(tx));
    // Effective price min(100, 10 + 2) = 12; tip 2 per gas.
    assertThat(balanceIn(r.changes(), COINBASE)).isEqualTo(UInt256.of(21_000L * 2));
    assertThat(balanceIn(r.changes(), SENDER).toBigInteger())
        .isEqualTo(ETHER.toBigInteger().subtract(BigInteger.valueOf(21_000L * 12)));
  }

  @Test
  void validationFailuresChangeNothing() {
    JournaledState state = new JournaledState(pre);
    assertThat(invalid(executor.execute(state, BLOCK, transfer(1, 0, 10)))).contains("nonce");
    assertThat(invalid(executor.execute(state, BLOCK, transfer(0, 0, 9)))).contains("base fee");
    assertThat(
            invalid(
                executor.execute(state, BLOCK, transfer(0, 0, BigInteger.TEN.pow(18).longValue()))))
        .contains("insufficient funds");
    TxEnv lowGas = TxEnv.legacy(SENDER, TO, 0, UInt256.ZERO, new byte[0], 20_999, UInt256.of(10));
    assertThat(invalid(executor.execute(state, BLOCK, lowGas))).contains("intrinsic gas");
    TxEnv tooMuchGas =
        TxEnv.legacy(SENDER, TO, 0, UInt256.ZERO, new byte[0], 30_000_001, UInt256.of(10));
    assertThat(invalid(executor.execute(state, BLOCK, tooMuchGas))).contains("block gas limit");
    TxEnv tip =
        TxEnv.dynamicFee(
            SENDER,
            TO,
            0,
            UInt256.ZERO,
            new byte[0],
            21_000,
            UInt256.of(20),
            UInt256.of(21),
            List.of());
    assertThat(invalid(executor.execute(state, BLOCK, tip))).contains("priority");
    TxEnv initCode =
        TxEnv.legacy(SENDER, null, 0, UInt256.ZERO, new byte[49_153], 10_000_000, UInt256.of(10));
    assertThat(invalid(executor.execute(state, BLOCK, initCode))).contains("EIP-3860");
    // Nothing changed: a valid transaction still runs from nonce 0.
    assertThat(executed(executor.execute(state, BLOCK, transfer(0, 1, 10))).isSuccess()).isTrue();
  }

  @Test
  void maximumNonceAndSendersWithCodeAreRejected() {
    pre.put(SENDER, -1L, ETHER, new byte[0]);
    assertThat(invalid(run(transfer(-1L, 0, 10)))).contains("EIP-2681");
    pre.put(SENDER, 0, ETHER, Hex.decode("00"));
    assertThat(invalid(run(transfer(0, 0, 10)))).contains("EIP-3607");
  }

  static TxEnv blobTx(List<Hash> hashes, long maxFeePerBlobGas, Address to) {
    return TxEnv.blob(
        SENDER,
        to,
        0,
        UInt256.ZERO,
        new byte[0],
        21_000,
        UInt256.of(10),
        UInt256.ZERO,
        List.of(),
        hashes,
        UInt256.of(maxFeePerBlobGas));
  }

  @Test
  void blobRules() {
    Hash good = Hash.fromHex("0x01" + "00".repeat(31));
    Hash badVersion = Hash.fromHex("0x02" + "00".repeat(31));
    assertThat(invalid(run(blobTx(List.of(), 1, TO)))).contains("without blobs");
    assertThat(invalid(run(blobTx(List.of(good), 1, null)))).contains("create");
    assertThat(invalid(run(blobTx(List.of(badVersion), 1, TO)))).contains("version");
    assertThat(invalid(run(blobTx(java.util.Collections.nCopies(7, good), 1, TO))))
        .contains("max 6");
    assertThat(invalid(run(blobTx(List.of(good), 0, TO)))).contains("blob base fee");
    // Valid: the blob gas (131072 at blob base fee 1) is burnt on top of the execution gas.
    TransactionResult.Executed r = executed(run(blobTx(List.of(good, good), 5, TO)));
    assertThat(r.blobGasUsed()).isEqualTo(2 * 131_072);
    assertThat(balanceIn(r.changes(), SENDER).toBigInteger())
        .isEqualTo(ETHER.toBigInteger().subtract(BigInteger.valueOf(21_000L * 10 + 2 * 131_072)));
  }

  @Test
  void refundIsCappedAtAFifthOfTheGasUsed() {
    // The contract clears a non-zero slot: refund 4800, but the cap is gasUsed / 5.
    pre.put(TO, 1, UInt256.ZERO, Hex.decode("6000600055"));
    pre.putStorage(TO, UInt256.ZERO, UInt256.ONE);
    TxEnv tx = TxEnv.legacy(SENDER, TO, 0, UInt256.ZERO, new byte[0], 100_000, UInt256.of(10));
    TransactionResult.Executed r = executed(run(tx));
    // Before refund: 21000 + PUSH1 0 twice (6) + 2100 (cold) + 2900 = 26006; cap 5201 > 4800.
    assertThat(r.refunded()).isEqualTo(4800);
    assertThat(r.gasUsed()).isEqualTo(26_006 - 4800);
    assertThat(((AccountChange.Updated) r.changes().accounts().get(TO)).storage())
        .containsEntry(UInt256.ZERO, UInt256.ZERO);
  }

  @Test
  void touchedEmptyAccountsAreDeletedAndUntouchedOnesStay() {
    Address empty = Address.fromHex("0x00000000000000000000000000000000000000ee");
    pre.put(empty, 0, UInt256.ZERO, new byte[0]);
    TxEnv tx = TxEnv.legacy(SENDER, empty, 0, UInt256.ZERO, new byte[0], 21_000, UInt256.of(10));
    TransactionResult.Executed r = executed(run(tx));
    assertThat(r.changes().accounts().get(empty)).isInstanceOf(AccountChange.Deleted.class);
    // The coinbase earned nothing (price == base fee): touched but missing, so no change.
    assertThat(r.changes().accounts()).doesNotContainKey(COINBASE);
  }

  @Test
  void revertedTransactionKeepsNoLogsNoValueButPaysGas() {
    // LOG0 then REVERT.
    pre.put(TO, 1, UInt256.ZERO, Hex.decode("60006000a060006000fd"));
    TxEnv tx = TxEnv.legacy(SENDER, TO, 0, UInt256.of(5), new byte[0], 100_000, UInt256.of(10));
    TransactionResult.Executed r = executed(run(tx));
    assertThat(r.result()).isInstanceOf(ExecResult.Revert.class);
    assertThat(r.logs()).isEmpty();
    assertThat(r.changes().accounts()).doesNotContainKey(TO);
    // PUSH1 0 twice (6), LOG0 (375, no data, no memory), PUSH1 0 twice (6), REVERT (0).
    long gas = 21_000 + 6 + 375 + 6;
    assertThat(r.gasUsed()).isEqualTo(gas);
    assertThat(balanceIn(r.changes(), SENDER).toBigInteger())
        .isEqualTo(ETHER.toBigInteger().subtract(BigInteger.valueOf(gas * 10)));
  }

  @Test
  void creationTransactionDeploysCode() {
    // Init code returns the 2-byte runtime 0x6001.
    // PUSH2 0x6001, PUSH1 0, MSTORE, PUSH1 2, PUSH1 30, RETURN.
    byte[] init = Hex.decode("6160016000526002601ef3");
    TxEnv tx = TxEnv.legacy(SENDER, null, 0, UInt256.ZERO, init, 200_000, UInt256.of(10));
    TransactionResult.Executed r = executed(run(tx));
    Address created = ContractAddress.create(SENDER, 0);
    assertThat(r.createdAddress()).isEqualTo(created);
    Hash codeHash = Keccak.of(Hex.decode("6001"));
    AccountChange.Updated u = (AccountChange.Updated) r.changes().accounts().get(created);
    assertThat(u.info().codeHash()).isEqualTo(codeHash);
    assertThat(u.info().nonce()).isEqualTo(1);
    assertThat(u.storageCleared()).isTrue();
    assertThat(r.changes().code().get(codeHash)).containsExactly(0x60, 0x01);
    assertThat(((AccountChange.Updated) r.changes().accounts().get(SENDER)).info().nonce())
        .isEqualTo(1);
  }

  @Test
  void accessListWarmsAddressesAndSlots() {
    // SLOAD(0) costs 100 instead of 2100 when the slot is in the access list (EIP-2930),
    // while the list itself costs 2400 + 1900 in intrinsic gas.
    pre.put(TO, 1, UInt256.ZERO, Hex.decode("5f5400"));
    TxEnv plain = TxEnv.legacy(SENDER, TO, 0, UInt256.ZERO, new byte[0], 100_000, UInt256.of(10));
    TxEnv listed =
        TxEnv.accessList(
            SENDER,
            TO,
            0,
            UInt256.ZERO,
            new byte[0],
            100_000,
            UInt256.of(10),
            List.of(new AccessListEntry(TO, List.of(UInt256.ZERO))));
    assertThat(executed(run(plain)).gasUsed()).isEqualTo(21_000 + 2 + 2100);
    assertThat(executed(run(listed)).gasUsed()).isEqualTo(21_000 + 2400 + 1900 + 2 + 100);
  }

  @Test
  void transactionsOfABlockSeeEachOtherAndComposeTheirChanges() {
    pre.put(TO, 1, UInt256.ZERO, Hex.decode("5f54600101" + "5f55")); // slot0 += 1
    JournaledState state = new JournaledState(pre);
    StateChanges total = StateChanges.NONE;
    for (int i = 0; i < 3; i++) {
      TxEnv tx = TxEnv.legacy(SENDER, TO, i, UInt256.ZERO, new byte[0], 100_000, UInt256.of(10));
      TransactionResult.Executed r = executed(executor.execute(state, BLOCK, tx));
      assertThat(r.isSuccess()).isTrue();
      assertThat(((AccountChange.Updated) r.changes().accounts().get(TO)).storage())
          .containsEntry(UInt256.ZERO, UInt256.of(i + 1));
      total = total.then(r.changes());
    }
    InMemoryState applied = new InMemoryState().put(SENDER, 0, ETHER, new byte[0]);
    applied.put(TO, 1, UInt256.ZERO, Hex.decode("5f54600101" + "5f55"));
    applied.apply(total);
    assertThat(applied.storage(TO, UInt256.ZERO)).isEqualTo(UInt256.of(3));
    assertThat(applied.account(SENDER).nonce()).isEqualTo(3);
    assertThat(applied.account(SENDER)).isEqualTo(state.info(SENDER));
  }
}
