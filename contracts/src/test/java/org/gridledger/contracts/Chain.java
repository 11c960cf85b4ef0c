package org.gridledger.contracts;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.http.HttpService;

/**
 * The chain under test, reached only through JSON-RPC: standard calls through Web3j, plus the
 * development methods the suite needs (snapshot and revert, time travel, balances). anvil serves
 * all of them, and so does {@code gridledger dev} (its dev namespace, docs/rpc.md).
 */
final class Chain {
  private final HttpService service;
  private final Web3j web3j;
  private final long chainId;

  Chain(String url) {
    this.service = new HttpService(url);
    this.web3j = Web3j.build(service);
    try {
      this.chainId = web3j.ethChainId().send().getChainId().longValueExact();
    } catch (IOException e) {
      throw new IllegalStateException("eth_chainId failed", e);
    }
  }

  /** The chain id the node reports (eth_chainId), which transactions are signed for. */
  long chainId() {
    return chainId;
  }

  Web3j web3j() {
    return web3j;
  }

  /** Sets an account's balance (anvil_setBalance). */
  void setBalance(String address, BigInteger wei) {
    call("anvil_setBalance", address, "0x" + wei.toString(16));
  }

  BigInteger balance(String address) {
    try {
      return web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Moves the clock forward and mines one block, so the next transaction sees the new time. */
  void advance(long seconds) {
    call("evm_increaseTime", seconds);
    mine();
  }

  void mine() {
    call("evm_mine");
  }

  /** Mines {@code blocks} empty blocks. */
  void mine(long blocks) {
    call("anvil_mine", "0x" + Long.toHexString(blocks));
  }

  long blockNumber() {
    try {
      return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The timestamp of the latest block. */
  long now() {
    return latestBlock().getTimestamp().longValueExact();
  }

  /** The timestamp of block {@code number}. */
  long timestampOf(BigInteger number) {
    try {
      return web3j
          .ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameter.valueOf(number), false)
          .send()
          .getBlock()
          .getTimestamp()
          .longValueExact();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String snapshot() {
    return (String) call("evm_snapshot");
  }

  void revert(String snapshotId) {
    Object reverted = call("evm_revert", snapshotId);
    if (!Boolean.TRUE.equals(reverted)) {
      throw new IllegalStateException("evm_revert " + snapshotId + " answered " + reverted);
    }
  }

  private EthBlock.Block latestBlock() {
    try {
      return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Object call(String method, Object... params) {
    try {
      RawResponse response =
          new Request<>(method, Arrays.asList(params), service, RawResponse.class).send();
      if (response.hasError()) {
        throw new IllegalStateException(method + " failed: " + response.getError().getMessage());
      }
      return response.getResult();
    } catch (IOException e) {
      throw new IllegalStateException(method + " failed", e);
    }
  }

  void shutdown() {
    web3j.shutdown();
  }

  /** A JSON-RPC response whose result is left as parsed JSON. */
  public static final class RawResponse extends Response<Object> {}
}
