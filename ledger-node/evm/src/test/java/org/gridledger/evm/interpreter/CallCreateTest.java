package org.gridledger.evm.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridledger.evm.interpreter.Opcodes.*;

import java.math.BigInteger;
import org.gridledger.evm.gas.GasCosts;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Message calls, contract creation, static context, call depth and SELFDESTRUCT. */
class CallCreateTest {
  static final Address CALLEE = Address.fromHex("0x4000000000000000000000000000000000000004");
  static final Address OTHER = Address.fromHex("0x5000000000000000000000000000000000000005");

  /** CALL(gas, to, value, 0, 0, 0, 32) and then return [success flag, first output word]. */
  static Asm callThenReturn(int kind, long gas, Address to, long value) {
    Asm a = Asm.code().push(32).push(0).push(0).push(0);
    if (kind == CALL || kind == CALLCODE) {
      a.push(value);
    }
    a.push(to).push(gas).op(kind);
    // Memory[32..63] = success flag; return 64 bytes: [callee output word, flag].
    return a.push(32).op(MSTORE).push(64).push(0).op(RETURN);
  }

  static BigInteger outputWord(CallExecutor.Result r, int index) {
    byte[] out = r.output();
    byte[] w = java.util.Arrays.copyOfRange(out, 32 * index, 32 * index + 32);
    return new BigInteger(1, w);
  }

  @Test
  void callCopiesOutputAndSetsReturnData() {
    Harness h = Harness.with(callThenReturn(CALL, 50_000, CALLEE, 0).bytes());
    h.pre.put(CALLEE, 1, UInt256.ZERO, Asm.code().push(0x1234).returnTop().bytes());
    CallExecutor.Result r = h.call();
    assertThat(outputWord(r, 0)).isEqualTo(0x1234);
    assertThat(outputWord(r, 1)).isEqualTo(1);
  }

  @Test
  void returnDataSizeAndCopyAfterACall() {
    Asm a =
        Asm.code().push(0).push(0).push(0).push(0).push(0).push(CALLEE).push(50_000).op(CALL, POP);
    a.op(RETURNDATASIZE).push(0).op(MSTORE); // mem[0] = size
    a.push(32).push(0).push(32).op(RETURNDATACOPY); // mem[32..64] = return data
    a.push(64).push(0).op(RETURN);
    Harness h = Harness.with(a.bytes());
    h.pre.put(CALLEE, 1, UInt256.ZERO, Asm.code().push(0xabcd).returnTop().bytes());
    CallExecutor.Result r = h.call();
    assertThat(outputWord(r, 0)).isEqualTo(32);
    assertThat(outputWord(r, 1)).isEqualTo(0xabcd);
  }

  @Test
  void returnDataCopyBeyondTheBufferIsAnExceptionalHalt() {
    // No call made: the buffer is empty; copying one byte fails, copying zero at offset 0 is fine.
    CallExecutor.Result r = Harness.run(Asm.code().push(1).push(0).push(0).op(RETURNDATACOPY));
    assertThat(r.status()).isEqualTo(Status.RETURN_DATA_OUT_OF_BOUNDS);
    assertThat(r.gasLeft()).isZero();
    r = Harness.run(Asm.code().push(0).push(0).push(0).op(RETURNDATACOPY, STOP));
    assertThat(r.status()).isEqualTo(Status.STOP);
    r = Harness.run(Asm.code().push(0).push(1).push(0).op(RETURNDATACOPY, STOP));
    assertThat(r.status()).isEqualTo(Status.RETURN_DATA_OUT_OF_BOUNDS);
  }

  @Test
  void valueTransferPaysNineThousandAndGivesTheStipend() {
    // The callee returns GAS: the stipend 2300 minus GAS's own 2, when the caller passes 0 gas.
    Harness h = Harness.with(callThenReturn(CALL, 0, CALLEE, 5).bytes());
    h.pre.put(Harness.CONTRACT, 1, UInt256.of(100), callThenReturn(CALL, 0, CALLEE, 5).bytes());
    h.pre.put(CALLEE, 1, UInt256.ZERO, Asm.code().op(GAS).returnTop().bytes());
    CallExecutor.Result r = h.call();
    assertThat(outputWord(r, 1)).isEqualTo(1);
    assertThat(outputWord(r, 0)).isEqualTo(GasCosts.CALL_STIPEND - 2);
    assertThat(h.state.balance(CALLEE)).isEqualTo(UInt256.of(5));
    assertThat(h.state.balance(Harness.CONTRACT)).isEqualTo(UInt256.of(95));
  }

