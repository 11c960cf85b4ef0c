package org.gridledger.sdk;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Sends transactions so that a failure leaves nothing half-done: each call is simulated first
 * ({@code eth_call}; a revert is decoded into {@link GridException.Rejected} and nothing is sent),
 * its gas estimated, the balance checked against value plus gas, then it is signed (EIP-155) and
 * sent, and its receipt awaited.
 */
public final class Transactions {
  private static final BigDecimal GAS_MARGIN = new BigDecimal("1.5");

  /**
   * Added to every estimate: the simulation runs in the latest block, the transaction in the next,
   * where time has passed and a settlement inside it (update, cancel, settle) may write slots the
   * simulation did not (carry, farm and fee credits and the audit totals: about 22,100 gas each
   * when fresh; the first settlement on a chain writes about ten). Unused gas is not paid for.
   */
  private static final BigInteger GAS_HEADROOM = BigInteger.valueOf(250_000);

  private final RpcConnection rpc;
  private final Credentials credentials;
  private final long chainId;
  private final ContractErrors errors;
  private final java.time.Duration inclusionTimeout;

  Transactions(
      RpcConnection rpc,
      Credentials credentials,
      long chainId,
      ContractErrors errors,
      java.time.Duration inclusionTimeout) {
    this.rpc = rpc;
    this.credentials = credentials;
    this.chainId = chainId;
    this.errors = errors;
    this.inclusionTimeout = inclusionTimeout;
  }

  public String from() {
    return credentials.getAddress();
  }

  /**
   * Simulates, then sends {@code data} to {@code to} with {@code value} wei and waits until it is
   * in a block.
   *
   * @param what names the operation in messages ("create node contract on node 3")
   */
  public TransactionReceipt send(
      String to, String data, BigInteger value, String what, Progress.Listener progress)
      throws GridException {
    BigInteger before =
        rpc.send(
                rpc.web3j().ethGetBalance(from(), DefaultBlockParameterName.LATEST),
                "eth_getBalance")
            .getBalance();
    if (before.compareTo(value) < 0) {
      throw insufficient(what, before, value, BigInteger.ZERO);
    }
    simulate(to, data, value, what);
    EthEstimateGas estimate =
        rpc.send(
            rpc.web3j()
                .ethEstimateGas(
                    Transaction.createFunctionCallTransaction(
                        from(), null, BigInteger.ZERO, null, to, value, data)),
            "eth_estimateGas");
    if (estimate.hasError()) {
      throw failure(estimate.getError(), what);
    }
    BigInteger gas =
        new BigDecimal(estimate.getAmountUsed())
            .multiply(GAS_MARGIN)
            .toBigInteger()
            .add(GAS_HEADROOM);
    BigInteger gasPrice = rpc.send(rpc.web3j().ethGasPrice(), "eth_gasPrice").getGasPrice();
    BigInteger balance =
        rpc.send(
                rpc.web3j().ethGetBalance(from(), DefaultBlockParameterName.LATEST),
                "eth_getBalance")
            .getBalance();
    BigInteger needed = value.add(gas.multiply(gasPrice));
    if (balance.compareTo(needed) < 0) {
      throw insufficient(what, balance, value, gas.multiply(gasPrice));
    }
    BigInteger nonce =
        rpc.send(
                rpc.web3j().ethGetTransactionCount(from(), DefaultBlockParameterName.PENDING),
                "eth_getTransactionCount")
            .getTransactionCount();
    RawTransaction raw = RawTransaction.createTransaction(nonce, gasPrice, gas, to, value, data);
    String signed = Numeric.toHexString(TransactionEncoder.signMessage(raw, chainId, credentials));
    EthSendTransaction sent =
        rpc.send(rpc.web3j().ethSendRawTransaction(signed), "eth_sendRawTransaction");
    if (sent.hasError()) {
      String message = sent.getError().getMessage();
      if (message != null && message.contains("insufficient funds")) {
        throw new GridException.InsufficientFunds(what + ": " + message);
      }
      throw new GridException.Rejected(
          "TransactionRejected", java.util.List.of(), what + ": the node refused it: " + message);
    }
    String hash = sent.getTransactionHash();
    progress.on(Progress.SUBMITTED, hash);
    TransactionReceipt receipt = awaitReceipt(hash, what);
    progress.on(Progress.INCLUDED, receipt.getBlockNumber().toString());
    if (!receipt.isStatusOK()) {
      throw new GridException.Rejected(
          "Reverted",
          java.util.List.of(),
          what
              + ": transaction "
              + hash
              + " failed in block "
              + receipt.getBlockNumber()
              + " (gas used "
              + receipt.getGasUsed()
              + " of "
              + gas
              + ") although its simulation passed: the state changed in between, or it ran out"
              + " of gas; check the state and retry");
    }
    return receipt;
  }

  private GridException.InsufficientFunds insufficient(
      String what, BigInteger balance, BigInteger value, BigInteger gasCost) {
    return new GridException.InsufficientFunds(
        what
            + ": account "
            + from()
            + " has "
            + Wei.format(balance)
            + ", needs "
            + Wei.format(value)
            + (gasCost.signum() > 0 ? " + up to " + Wei.format(gasCost) + " gas" : " + gas")
            + ": send it at least "
            + Wei.format(value.add(gasCost).subtract(balance))
            + " more");
  }

  /** Runs the call with eth_call and throws the decoded revert, if any. */
  public void simulate(String to, String data, BigInteger value, String what) throws GridException {
    EthCall call =
        rpc.send(
            rpc.web3j()
                .ethCall(
                    Transaction.createFunctionCallTransaction(
                        from(), null, BigInteger.ZERO, null, to, value, data),
                    DefaultBlockParameterName.LATEST),
            "eth_call");
    if (call.hasError()) {
      throw failure(call.getError(), what);
    }
  }

  private GridException failure(org.web3j.protocol.core.Response.Error error, String what) {
    String message = error.getMessage() == null ? "" : error.getMessage();
    if (message.contains("insufficient funds")) {
      return new GridException.InsufficientFunds(
          what + ": account " + from() + " cannot pay: " + message);
    }
    return errors.decode(error.getData(), what);
  }

  private TransactionReceipt awaitReceipt(String hash, String what) throws GridException {
    long deadline = System.nanoTime() + inclusionTimeout.toNanos();
    long sleep = 50;
    while (System.nanoTime() < deadline) {
      EthGetTransactionReceipt r =
          rpc.send(rpc.web3j().ethGetTransactionReceipt(hash), "eth_getTransactionReceipt");
      Optional<TransactionReceipt> receipt = r.getTransactionReceipt();
      if (receipt.isPresent()) {
        return receipt.get();
      }
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      sleep = Math.min(sleep * 2, 1000);
    }
    throw new GridException.Timeout(
        what
            + ": transaction "
            + hash
            + " was sent but is not in a block after "
            + inclusionTimeout.toSeconds()
            + " s; it may still be included: check with grid contracts list before retrying");
  }
}
