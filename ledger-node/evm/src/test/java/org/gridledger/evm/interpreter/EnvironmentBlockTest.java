package org.gridledger.evm.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridledger.evm.interpreter.Opcodes.*;

import java.math.BigInteger;
import java.util.List;
import org.gridledger.evm.env.BlobGas;
import org.gridledger.evm.precompile.Precompiles;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;

/** Call data, code, account and block instructions. */
class EnvironmentBlockTest {
  static final Address OTHER = Address.fromHex("0x5000000000000000000000000000000000000005");

  static BigInteger returned(Asm code) {
    return Harness.word(Harness.run(code));
  }

  static BigInteger addressWord(Address a) {
    return new BigInteger(1, a.toArray());
  }

  @Test
  void callDataLoadPadsWithZeros() {
    Harness h = Harness.with(Asm.code().push(1).op(CALLDATALOAD).returnTop().bytes());
    CallExecutor.Result r = h.call(Hex.decode("00112233"), 100_000);
    assertThat(Harness.word(r)).isEqualTo(new BigInteger("112233" + "00".repeat(29), 16));
    h =
        Harness.with(
            Asm.code().push(BigInteger.ONE.shiftLeft(255)).op(CALLDATALOAD).returnTop().bytes());
    assertThat(Harness.word(h.call(Hex.decode("ff"), 100_000))).isZero();
    h = Harness.with(Asm.code().op(CALLDATASIZE).returnTop().bytes());
    assertThat(Harness.word(h.call(new byte[77], 100_000))).isEqualTo(77);
  }

  @Test
  void callDataCopyAndCodeCopyPadWithZeros() {
    // CALLDATACOPY(0, 2, 32) of 4 bytes of input → 2 bytes then zeros.
    Harness h =
        Harness.with(
            Asm.code()
                .push(32)
                .push(2)
                .push(0)
                .op(CALLDATACOPY)
                .push(32)
                .push(0)
                .op(RETURN)
                .bytes());
    CallExecutor.Result r = h.call(Hex.decode("aabbccdd"), 100_000);
    assertThat(Hex.encodeNoPrefix(r.output())).isEqualTo("ccdd" + "00".repeat(30));
    // CODECOPY of the code itself, 8 bytes past its end.
    Asm a = Asm.code().op(CODESIZE).push(8).op(ADD).push(0).push(0).op(CODECOPY);
    a.op(CODESIZE).push(8).op(ADD).push(0).op(RETURN);
    byte[] code = a.bytes();
    r = Harness.run(code);
    byte[] expected = java.util.Arrays.copyOf(code, code.length + 8);
    assertThat(r.output()).isEqualTo(expected);
  }

  @Test
  void contextAddresses() {
    assertThat(returned(Asm.code().op(ADDRESS).returnTop()))
        .isEqualTo(addressWord(Harness.CONTRACT));
    assertThat(returned(Asm.code().op(CALLER).returnTop())).isEqualTo(addressWord(Harness.ORIGIN));
    assertThat(returned(Asm.code().op(ORIGIN).returnTop())).isEqualTo(addressWord(Harness.ORIGIN));
    assertThat(returned(Asm.code().op(CALLVALUE).returnTop())).isZero();
    assertThat(returned(Asm.code().op(GASPRICE).returnTop())).isEqualTo(10);
    assertThat(returned(Asm.code().op(CODESIZE).returnTop())).isEqualTo(7);
  }

  @Test
  void balanceChargesTheColdSurchargeOnce() {
    // BALANCE(OTHER) twice: PUSH20 (3) + 100 + 2500 cold, then PUSH20 (3) + 100 warm.
    CallExecutor.Result r =
        Harness.run(Asm.code().push(OTHER).op(BALANCE, POP).push(OTHER).op(BALANCE, STOP));
    assertThat(1_000_000 - r.gasLeft()).isEqualTo(3 + 2600 + 2 + 3 + 100);
    assertThat(returned(Asm.code().push(Harness.ORIGIN).op(BALANCE).returnTop()))
        .isEqualTo(BigInteger.TEN.pow(24));
    assertThat(returned(Asm.code().op(SELFBALANCE).returnTop())).isZero();
  }

  @Test
  void extcodeOperations() {
    byte[] otherCode = Hex.decode("6001600101");
    Harness h = Harness.with(Asm.code().push(OTHER).op(EXTCODESIZE).returnTop().bytes());
    h.pre.put(OTHER, 0, UInt256.ZERO, otherCode);
    assertThat(Harness.word(h.call())).isEqualTo(5);

    h = Harness.with(Asm.code().push(OTHER).op(EXTCODEHASH).returnTop().bytes());
    h.pre.put(OTHER, 0, UInt256.ZERO, otherCode);
    assertThat(h.call().output()).isEqualTo(Keccak.hash(otherCode));

    // EIP-1052: a missing or empty account hashes to 0; an existing one without code to
    // keccak256 of the empty string.
    h = Harness.with(Asm.code().push(OTHER).op(EXTCODEHASH).returnTop().bytes());
    assertThat(Harness.word(h.call())).isZero();
    h = Harness.with(Asm.code().push(OTHER).op(EXTCODEHASH).returnTop().bytes());
    h.pre.put(OTHER, 0, UInt256.ZERO, new byte[0]);
    assertThat(Harness.word(h.call())).isZero();
    h = Harness.with(Asm.code().push(OTHER).op(EXTCODEHASH).returnTop().bytes());
    h.pre.put(OTHER, 0, UInt256.ONE, new byte[0]);
    assertThat(h.call().output()).isEqualTo(Keccak.EMPTY.toArray());

    // EXTCODECOPY(OTHER, 0, 3, 32): bytes 3..4 of the code, then zeros.
    h =
        Harness.with(
            Asm.code()
                .push(32)
                .push(3)
                .push(0)
                .push(OTHER)
                .op(EXTCODECOPY)
                .push(32)
                .push(0)
                .op(RETURN)
                .bytes());
    h.pre.put(OTHER, 0, UInt256.ZERO, otherCode);
    assertThat(Hex.encodeNoPrefix(h.call().output())).isEqualTo("0101" + "00".repeat(30));
  }