  @Test
  void callWithMoreValueThanTheBalanceFailsAndKeepsTheGas() {
    Harness h = Harness.with(callThenReturn(CALL, 10_000, CALLEE, 5).bytes());
    h.pre.put(CALLEE, 1, UInt256.ZERO, Asm.code().op(GAS).returnTop().bytes());
    CallExecutor.Result r = h.call();
    assertThat(outputWord(r, 1)).isZero();
    // Paid: the pushes, CALL's 100 + 9000 (value) + memory; the 10000 offered came back.
    assertThat(1_000_000 - r.gasLeft()).isLessThan(10_000);
  }

  @Test
  void calleeGetsAllButOneSixtyFourth() {
    // Caller: PUSH0 x4 (8), PUSH20 (3), GAS (2), STATICCALL with 100 + memory 0...
    // The callee returns GAS; we check the 63/64 cap arithmetic on the gas left at the call.
    Asm caller = Asm.code().push(32).push(0).push(0).push(0).push(CALLEE).op(GAS, STATICCALL);
    caller.push(32).op(MSTORE).push(64).push(0).op(RETURN);
    Harness h = Harness.with(caller.bytes());
    h.pre.put(CALLEE, 1, UInt256.ZERO, Asm.code().op(GAS).returnTop().bytes());
    h.state.warmAccount(CALLEE);
    long start = 1_000_000;
    // Before STATICCALL: PUSH1 32 (3), PUSH0 x3 (6), PUSH20 (3), GAS (2) = 14, then STATICCALL
    // static 100 (warm) and memory for the 32-byte output (3).
    long available = start - 14 - 100 - 3;
    long expectedChildGas = available - available / 64;
    CallExecutor.Result r = h.call(new byte[0], start);
    assertThat(outputWord(r, 0)).isEqualTo(expectedChildGas - 2);
  }

  @Test
  void revertInCalleeUndoesItsChangesButNotTheCallers() {
    Asm caller = Asm.code().push(1).push(1).op(SSTORE); // caller writes slot 1
    caller.push(0).push(0).push(0).push(0).push(0).push(CALLEE).push(100_000).op(CALL);
    caller.returnTop();
    Harness h = Harness.with(caller.bytes());
    h.pre.put(
        CALLEE,
        1,
        UInt256.ZERO,
        Asm.code().push(7).push(0).op(SSTORE).push(0).push(0).op(REVERT).bytes());
    CallExecutor.Result r = h.call();
    assertThat(Harness.word(r)).isZero();
    assertThat(h.state.sload(CALLEE, UInt256.ZERO)).isEqualTo(UInt256.ZERO);
    assertThat(h.state.sload(Harness.CONTRACT, UInt256.ONE)).isEqualTo(UInt256.ONE);
  }

  @Test
  void exceptionalHaltInCalleeConsumesTheGasItWasGiven() {
    Harness h = Harness.with(callThenReturn(CALL, 30_000, CALLEE, 0).bytes());
    h.pre.put(CALLEE, 1, UInt256.ZERO, Hex.decode("fe"));
    CallExecutor.Result r = h.call();
    assertThat(outputWord(r, 1)).isZero();
    assertThat(1_000_000 - r.gasLeft()).isGreaterThan(30_000);
  }

  @Test
  void delegatecallRunsCodeInTheCallersContext() {
    // Library: SSTORE(0, CALLER); SSTORE(1, CALLVALUE); SSTORE(2, ADDRESS).
    Asm lib = Asm.code().op(CALLER).push(0).op(SSTORE).op(CALLVALUE).push(1).op(SSTORE);
    lib.op(ADDRESS).push(2).op(SSTORE, STOP);
    Harness h = Harness.with(callThenReturn(DELEGATECALL, 200_000, CALLEE, 0).bytes());
    h.pre.put(CALLEE, 1, UInt256.ZERO, lib.bytes());
    h.call();
    assertThat(h.state.sload(Harness.CONTRACT, UInt256.ZERO).toBytes32())
        .endsWith(Harness.ORIGIN.toArray());
    assertThat(h.state.sload(Harness.CONTRACT, UInt256.of(2)).toBytes32())
        .endsWith(Harness.CONTRACT.toArray());
    assertThat(h.state.sload(CALLEE, UInt256.ZERO)).isEqualTo(UInt256.ZERO);
  }

