package org.gridledger.core.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.block.BlockRoots;
import org.gridledger.core.block.FeeRules;
import org.gridledger.core.block.Withdrawal;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.tx.BlobTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.tx.TransactionValidator;
import org.gridledger.core.tx.ValidationResult;
import org.gridledger.evm.env.BlockEnv;
import org.gridledger.evm.env.TxEnv;
import org.gridledger.evm.interpreter.CallExecutor;
import org.gridledger.evm.interpreter.CallRequest;
import org.gridledger.evm.interpreter.Host;
import org.gridledger.evm.interpreter.Opcodes;
import org.gridledger.evm.precompile.Precompiles;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.state.StateChanges;
import org.gridledger.evm.state.StateReader;
import org.gridledger.evm.tx.TransactionExecutor;
import org.gridledger.evm.tx.TransactionResult;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;

/**
 * Executes blocks under the Cancun rules, post-merge: the EIP-4788 beacon-roots system call, on BFT
 * chains at epoch ends the {@code Staking.electValidators()} system call, the transactions in
 * order, then the EIP-4895 withdrawals. There is no block reward. The executor checks that each
 * transaction may be included (static rules, chain id, block gas and blob gas left, and the EVM's
 * state checks) but not the header commitments; {@link Blockchain} compares the result with the
 * header.
 *
 * <p>One block at a time, on one thread: {@link #begin} starts a {@link Run} that owns the executor
 * until {@link Run#finish}. The block producer uses the same {@code Run} and skips transactions
 * that come back {@link TransactionOutcome.Rejected}.
 */
public final class BlockExecutor {
  /** EIP-4788: the contract that keeps recent beacon roots, called at the start of each block. */
  public static final Address BEACON_ROOTS_ADDRESS =
      Address.fromHex("0x000F3df6D732807Ef1319fB7B8bB8522d0Beac02");

  /** EIP-4788: the caller of system calls. */
  public static final Address SYSTEM_ADDRESS =
      Address.fromHex("0xfffffffffffffffffffffffffffffffffffffffe");

  /** EIP-4788: gas given to the system call; not charged to anyone, not counted in the block. */
  public static final long SYSTEM_CALL_GAS = 30_000_000L;

