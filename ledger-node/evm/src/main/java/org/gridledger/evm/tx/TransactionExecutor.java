package org.gridledger.evm.tx;

import java.math.BigInteger;
import java.util.List;
import org.gridledger.evm.env.AccessListEntry;
import org.gridledger.evm.env.BlobGas;
import org.gridledger.evm.env.BlockEnv;
import org.gridledger.evm.env.TxEnv;
import org.gridledger.evm.gas.GasCosts;
import org.gridledger.evm.gas.IntrinsicGas;
import org.gridledger.evm.interpreter.CallExecutor;
import org.gridledger.evm.interpreter.CallRequest;
import org.gridledger.evm.interpreter.Host;
import org.gridledger.evm.interpreter.Opcodes;
import org.gridledger.evm.interpreter.Status;
import org.gridledger.evm.precompile.Precompiles;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.state.StateChanges;
import org.gridledger.evm.tracing.OperationTracer;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.Log;
import org.gridledger.evm.types.UInt256;

/**
 * Executes one transaction under the Cancun rules in revm's four phases:
 *
 * <ol>
 *   <li>{@link #validate}: checks against the block and the sender's account, changing nothing; an
 *       invalid transaction returns {@link TransactionResult.Invalid};
 *   <li>{@code preExecute}: buys the gas (and the blob gas), bumps the nonce, warms the sender,
 *       recipient, coinbase (EIP-3651), precompiles and access list (EIP-2929, EIP-2930);
 *   <li>{@code execute}: runs the message through the {@link CallExecutor};
 *   <li>{@code postExecute}: applies the refund (capped at a fifth of the gas used, EIP-3529),
 *       returns unused gas to the sender, pays the coinbase the priority fee (the base fee and the
 *       blob fee are burnt), and ends the transaction in the {@link JournaledState}.
 * </ol>
 *
 * <p>To run a block, create one {@link JournaledState} over the state at the start of the block and
 * call {@link #execute} for each transaction in order; each result carries the changes of that
 * transaction alone (see {@link JournaledState}). An executor serves one thread at a time.
 */
public final class TransactionExecutor {
  private final Precompiles precompiles;
  private final CallExecutor calls = new CallExecutor();

  public TransactionExecutor(Precompiles precompiles) {
    this.precompiles = precompiles;
  }

  /** Cancun rules with the Cancun precompiles. */
  public static TransactionExecutor cancun() {
    return new TransactionExecutor(Precompiles.cancun());
  }

  public TransactionResult execute(JournaledState state, BlockEnv block, TxEnv tx) {
    return execute(state, block, tx, null);
  }

  /**
   * Validates and executes {@code tx} on {@code state}.
   *
   * @param tracer receives every step, or {@code null}
   */
  public TransactionResult execute(
      JournaledState state, BlockEnv block, TxEnv tx, OperationTracer tracer) {
    String invalid = validate(state, block, tx);
    if (invalid != null) {
      return new TransactionResult.Invalid(invalid);
    }
    try {
      UInt256 gasPrice = effectiveGasPrice(block, tx);
      long intrinsic = intrinsicGas(tx);
      preExecute(state, block, tx, gasPrice);
      Host host =
          new Host(
              state, block, tx.sender(), gasPrice, tx.blobVersionedHashes(), precompiles, tracer);
      CallExecutor.Result r = calls.execute(host, message(tx, tx.gasLimit() - intrinsic));
      return postExecute(state, block, tx, gasPrice, r, tracer);
    } catch (RuntimeException | Error e) {
      state.discardTransaction();
      throw e;
    }
  }

  // ---------------------------------------------------------------- validate

  /**
   * Checks everything that makes a transaction unacceptable in this block on this state; returns
   * the reason, or {@code null} if it is valid. Changes nothing.
   */
  public static String validate(JournaledState state, BlockEnv block, TxEnv tx) {
    if (tx.type() < 0 || tx.type() > 3) {
      return "transaction type " + tx.type() + " not supported";
    }
    if (tx.gasLimit() < 0 || tx.gasLimit() > block.gasLimit()) {
      return "gas limit " + Long.toUnsignedString(tx.gasLimit()) + " exceeds block gas limit";
    }
    if (tx.maxFeePerGas().compareTo(block.baseFee()) < 0) {
      return "max fee per gas below the block base fee";
    }
    if (tx.maxPriorityFeePerGas().compareTo(tx.maxFeePerGas()) > 0) {
      return "max priority fee per gas above max fee per gas";
    }
    String blobProblem = validateBlobs(block, tx);
    if (blobProblem != null) {
      return blobProblem;
    }
    if (tx.isCreate() && tx.data().length > IntrinsicGas.MAX_INIT_CODE_SIZE) {
      return "init code of " + tx.data().length + " bytes exceeds the EIP-3860 limit";
    }
    long intrinsic = intrinsicGas(tx);
    if (Long.compareUnsigned(intrinsic, tx.gasLimit()) > 0) {
      return "intrinsic gas " + intrinsic + " exceeds gas limit " + tx.gasLimit();
    }
    if (tx.nonce() == -1L) {
      return "nonce at its maximum 2^64-1 (EIP-2681)";
    }
    long accountNonce = state.nonce(tx.sender());
    if (tx.nonce() != accountNonce) {
      return "nonce "
          + Long.toUnsignedString(tx.nonce())
          + " but the sender's nonce is "
          + Long.toUnsignedString(accountNonce);
    }
    if (!state.codeHash(tx.sender()).equals(Keccak.EMPTY)) {
      return "sender has code (EIP-3607)";
    }
    BigInteger required =
        BigInteger.valueOf(tx.gasLimit())
            .multiply(tx.maxFeePerGas().toBigInteger())
            .add(tx.value().toBigInteger())
            .add(
                BigInteger.valueOf(BlobGas.gasOf(tx.blobVersionedHashes().size()))
                    .multiply(tx.maxFeePerBlobGas().toBigInteger()));
    if (state.balance(tx.sender()).toBigInteger().compareTo(required) < 0) {
      return "insufficient funds: balance below gas limit * max fee + value + blob fees";
    }
    return null;
  }