  @Test
  void callcodeRunsCodeInTheCallersStorageWithTheCallerAsSender() {
    Asm lib = Asm.code().op(CALLER).push(0).op(SSTORE, STOP);
    Harness h = Harness.with(callThenReturn(CALLCODE, 200_000, CALLEE, 0).bytes());
    h.pre.put(CALLEE, 1, UInt256.ZERO, lib.bytes());
    h.call();
    assertThat(h.state.sload(Harness.CONTRACT, UInt256.ZERO).toBytes32())
        .endsWith(Harness.CONTRACT.toArray());
  }

  /** Each code runs in a callee reached by STATICCALL; all must fail (EIP-214). */
  @ParameterizedTest
  @CsvSource({
    "SSTORE, 6001600055",
    "LOG0, 60006000a0",
    "CREATE, 600060006000f0",
    "CREATE2, 6000600060006000f5",
    "SELFDESTRUCT, 6000ff",
    "TSTORE, 600160015d",
    "CALL with value, 600060006000600060016000" + "5af1",
  })
  void stateChangesFailInStaticContext(String what, String code) {
    Harness h = Harness.with(callThenReturn(STATICCALL, 100_000, CALLEE, 0).bytes());
    h.pre.put(CALLEE, 1, UInt256.of(10), Hex.decode(code));
    CallExecutor.Result r = h.call();
    assertThat(outputWord(r, 1)).as(what).isZero();
  }

  @Test
  void staticContextAllowsReadsAndValuelessCalls() {
    // Callee: CALL(gas, OTHER, 0, ...) then SLOAD, returns 1 from the inner call.
    Asm inner = Asm.code().push(0).push(0).push(0).push(0).push(0).push(OTHER).op(GAS, CALL);
    inner.push(0).op(SLOAD, POP).returnTop();
    Harness h = Harness.with(callThenReturn(STATICCALL, 100_000, CALLEE, 0).bytes());
    h.pre.put(CALLEE, 1, UInt256.ZERO, inner.bytes());
    CallExecutor.Result r = h.call();
    assertThat(outputWord(r, 1)).isEqualTo(1);
    assertThat(outputWord(r, 0)).isEqualTo(1);
  }

  @Test
  void recursionStopsAtDepth1024WithoutOverflowingTheJavaStack() {
    // SSTORE(0, SLOAD(0) + 1); CALL(GAS, ADDRESS, 0, 0, 0, 0, 0); STOP.
    Asm self = Asm.code().push(0).op(SLOAD).push(1).op(ADD).push(0).op(SSTORE);
    self.push(0).push(0).push(0).push(0).push(0).op(ADDRESS, GAS, CALL, STOP);
    Harness h = Harness.with(self.bytes());
    CallExecutor.Result r = h.call(new byte[0], 40_000_000_000_000L);
    assertThat(r.isSuccess()).isTrue();
    // Frames at depths 0..1024 each incremented once; the call from depth 1024 was refused.
    assertThat(h.state.sload(Harness.CONTRACT, UInt256.ZERO)).isEqualTo(UInt256.of(1025));
  }

  @Test
  void createDeploysReturnedCodeAtTheNonceAddress() {
    // Init code: returns the 1-byte runtime code 0x00 (STOP)... use 0x60ff60005360016000f3:
    // MSTORE8(0, 0xff) would be 0xEF-free; runtime = 0xff (SELFDESTRUCT) - only bytes matter.
    byte[] init = Hex.decode("60aa60005360016000f3"); // stores 0xaa at 0, returns 1 byte
    Asm creator = Asm.code().push(new BigInteger(1, init)).push(0).op(MSTORE);
    creator.push(init.length).push(32 - init.length).push(0).op(CREATE).returnTop();
    Harness h = Harness.with(creator.bytes());
    CallExecutor.Result r = h.call();
    Address expected = ContractAddress.create(Harness.CONTRACT, 1);
    assertThat(Harness.word(r)).isEqualTo(new BigInteger(1, expected.toArray()));
    assertThat(h.state.code(expected)).containsExactly(0xaa);
    assertThat(h.state.nonce(expected)).isEqualTo(1);
    assertThat(h.state.nonce(Harness.CONTRACT)).isEqualTo(2);
  }