  /**
   * Call data of {@code Staking.electValidators()}: its 4-byte selector, {@code
   * keccak256("electValidators()")[0:4]}. On BFT chains ({@link ChainConfig#bftParams()}) the last
   * block of every epoch starts with this system call, after the beacon-roots call and before its
   * transactions (docs/consensus.md, "Epochs and validator-set changes").
   */
  private static final byte[] ELECT_VALIDATORS =
      java.util.Arrays.copyOf(
          org.gridledger.evm.types.Keccak.of(
                  "electValidators()".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
              .toArray(),
          4);

  private final ChainConfig config;
  private final TransactionValidator validator;
  private final Precompiles precompiles = Precompiles.cancun();
  private final TransactionExecutor transactions = new TransactionExecutor(precompiles);
  private final CallExecutor systemCalls = new CallExecutor();

  public BlockExecutor(ChainConfig config) {
    this.config = config;
    this.validator = new TransactionValidator(config.chainId());
  }

  public ChainConfig config() {
    return config;
  }

  /**
   * Starts executing a block with the environment of {@code header} (coinbase, number, timestamp,
   * gas limit, base fee, PREVRANDAO, excess blob gas, parent beacon root) on {@code state}, the
   * state after the parent. Runs the EIP-4788 system call if the header has a parent beacon root
   * and the beacon roots contract has code. Only those header fields are read, so a block producer
   * may pass a header whose roots are still placeholders.
   */
  public Run begin(BlockHeader header, StateReader state) {
    return new Run(header, state);
  }

  /** A block in progress. */
  public final class Run {
    private final BlockHeader header;
    private final BlockEnv env;
    private final JournaledState state;
    private final List<Receipt> receipts = new ArrayList<>();
    private final List<Address> senders = new ArrayList<>();
    private final List<StateChanges> changes = new ArrayList<>();
    private long gasUsed;
    private long blobGasUsed;
    private boolean finished;

    private Run(BlockHeader header, StateReader reader) {
      this.header = header;
      this.env = EvmInputs.blockEnv(header, config.chainId());
      this.state = new JournaledState(reader);
      Hash beaconRoot = header.parentBeaconBlockRoot();
      if (beaconRoot != null) {
        beaconRootsCall(beaconRoot);
      }
      BftParams bft = config.bftParams();
      if (bft != null && bft.isEpochLast(header.number())) {
        systemCall(bft.staking(), ELECT_VALIDATORS);
      }
    }

    /**
     * EIP-4788: calls the beacon roots contract as {@link #SYSTEM_ADDRESS} with the root as input
     * and 30M gas, at no cost and outside the block's gas; skipped when the contract has no code.
     * Whatever the call does (even failing) is not an error.
     */
    private void beaconRootsCall(Hash beaconRoot) {
      systemCall(BEACON_ROOTS_ADDRESS, beaconRoot.toArray());
    }

    /**
     * A system call in the EIP-4788 pattern: {@code input} to {@code target} from {@link
     * #SYSTEM_ADDRESS} with {@link #SYSTEM_CALL_GAS}, outside the block's gas and charged to
     * nobody; skipped when the target has no code. A revert or failure is not an error of the block
     * (the state is then unchanged, as for any reverted call), so every node computes the same
     * state.
     */
    private void systemCall(Address target, byte[] input) {
      if (state.code(target).length == 0) {
        return;
      }
      Host host = new Host(state, env, SYSTEM_ADDRESS, UInt256.ZERO, List.of(), precompiles, null);
      state.warmAccount(target);
      systemCalls.execute(
          host,
          new CallRequest.Call(
              Opcodes.CALL,
              SYSTEM_ADDRESS,
              target,
              target,
              UInt256.ZERO,
              input,
              SYSTEM_CALL_GAS,
              false,
              0,
              0));
      changes.add(state.commitTransaction());
    }

    public BlockEnv env() {
      return env;
    }

    /** Gas used by the transactions included so far. */
    public long gasUsed() {
      return gasUsed;
    }

    /** Gas the block can still give to transactions. */
    public long gasLeft() {
      return header.gasLimit() - gasUsed;
    }

    /** Blob gas of the transactions included so far. */
    public long blobGasUsed() {
      return blobGasUsed;
    }

    /** Receipts of the transactions included so far. */
    public List<Receipt> receipts() {
      return List.copyOf(receipts);
    }

    /** Applies {@code tx}, recovering its sender. */
    public TransactionOutcome apply(Transaction tx) {
      return apply(tx, tx.sender().orElse(null));
    }

    /**
     * Applies {@code tx} sent by {@code sender} (already recovered by the caller; {@code null} if
     * no sender recovers). A rejected transaction changes nothing.
     */
    public TransactionOutcome apply(Transaction tx, Address sender) {
      ensureRunning();
      if (sender == null) {
        return new TransactionOutcome.Rejected(
            InvalidReason.TX_SIGNATURE, "no sender recovers from the signature");
      }
      long blobGas = tx instanceof BlobTransaction blob ? blob.blobGas() : 0;
      long blobGasLeft = FeeRules.MAX_BLOB_GAS_PER_BLOCK - blobGasUsed;
      String problem = null;
      if (validator.validate(tx) instanceof ValidationResult.Invalid invalid) {
        problem = invalid.reason();
      } else if (Long.compareUnsigned(tx.gasLimit(), gasLeft()) > 0) {
        problem = "gas limit above the gas left in the block";
      } else if (blobGas > blobGasLeft) {
        problem = "blob gas above the blob gas left in the block";
      }
      TxEnv txEnv = EvmInputs.txEnv(tx, sender);
      if (problem == null) {
        TransactionResult result = transactions.execute(state, env, txEnv);
        switch (result) {
          case TransactionResult.Executed executed -> {
            gasUsed += executed.gasUsed();
            blobGasUsed += executed.blobGasUsed();
            Receipt receipt = Receipt.of(tx.type(), executed.isSuccess(), gasUsed, executed.logs());
            receipts.add(receipt);
            senders.add(sender);
            changes.add(executed.changes());
            return new TransactionOutcome.Included(receipt, executed);
          }
          case TransactionResult.Invalid invalid -> problem = invalid.reason();
        }
      }
      Optional<TransactionRules.Violation> violation =
          TransactionRules.firstViolation(tx, sender, state, env, gasLeft(), blobGasLeft);
      return violation
          .map(v -> new TransactionOutcome.Rejected(v.reason(), v.detail()))
          .orElse(new TransactionOutcome.Rejected(InvalidReason.TX_OTHER, problem));
    }

    /**
     * Applies the withdrawals (EIP-4895: each credits {@code amount} gwei to its address, even
     * zero, which touches the account) and ends the block.
     *
     * @param withdrawals {@code null} for none (a pre-Shanghai body)
     */
    public BlockExecutionResult finish(List<Withdrawal> withdrawals) {
      ensureRunning();
      finished = true;
      if (withdrawals != null && !withdrawals.isEmpty()) {
        for (Withdrawal w : withdrawals) {
          state.addBalance(w.address(), w.amountWei());
        }
        changes.add(state.commitTransaction());
      }
      return new BlockExecutionResult(
          receipts, senders, gasUsed, blobGasUsed, BlockRoots.logsBloom(receipts), changes);
    }

    private void ensureRunning() {
      if (finished) {
        throw new IllegalStateException("block execution already finished");
      }
    }
  }
}
