package org.gridledger.genesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.chain.ImportResult;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.tx.DynamicFeeTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.env.BlockEnv;
import org.gridledger.evm.env.TxEnv;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.tx.ExecResult;
import org.gridledger.evm.tx.TransactionExecutor;
import org.gridledger.evm.tx.TransactionResult;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;
import org.gridledger.genesis.abi.ContractAbi;

/**
 * A chain initialised from a genesis file through {@link Blockchain#initialize}, with
 * eth_call-style reads of the grid contracts and blocks of signed transactions built by {@link
 * BlockBuilder} and imported.
 */
final class GridChain implements AutoCloseable {
  final InMemoryKeyValueStore store = new InMemoryKeyValueStore();
  final Blockchain chain;
  private final long chainId;

  GridChain(byte[] genesisJson) {
    this(genesisJson, null);
  }

  /** A chain from {@code genesisJson} run under {@code config} (the file's own if null). */
  GridChain(byte[] genesisJson, org.gridledger.core.chain.ChainConfig config) {
    GenesisJson.Loaded loaded =
        GenesisJson.read(new java.io.ByteArrayInputStream(genesisJson), "test genesis");
    chainId = loaded.config().chainId();
    chain =
        Blockchain.initialize(store, config == null ? loaded.config() : config, loaded.genesis());
  }

  static ContractAbi abi(GridContract c) {
    return ContractArtifact.load(c).abi();
  }

  /** Runs a view function on the head state, as eth_call does. */
  List<Object> call(GridContract contract, String function, Object... args) {
    ContractAbi.Function f = abi(contract).function(function);
    BlockHeader head = chain.head();
    JournaledState state = new JournaledState(chain.stateAfter(head, chain.headHash()));
    BlockEnv env =
        BlockEnv.cancun(
            Address.ZERO,
            head.number(),
            head.timestamp(),
            head.gasLimit(),
            UInt256.ZERO,
            Hash.ZERO,
            0,
            chainId);
    TransactionResult r =
        TransactionExecutor.cancun()
            .execute(
                state,
                env,
                TxEnv.legacy(
                    Address.ZERO,
                    contract.address(),
                    state.nonce(Address.ZERO),
                    UInt256.ZERO,
                    f.encodeCall(args),
                    10_000_000,
                    UInt256.ZERO));
    assertThat(r).isInstanceOf(TransactionResult.Executed.class);
    ExecResult result = ((TransactionResult.Executed) r).result();
    assertThat(result)
        .as(() -> abi(contract).describeRevert(result.output()))
        .isInstanceOf(ExecResult.Success.class);
    return f.decodeOutput(result.output());
  }

  Object call1(GridContract contract, String function, Object... args) {
    return call(contract, function, args).get(0);
  }

  /** A signed EIP-1559 call of {@code function} on {@code contract}. */
  Transaction tx(
      PrivateKey key,
      long nonce,
      GridContract contract,
      UInt256 value,
      String function,
      Object... args) {
    return new DynamicFeeTransaction(
            UInt256.of(chainId),
            nonce,
            UInt256.of(1_000_000_000L),
            UInt256.of(10_000_000_000L),
            3_000_000,
            Optional.of(contract.address()),
            value,
            abi(contract).function(function).encodeCall(args),
            List.of(),
            0,
            UInt256.ZERO,
            UInt256.ZERO)
        .sign(key);
  }

  /** Builds a block of {@code txs} at {@code timestamp}, imports it and returns the receipts. */
  List<Receipt> block(long timestamp, List<Transaction> txs) {
    BlockBuilder.Built built =
        new BlockBuilder(chain)
            .build(
                chain.headHash(),
                new BlockBuilder.Attributes(
                    Address.ZERO,
                    timestamp,
                    chain.head().gasLimit(),
                    Hash.ZERO,
                    Hash.ZERO,
                    new byte[0]),
                new ArrayList<>(txs));
    assertThat(built.skipped()).isEmpty();
    assertThat(chain.importBlock(built.block())).isInstanceOf(ImportResult.Imported.class);
    return built.receipts();
  }

  @Override
  public void close() {
    store.close();
  }
}