  /** Known CREATE addresses for sender 0x6ac7…dbf0 (widely published examples). */
  @ParameterizedTest
  @CsvSource({
    "0, 0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d",
    "1, 0x343c43a37d37dff08ae8c4a11544c718abb4fcf8",
    "2, 0xf778b86fa74e846c4f0a1fbd1335fe81c00a0c91",
    "3, 0xfffd933a0bc612844eaf0c6fe3e5b8e9b6c1d19c",
  })
  void createAddresses(long nonce, String expected) {
    Address sender = Address.fromHex("0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0");
    assertThat(ContractAddress.create(sender, nonce)).isEqualTo(Address.fromHex(expected));
  }

  /** The examples of EIP-1014. */
  @ParameterizedTest
  @CsvSource({
    "0x0000000000000000000000000000000000000000, 0x00, 0x00,"
        + " 0x4d1a2e2bb4f88f0250f26ffff098b0b30b26bf38",
    "0xdeadbeef00000000000000000000000000000000, 0x00, 0x00,"
        + " 0xb928f69bb1d91cd65274e3c79d8986362984fda3",
    "0xdeadbeef00000000000000000000000000000000,"
        + " 0x000000000000000000000000feed000000000000000000000000000000000000, 0x00,"
        + " 0xd04116cdd17bebe565eb2422f2497e06cc1c9833",
    "0x0000000000000000000000000000000000000000, 0x00, 0xdeadbeef,"
        + " 0x70f2b2914a2a4b783faefb75f459a580616fcb5e",
    "0x00000000000000000000000000000000deadbeef, 0xcafebabe, 0xdeadbeef,"
        + " 0x60f3f640a8508fc6a86d45df051962668e1e8ac7",
    "0x00000000000000000000000000000000deadbeef, 0xcafebabe,"
        + " 0xdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef,"
        + " 0x1d8bfdc5d46dc4f61d6b6115972536ebe6a8854c",
    "0x0000000000000000000000000000000000000000, 0x00, 0x,"
        + " 0xe33c0c7f7df4809055c3eba6c09cfe4baf1bd9e0",
  })
  void create2Addresses(String sender, String salt, String initCode, String expected) {
    Address a =
        ContractAddress.create2(
            Address.fromHex(sender), UInt256.fromHex(salt), Hex.decode(initCode));
    assertThat(a).isEqualTo(Address.fromHex(expected));
  }

  /** CREATE2 of {@code init} with salt 0 from memory; returns the address (0 on failure). */
  static Asm create2(byte[] init) {
    Asm a = Asm.code();
    for (int i = 0; i < init.length; i++) {
      a.push(init[i] & 0xff).push(i).op(MSTORE8);
    }
    return a.push(0).push(init.length).push(0).push(0).op(CREATE2);
  }

  @Test
  void secondCreate2WithTheSameSaltCollides() {
    byte[] init = Hex.decode("60016000f3"); // returns 1 byte of zero memory: code 0x00
    Asm a = create2(init).push(0).op(SSTORE);
    a.push(0).push(init.length).push(0).push(0).op(CREATE2).push(1).op(SSTORE, STOP);
    Harness h = Harness.with(a.bytes());
    CallExecutor.Result r = h.call(new byte[0], 5_000_000);
    assertThat(r.isSuccess()).isTrue();
    Address created = ContractAddress.create2(Harness.CONTRACT, UInt256.ZERO, init);
    assertThat(h.state.sload(Harness.CONTRACT, UInt256.ZERO).toBytes32())
        .endsWith(created.toArray());
    assertThat(h.state.sload(Harness.CONTRACT, UInt256.ONE)).isEqualTo(UInt256.ZERO);
    // The collision consumed the gas it was given: more than 63/64 of what was left.
    assertThat(r.gasLeft()).isLessThan(5_000_000 / 64);
  }

