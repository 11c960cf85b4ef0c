package org.gridledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.gridledger.contracts.bindings.Reservations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.Utils;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * A malicious receiver contract (contracts/solidity/test/MaliciousReceiver.sol) tries to re-enter
 * when it is paid; payments are pulled, state is cleared before the transfer, and the transient
 * lock refuses the nested call.
 */
@ExtendWith(GridExtension.class)
class ReentrancyTest {

  @Test
  void reservationsWithdrawCannotBeReentered(Grid grid) throws Exception {
    Actor owner = grid.newActor();
    String attacker = grid.deployTestContract(owner, "MaliciousReceiver");
    Actor encoder = grid.newActor();
    String reservations = grid.at.reservations();

    execute(
        owner,
        attacker,
        grid.at.twins(),
        encoder.twins.createTwin(Scenario.key("evil"), "").encodeFunctionCall(),
        BigInteger.ZERO);
    BigInteger deposit = Scenario.ether(2);
    TransactionReceipt created =
        execute(
            owner,
            attacker,
            reservations,
            encoder.reservations.createNameContract("evil-gw", deposit).encodeFunctionCall(),
            deposit);
    BigInteger id = Reservations.getNameContractCreatedEvents(created).get(0).contractId;
    TransactionReceipt cancelled =
        execute(
            owner,
            attacker,
            reservations,
            encoder.reservations.cancel(id).encodeFunctionCall(),
            BigInteger.ZERO);
    BigInteger refund = Reservations.getContractDeletedEvents(cancelled).get(0).refund;
    assertThat(Actor.view(encoder.reservations.withdrawable(attacker))).isEqualTo(refund);

    String withdraw = encoder.reservations.withdraw().encodeFunctionCall();
    owner.sendRaw(
        attacker,
        encode("arm", new Address(reservations), new DynamicBytes(hex(withdraw))),
        BigInteger.ZERO);

    // A receiver that rejects payments keeps its credit: TransferFailed, nothing lost.
    owner.sendRaw(attacker, encode("setRejectPayments", new Bool(true)), BigInteger.ZERO);
    owner
        .revert(
            attacker,
            encode("execute", new Address(reservations), new DynamicBytes(hex(withdraw))),
            BigInteger.ZERO)
        .assertIs("TransferFailed", attacker, refund);
    owner.sendRaw(attacker, encode("setRejectPayments", new Bool(false)), BigInteger.ZERO);

    BigInteger balanceBefore = grid.chain.balance(attacker);
    execute(owner, attacker, reservations, withdraw, BigInteger.ZERO);
    assertThat(uint(owner, attacker, "attempts")).isEqualTo(BigInteger.ONE);
    assertThat(bool(owner, attacker, "reentrySucceeded")).isFalse();
    RevertError.decode(bytes(owner, attacker, "reentryRevertData")).assertIs("Reentrancy");
    assertThat(grid.chain.balance(attacker)).isEqualTo(balanceBefore.add(refund));
    assertThat(Actor.view(encoder.reservations.withdrawable(attacker))).isZero();
    assertThat(Actor.view(encoder.reservations.totalWithdrawn())).isEqualTo(refund);
  }

  @Test
  void stakingWithdrawCannotBeReentered(Grid grid) throws Exception {
    Actor owner = grid.newActor();
    String attacker = grid.deployTestContract(owner, "MaliciousReceiver");
    Actor encoder = grid.newActor();
    String staking = grid.at.staking();
    Actor operator = grid.newActor();
    operator.send(
        operator.staking.registerCandidate(
            grid.newActor().address, BigInteger.ZERO, Grid.MIN_SELF_STAKE));

    BigInteger stake = Scenario.ether(5);
    execute(
        owner,
        attacker,
        staking,
        encoder.staking.delegate(BigInteger.ONE, stake).encodeFunctionCall(),
        stake);
    execute(
        owner,
        attacker,
        staking,
        encoder.staking.undelegate(BigInteger.ONE, stake).encodeFunctionCall(),
        BigInteger.ZERO);
    grid.chain.advance(Grid.UNBONDING_PERIOD);
    execute(
        owner,
        attacker,
        staking,
        encoder.staking.completeUnbonding(BigInteger.ONE).encodeFunctionCall(),
        BigInteger.ZERO);
    assertThat(Actor.view(encoder.staking.withdrawable(attacker))).isEqualTo(stake);

    String withdraw = encoder.staking.withdraw().encodeFunctionCall();
    owner.sendRaw(
        attacker,
        encode("arm", new Address(staking), new DynamicBytes(hex(withdraw))),
        BigInteger.ZERO);
    BigInteger before = grid.chain.balance(attacker);
    execute(owner, attacker, staking, withdraw, BigInteger.ZERO);
    assertThat(bool(owner, attacker, "reentrySucceeded")).isFalse();
    RevertError.decode(bytes(owner, attacker, "reentryRevertData")).assertIs("Reentrancy");
    assertThat(grid.chain.balance(attacker)).isEqualTo(before.add(stake));
    assertThat(Actor.view(encoder.staking.withdrawable(attacker))).isZero();
  }

  private static TransactionReceipt execute(
      Actor owner, String attacker, String target, String data, BigInteger value) {
    return owner.sendRaw(
        attacker, encode("execute", new Address(target), new DynamicBytes(hex(data))), value);
  }

  private static String encode(String name, Type<?>... args) {
    return FunctionEncoder.encode(new Function(name, List.of(args), List.of()));
  }

  private static byte[] hex(String data) {
    return org.web3j.utils.Numeric.hexStringToByteArray(data);
  }

  private static BigInteger uint(Actor from, String to, String getter) {
    return new BigInteger(from.callRaw(to, encode(getter)).substring(2), 16);
  }

  private static boolean bool(Actor from, String to, String getter) {
    return uint(from, to, getter).signum() != 0;
  }

  private static String bytes(Actor from, String to, String getter) {
    String raw = from.callRaw(to, encode(getter));
    List<TypeReference<?>> outputs = List.of(new TypeReference<DynamicBytes>() {});
    List<?> decoded = FunctionReturnDecoder.decode(raw, Utils.convert(outputs));
    byte[] value = (byte[]) ((Type<?>) decoded.get(0)).getValue();
    return org.web3j.utils.Numeric.toHexString(value);
  }
}
