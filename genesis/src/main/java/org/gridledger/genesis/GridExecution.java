package org.gridledger.genesis;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 * Runs transactions against the grid contracts in a {@link BuildState} through our EVM, as if in
 * blocks with gas price zero (so balances move by value only). Each successful transaction's
 * changes are written to the state at once; the EVM's working copy is renewed every {@link
 * #TRANSACTIONS_PER_WORKING_COPY} transactions so that its cache stays small. Any revert or halt
 * fails the build with the decoded reason.
 */
final class GridExecution {
  static final int TRANSACTIONS_PER_WORKING_COPY = 1_000;

  private final BuildState state;
  private final TransactionExecutor executor = TransactionExecutor.cancun();
  private final Map<GridContract, ContractArtifact> artifacts;
  private final GenesisConfig.Chain chain;
  private BlockEnv block;
  private JournaledState working;
  private int sinceRenewal;
  private long transactions;

  GridExecution(
      BuildState state,
      GenesisConfig.Chain chain,
      Map<GridContract, ContractArtifact> artifacts,
      long timestamp) {
    this.state = state;
    this.chain = chain;
    this.artifacts = new EnumMap<>(artifacts);
    at(timestamp);
  }

  /** Places the runtime bytecode of every grid contract at its address (nonce 1, EIP-161). */
  static Map<GridContract, ContractArtifact> deploy(BuildState state) {
    Map<GridContract, ContractArtifact> artifacts = new EnumMap<>(GridContract.class);
    for (GridContract c : GridContract.values()) {
      ContractArtifact a = ContractArtifact.load(c);
      artifacts.put(c, a);
      state.put(c.address(), 1, UInt256.ZERO, a.deployedBytecode());
    }
    return artifacts;
  }

  ContractAbi abi(GridContract contract) {
    return artifacts.get(contract).abi();
  }

  /** Later transactions run in a block with this timestamp. */
  void at(long timestamp) {
    block =
        BlockEnv.cancun(
            Address.ZERO,
            0,
            timestamp,
            chain.gasLimit(),
            UInt256.ZERO,
            Hash.ZERO,
            0,
            chain.chainId());
    working = new JournaledState(state);
    sinceRenewal = 0;
  }

  long transactions() {
    return transactions;
  }

  /**
   * Sends {@code function(args)} to {@code contract} from {@code sender} with {@code value} and
   * returns the decoded return values.
   *
   * @throws GenesisBuildException if the transaction is invalid, reverts or halts
   */
  List<Object> send(
      Address sender, GridContract contract, UInt256 value, String function, Object... args) {
    if (sinceRenewal == TRANSACTIONS_PER_WORKING_COPY) {
      working = new JournaledState(state);
      sinceRenewal = 0;
    }
    ContractAbi.Function f = abi(contract).function(function);
    TxEnv tx =
        TxEnv.legacy(
            sender,
            contract.address(),
            working.nonce(sender),
            value,
            f.encodeCall(args),
            chain.gasLimit(),
            UInt256.ZERO);
    TransactionResult result = executor.execute(working, block, tx);
    byte[] output = outcome(contract, f, sender, result);
    if (result instanceof TransactionResult.Executed executed) {
      state.apply(executed.changes());
    }
    sinceRenewal++;
    transactions++;
    return f.decodeOutput(output);
  }

  /** Calls a view function: the state is not changed. */
  List<Object> view(GridContract contract, String function, Object... args) {
    ContractAbi.Function f = abi(contract).function(function);
    JournaledState scratch = new JournaledState(state);
    Address caller = Address.ZERO;
    TxEnv tx =
        TxEnv.legacy(
            caller,
            contract.address(),
            scratch.nonce(caller),
            UInt256.ZERO,
            f.encodeCall(args),
            chain.gasLimit(),
            UInt256.ZERO);
    return f.decodeOutput(outcome(contract, f, caller, executor.execute(scratch, block, tx)));
  }

  /** The revert reason, looking custom errors up in the called contract first, then the others. */
  private String describeRevert(GridContract contract, byte[] output) {
    List<ContractAbi> abis = new java.util.ArrayList<>();
    abis.add(abi(contract));
    artifacts.values().forEach(a -> abis.add(a.abi()));
    return ContractAbi.describeRevert(output, abis);
  }

  private byte[] outcome(
      GridContract contract, ContractAbi.Function f, Address sender, TransactionResult result) {
    String call = contract.contractName() + "." + f.name() + " from " + sender;
    return switch (result) {
      case TransactionResult.Invalid invalid ->
          throw new GenesisBuildException(
              call + " is not a valid transaction: " + invalid.reason());
      case TransactionResult.Executed executed ->
          switch (executed.result()) {
            case ExecResult.Success s -> s.output();
            case ExecResult.Revert r ->
                throw new GenesisBuildException(
                    call + " reverted: " + describeRevert(contract, r.output()));
            case ExecResult.Halt h ->
                throw new GenesisBuildException(call + " halted: " + h.reason());
          };
    };
  }
}