  @Test
  void depositRulesRejectOversizedAndEfPrefixedCode() {
    // Returns 24577 zero bytes: over the EIP-170 limit.
    byte[] tooBig = Asm.code().pushN(2, GasCosts.MAX_CODE_SIZE + 1).push(0).op(RETURN).bytes();
    Harness h = Harness.with(create2(tooBig).returnTop().bytes());
    assertThat(Harness.word(h.call(new byte[0], 10_000_000))).isZero();
    // Exactly the limit is fine.
    byte[] limit = Asm.code().pushN(2, GasCosts.MAX_CODE_SIZE).push(0).op(RETURN).bytes();
    h = Harness.with(create2(limit).returnTop().bytes());
    assertThat(Harness.word(h.call(new byte[0], 10_000_000))).isNotZero();
    // Code starting with 0xEF is rejected (EIP-3541); 0xFE is fine.
    byte[] ef = Hex.decode("60ef60005360016000f3");
    h = Harness.with(create2(ef).returnTop().bytes());
    assertThat(Harness.word(h.call())).isZero();
    byte[] fe = Hex.decode("60fe60005360016000f3");
    h = Harness.with(create2(fe).returnTop().bytes());
    assertThat(Harness.word(h.call())).isNotZero();
  }

  @Test
  void initCodeOverTheLimitIsAnExceptionalHaltOfTheCreator() {
    // CREATE(0, 0, 49153): EIP-3860.
    CallExecutor.Result r = Harness.run(Asm.code().pushN(2, 49_153).push(0).push(0).op(CREATE));
    assertThat(r.status()).isEqualTo(Status.INIT_CODE_SIZE_LIMIT);
    assertThat(r.gasLeft()).isZero();
  }

  @Test
  void createChargesInitCodeWords() {
    // CREATE(0, 0, 64) of 64 zero bytes (two STOPs' worth): 32000 + 2 gas per word (EIP-3860)
    // + memory for two words (6); the child runs STOP and deploys nothing.
    CallExecutor.Result r = Harness.run(Asm.code().push(64).push(0).push(0).op(CREATE, STOP));
    long pushes = 3 + 2 + 2;
    assertThat(1_000_000 - r.gasLeft()).isEqualTo(pushes + 32_000 + 4 + 6);
  }

  @Test
  void selfdestructOfAPreexistingContractOnlyMovesTheBalance() {
    Harness h = Harness.with(Asm.code().push(OTHER).op(SELFDESTRUCT).bytes());
    h.pre.put(Harness.CONTRACT, 1, UInt256.of(77), Asm.code().push(OTHER).op(SELFDESTRUCT).bytes());
    CallExecutor.Result r = h.call();
    assertThat(r.status()).isEqualTo(Status.SELFDESTRUCT);
    // 3 (PUSH20) + 5000 + 2600 (cold beneficiary) + 25000 (value to an empty account).
    assertThat(1_000_000 - r.gasLeft()).isEqualTo(3 + 5000 + 2600 + 25_000);
    assertThat(h.state.balance(OTHER)).isEqualTo(UInt256.of(77));
    assertThat(h.state.balance(Harness.CONTRACT)).isEqualTo(UInt256.ZERO);
    var changes = h.state.commitTransaction();
    assertThat(h.state.exists(Harness.CONTRACT)).isTrue();
    assertThat(h.state.code(Harness.CONTRACT)).isNotEmpty();
    assertThat(changes.accounts()).containsKey(OTHER);
  }

  @Test
  void selfdestructOfAContractCreatedInTheSameTransactionDeletesIt() {
    // Init code: SELFDESTRUCT to OTHER right away (EIP-6780: created in this transaction).
    byte[] init = Asm.code().push(OTHER).op(SELFDESTRUCT).bytes();
    Harness h = Harness.with(create2(init).returnTop().bytes());
    h.pre.put(Harness.CONTRACT, 1, UInt256.ZERO, create2(init).returnTop().bytes());
    CallExecutor.Result r = h.call();
    Address created = ContractAddress.create2(Harness.CONTRACT, UInt256.ZERO, init);
    assertThat(Harness.word(r)).isEqualTo(new BigInteger(1, created.toArray()));
    assertThat(h.state.exists(created)).isTrue();
    h.state.commitTransaction();
    assertThat(h.state.exists(created)).isFalse();
    assertThat(h.state.codeHash(created)).isEqualTo(Keccak.EMPTY);
  }
}