  private static String validateBlobs(BlockEnv block, TxEnv tx) {
    List<Hash> hashes = tx.blobVersionedHashes();
    if (tx.type() != 3) {
      return hashes.isEmpty() ? null : "blob hashes in a transaction of type " + tx.type();
    }
    if (tx.isCreate()) {
      return "blob transaction may not create a contract (EIP-4844)";
    }
    if (hashes.isEmpty()) {
      return "blob transaction without blobs";
    }
    if (hashes.size() > GasCosts.MAX_BLOBS_PER_BLOCK) {
      return "blob transaction with " + hashes.size() + " blobs (max 6)";
    }
    for (Hash h : hashes) {
      if (h.unsafeBytes()[0] != GasCosts.VERSIONED_HASH_VERSION_KZG) {
        return "blob versioned hash " + h + " does not have version 0x01";
      }
    }
    if (tx.maxFeePerBlobGas().compareTo(block.blobBaseFee()) < 0) {
      return "max fee per blob gas below the blob base fee";
    }
    return null;
  }

  private static long intrinsicGas(TxEnv tx) {
    return IntrinsicGas.of(
        tx.data(), tx.isCreate(), tx.accessList().size(), tx.accessListStorageKeys());
  }

  /** min(maxFeePerGas, baseFee + maxPriorityFeePerGas) (EIP-1559); legacy: the gas price. */
  static UInt256 effectiveGasPrice(BlockEnv block, TxEnv tx) {
    BigInteger cap = tx.maxFeePerGas().toBigInteger();
    BigInteger withTip =
        block.baseFee().toBigInteger().add(tx.maxPriorityFeePerGas().toBigInteger());
    return UInt256.of(cap.min(withTip));
  }

  // ---------------------------------------------------------------- pre-execute

  private void preExecute(JournaledState state, BlockEnv block, TxEnv tx, UInt256 gasPrice) {
    Address sender = tx.sender();
    BigInteger upfront =
        BigInteger.valueOf(tx.gasLimit())
            .multiply(gasPrice.toBigInteger())
            .add(
                BigInteger.valueOf(BlobGas.gasOf(tx.blobVersionedHashes().size()))
                    .multiply(block.blobBaseFee().toBigInteger()));
    state.subBalance(sender, UInt256.of(upfront));
    if (!tx.isCreate()) {
      // A creation bumps the nonce when it derives the new address (CallExecutor).
      state.incrementNonce(sender);
    }
    state.warmAccount(sender);
    if (tx.to() != null) {
      state.warmAccount(tx.to());
    }
    state.warmAccount(block.coinbase()); // EIP-3651
    for (Address p : precompiles.addresses()) {
      state.warmAccount(p);
    }
    for (AccessListEntry e : tx.accessList()) {
      state.warmAccount(e.address());
      for (UInt256 key : e.storageKeys()) {
        state.warmSlot(e.address(), key);
      }
    }
  }

  private static CallRequest message(TxEnv tx, long gas) {
    if (tx.isCreate()) {
      return new CallRequest.Create(
          Opcodes.CREATE, tx.sender(), tx.value(), tx.data(), gas, null, null);
    }
    return new CallRequest.Call(
        Opcodes.CALL, tx.sender(), tx.to(), tx.to(), tx.value(), tx.data(), gas, false, 0, 0);
  }

  // ---------------------------------------------------------------- post-execute

  private static TransactionResult postExecute(
      JournaledState state,
      BlockEnv block,
      TxEnv tx,
      UInt256 gasPrice,
      CallExecutor.Result r,
      OperationTracer tracer) {
    long gasLeft = r.gasLeft();
    long gasUsedBeforeRefund = tx.gasLimit() - gasLeft;
    long refund =
        r.isSuccess()
            ? Math.max(0, Math.min(r.refund(), gasUsedBeforeRefund / GasCosts.MAX_REFUND_QUOTIENT))
            : 0;
    gasLeft += refund;
    long gasUsed = tx.gasLimit() - gasLeft;
    state.addBalance(
        tx.sender(), UInt256.of(BigInteger.valueOf(gasLeft).multiply(gasPrice.toBigInteger())));
    BigInteger tip = gasPrice.toBigInteger().subtract(block.baseFee().toBigInteger());
    state.addBalance(block.coinbase(), UInt256.of(BigInteger.valueOf(gasUsed).multiply(tip)));

    ExecResult result;
    if (r.isSuccess()) {
      result = new ExecResult.Success(r.output());
    } else if (r.status() == Status.REVERT) {
      result = new ExecResult.Revert(r.output());
    } else {
      result = new ExecResult.Halt(r.status());
    }
    List<Log> logs = state.logs();
    StateChanges changes = state.commitTransaction();
    if (tracer != null) {
      tracer.onTransactionEnd(r.isSuccess(), gasUsed, r.output());
    }
    return new TransactionResult.Executed(
        result,
        gasUsed,
        refund,
        BlobGas.gasOf(tx.blobVersionedHashes().size()),
        logs,
        r.createdAddress(),
        changes);
  }
}