  @Test
  void blockValues() {
    assertThat(returned(Asm.code().op(NUMBER).returnTop())).isEqualTo(1000);
    assertThat(returned(Asm.code().op(TIMESTAMP).returnTop())).isEqualTo(1_700_000_000L);
    assertThat(returned(Asm.code().op(GASLIMIT).returnTop())).isEqualTo(30_000_000);
    assertThat(returned(Asm.code().op(CHAINID).returnTop())).isEqualTo(1);
    assertThat(returned(Asm.code().op(BASEFEE).returnTop())).isEqualTo(7);
    assertThat(returned(Asm.code().op(COINBASE).returnTop()))
        .isEqualTo(addressWord(Harness.COINBASE));
    assertThat(returned(Asm.code().op(PREVRANDAO).returnTop()))
        .isEqualTo(new BigInteger("ab".repeat(32), 16));
    assertThat(returned(Asm.code().op(BLOBBASEFEE).returnTop())).isEqualTo(1);
  }

  @Test
  void blockhashCoversThe256PreviousBlocks() {
    Harness h = Harness.with(Asm.code().push(999).op(BLOCKHASH).returnTop().bytes());
    Hash hash = Hash.fromHex("0x" + "12".repeat(32));
    h.pre.putBlockHash(999, hash);
    h.pre.putBlockHash(744, hash);
    h.pre.putBlockHash(743, hash);
    h.pre.putBlockHash(1000, hash);
    assertThat(h.call().output()).isEqualTo(hash.toArray());
    for (long n : new long[] {1000, 1001, 743}) {
      Harness g = Harness.with(Asm.code().push(n).op(BLOCKHASH).returnTop().bytes());
      g.pre.putBlockHash(n, hash);
      assertThat(Harness.word(g.call())).as("block %d", n).isZero();
    }
    Harness g = Harness.with(Asm.code().push(744).op(BLOCKHASH).returnTop().bytes());
    g.pre.putBlockHash(744, hash);
    assertThat(g.call().output()).isEqualTo(hash.toArray());
  }

  @Test
  void blobhashReturnsTheVersionedHashAtTheIndexOrZero() {
    Hash blob = Hash.fromHex("0x01" + "33".repeat(31));
    Harness h = Harness.with(Asm.code().push(0).op(BLOBHASH).returnTop().bytes());
    Host host =
        new Host(
            h.state,
            Harness.BLOCK,
            Harness.ORIGIN,
            UInt256.ONE,
            List.of(blob),
            Precompiles.cancun(),
            null);
    CallExecutor.Result r =
        h.executor.execute(
            host,
            new CallRequest.Call(
                CALL,
                Harness.ORIGIN,
                Harness.CONTRACT,
                Harness.CONTRACT,
                UInt256.ZERO,
                new byte[0],
                100_000,
                false,
                0,
                0));
    assertThat(r.output()).isEqualTo(blob.toArray());
    h = Harness.with(Asm.code().push(1).op(BLOBHASH).returnTop().bytes());
    assertThat(Harness.word(h.call())).isZero();
  }

  @Test
  void blobBaseFeeFollowsTheFakeExponential() {
    // EIP-4844: fake_exponential(1, excess, 3338477); at excess 0 it is 1, and it grows by
    // about e per 3338477 of excess blob gas.
    assertThat(BlobGas.baseFee(0)).isEqualTo(UInt256.ONE);
    assertThat(BlobGas.baseFee(3_338_477).toBigInteger()).isEqualTo(BigInteger.TWO);
    assertThat(BlobGas.baseFee(10 * 3_338_477L).toBigInteger().intValue())
        .isBetween(22_000, 22_030);
  }

  @Test
  void logsCarryTopicsAndData() {
    Asm a =
        Asm.code()
            .push(0xaabb)
            .push(0)
            .op(MSTORE)
            .push(0x22)
            .push(0x11)
            .push(2)
            .push(30)
            .op(LOG0 + 2, STOP);
    Harness h = Harness.with(a.bytes());
    CallExecutor.Result r = h.call();
    assertThat(r.isSuccess()).isTrue();
    var logs = h.state.logs();
    assertThat(logs).hasSize(1);
    assertThat(logs.get(0).address()).isEqualTo(Harness.CONTRACT);
    assertThat(logs.get(0).topics())
        .containsExactly(
            Hash.fromHex("0x" + "00".repeat(31) + "11"),
            Hash.fromHex("0x" + "00".repeat(31) + "22"));
    assertThat(logs.get(0).data()).containsExactly(0xaa, 0xbb);
  }
}
