package org.gridledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.math.BigInteger;
import org.gridledger.contracts.bindings.FarmRegistry;
import org.gridledger.contracts.bindings.NodeRegistry;
import org.gridledger.contracts.bindings.PricingPolicy;
import org.gridledger.contracts.bindings.Reservations;
import org.gridledger.contracts.bindings.Staking;
import org.gridledger.contracts.bindings.TwinRegistry;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Contract;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/** An account with its own signer and a binding of every grid contract that sends as it. */
final class Actor {
  final Credentials credentials;
  final String address;
  final TransactionManager transactions;
  final TwinRegistry twins;
  final FarmRegistry farms;
  final NodeRegistry nodes;
  final PricingPolicy pricing;
  final Reservations reservations;
  final Staking staking;
  private final Chain chain;

  Actor(Chain chain, Credentials credentials, Grid.Addresses at, ContractGasProvider gas) {
    this.chain = chain;
    this.credentials = credentials;
    this.address = credentials.getAddress();
    this.transactions =
        new RawTransactionManager(
            chain.web3j(),
            credentials,
            chain.chainId(),
            new PollingTransactionReceiptProcessor(chain.web3j(), 10, 30_000));
    var web3j = chain.web3j();
    this.twins = at == null ? null : TwinRegistry.load(at.twins(), web3j, transactions, gas);
    this.farms = at == null ? null : FarmRegistry.load(at.farms(), web3j, transactions, gas);
    this.nodes = at == null ? null : NodeRegistry.load(at.nodes(), web3j, transactions, gas);
    this.pricing = at == null ? null : PricingPolicy.load(at.pricing(), web3j, transactions, gas);
    this.reservations =
        at == null ? null : Reservations.load(at.reservations(), web3j, transactions, gas);
    this.staking = at == null ? null : Staking.load(at.staking(), web3j, transactions, gas);
  }

  /** Sends a transaction and asserts it succeeded. */
  TransactionReceipt send(RemoteFunctionCall<TransactionReceipt> call) {
    try {
      TransactionReceipt receipt = call.send();
      assertThat(receipt.isStatusOK()).as("receipt status of %s", receipt).isTrue();
      return receipt;
    } catch (Exception e) {
      throw new AssertionError("transaction failed: " + e.getMessage(), e);
    }
  }

  /** Calls a view function. */
  static <T> T view(RemoteFunctionCall<T> call) {
    try {
      return call.send();
    } catch (Exception e) {
      throw new AssertionError("view failed: " + e.getMessage(), e);
    }
  }

  /** Calls a view function returning a Solidity array (Web3j types it as a raw List). */
  static java.util.List<Object> items(RemoteFunctionCall<?> call) {
    java.util.List<Object> out = new java.util.ArrayList<>();
    for (Object item : (java.util.List<?>) view(call)) {
      out.add(item);
    }
    return out;
  }

  /** The custom error that {@code call} to {@code target}, sent by this actor, reverts with. */
  RevertError revert(Contract target, RemoteFunctionCall<?> call) {
    return revert(target.getContractAddress(), call.encodeFunctionCall(), BigInteger.ZERO);
  }

  /** The custom error that {@code call} with {@code value} wei reverts with. */
  RevertError revert(Contract target, RemoteFunctionCall<?> call, BigInteger value) {
    return revert(target.getContractAddress(), call.encodeFunctionCall(), value);
  }

  RevertError revert(String to, String data, BigInteger value) {
    return revertAt(to, data, value, DefaultBlockParameterName.LATEST);
  }

  /** The custom error of {@code call} executed on the state and block of {@code block}. */
  RevertError revertAt(Contract target, RemoteFunctionCall<?> call, BigInteger block) {
    return revertAt(
        target.getContractAddress(),
        call.encodeFunctionCall(),
        BigInteger.ZERO,
        org.web3j.protocol.core.DefaultBlockParameter.valueOf(block));
  }

  private RevertError revertAt(
      String to,
      String data,
      BigInteger value,
      org.web3j.protocol.core.DefaultBlockParameter block) {
    try {
      EthCall result =
          chain
              .web3j()
              .ethCall(
                  Transaction.createFunctionCallTransaction(
                      address, null, BigInteger.ZERO, Grid.GAS_LIMIT, to, value, data),
                  block)
              .send();
      if (!result.hasError()) {
        fail("expected a revert, the call returned " + result.getValue());
      }
      return RevertError.decode(result.getError().getData());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends raw calldata to {@code to} with {@code value} wei and asserts success. */
  TransactionReceipt sendRaw(String to, String data, BigInteger value) {
    try {
      var sent =
          transactions.sendTransaction(BigInteger.ZERO, Grid.GAS_LIMIT, to, data, value, false);
      if (sent.hasError()) {
        throw new AssertionError("send failed: " + sent.getError().getMessage());
      }
      TransactionReceipt receipt =
          new PollingTransactionReceiptProcessor(chain.web3j(), 10, 30_000)
              .waitForTransactionReceipt(sent.getTransactionHash());
      assertThat(receipt.isStatusOK()).as("receipt status of %s", receipt).isTrue();
      return receipt;
    } catch (IOException | org.web3j.protocol.exceptions.TransactionException e) {
      throw new AssertionError(e);
    }
  }

  /** eth_call of raw calldata; returns the raw return data. */
  String callRaw(String to, String data) {
    try {
      EthCall result =
          chain
              .web3j()
              .ethCall(
                  Transaction.createEthCallTransaction(address, to, data),
                  DefaultBlockParameterName.LATEST)
              .send();
      if (result.hasError()) {
        throw new AssertionError("call reverted: " + result.getError().getData());
      }
      return result.getValue();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  BigInteger balance() {
    return chain.balance(address);
  }
}
