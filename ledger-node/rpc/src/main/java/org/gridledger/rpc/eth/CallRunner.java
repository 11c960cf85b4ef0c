package org.gridledger.rpc.eth;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.EvmInputs;
import org.gridledger.core.tx.AccessListEntry;
import org.gridledger.evm.env.BlockEnv;
import org.gridledger.evm.env.TxEnv;
import org.gridledger.evm.interpreter.Status;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.state.StateReader;
import org.gridledger.evm.tracing.OperationTracer;
import org.gridledger.evm.tx.ExecResult;
import org.gridledger.evm.tx.TransactionExecutor;
import org.gridledger.evm.tx.TransactionResult;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;
import org.gridledger.rpc.RpcError;
import org.gridledger.rpc.RpcException;

/**
 * Runs calls that are not transactions ({@code eth_call}, {@code eth_estimateGas}, {@code
 * debug_traceCall}) as geth's {@code doCall} does: the sender's nonce is not checked (the call
 * takes the account's nonce), and a call without fee fields runs with a zero gas price and a zero
 * base fee (geth's {@code NoBaseFee}), so an unfunded sender can call.
 *
 * <p>As in geth's {@code applyMessage}, a fee-less call runs with the context's base fee (BASEFEE)
 * lowered to 0. Deviations, forced by the executor validating like a block would: the block
 * environment's gas limit is raised to the call's gas when that is higher (GASLIMIT then reads the
 * raised value), and, since geth lets a contract be the sender of a call (it skips the EIP-3607
 * check), a sender with code is shown to the call without its code (EXTCODESIZE and friends on the
 * sender read empty during the call; a call to the sender itself keeps the code and is refused).
 */
final class CallRunner {
  private final long chainId;
  private final long gasCap;

  CallRunner(long chainId, long gasCap) {
    this.chainId = chainId;
    this.gasCap = gasCap;
  }

  /** The gas a call runs with: as asked (capped), or the cap. */
  long callGas(CallArgs args) {
    return Math.min(args.gas().orElse(gasCap), gasCap);
  }

  /** Runs {@code args} with {@code gas} on {@code reader} in the block {@code header}. */
  TransactionResult run(
      StateReader reader, BlockHeader header, CallArgs args, long gas, OperationTracer tracer) {
    boolean fees = args.hasFees();
    BlockEnv base = EvmInputs.blockEnv(header, chainId);
    BlockEnv env =
        new BlockEnv(
            base.coinbase(),
            base.number(),
            base.timestamp(),
            Math.max(base.gasLimit(), gas),
            fees ? base.baseFee() : UInt256.ZERO,
            base.prevRandao(),
            base.excessBlobGas(),
            args.blobVersionedHashes().isEmpty() || args.maxFeePerBlobGas().isPresent()
                ? base.blobBaseFee()
                : UInt256.ZERO,
            base.chainId());
    Address from = args.from().orElse(Address.ZERO);
    JournaledState state =
        new JournaledState(withoutSenderCode(reader, from, args.to().orElse(null)));
    UInt256 maxFee;
    UInt256 tip;
    int type;
    if (args.gasPrice().isPresent()) {
      maxFee = UInt256.of(args.gasPrice().get());
      tip = maxFee;
      type = args.accessList().isPresent() ? 1 : 0;
    } else {
      maxFee = UInt256.of(args.maxFeePerGas().orElse(BigInteger.ZERO));
      tip = UInt256.of(args.maxPriorityFeePerGas().orElse(BigInteger.ZERO));
      if (args.maxFeePerGas().isEmpty() && args.maxPriorityFeePerGas().isPresent()) {
        maxFee = tip.add(env.baseFee());
      }
      type = args.blobVersionedHashes().isEmpty() ? 2 : 3;
    }
    TxEnv tx =
        new TxEnv(
            type,
            from,
            args.to().orElse(null),
            state.nonce(from),
            UInt256.of(args.value().orElse(BigInteger.ZERO)),
            args.input(),
            gas,
            maxFee,
            tip,
            accessList(args.accessList().orElse(List.of())),
            args.blobVersionedHashes(),
            UInt256.of(args.maxFeePerBlobGas().orElse(BigInteger.ZERO)));
    return TransactionExecutor.cancun().execute(state, env, tx, tracer);
  }

  /** {@code reader} with {@code sender}'s code hidden (see the class comment), if it has code. */
  private static StateReader withoutSenderCode(StateReader reader, Address sender, Address to) {
    org.gridledger.evm.state.AccountInfo info = reader.account(sender);
    if (info == null
        || info.codeHash().equals(org.gridledger.evm.types.Keccak.EMPTY)
        || sender.equals(to)) {
      return reader;
    }
    org.gridledger.evm.state.AccountInfo shown =
        new org.gridledger.evm.state.AccountInfo(
            info.nonce(), info.balance(), org.gridledger.evm.types.Keccak.EMPTY);
    return new StateReader() {
      @Override
      public org.gridledger.evm.state.AccountInfo account(Address address) {
        return address.equals(sender) ? shown : reader.account(address);
      }

      @Override
      public byte[] code(Hash codeHash) {
        return reader.code(codeHash);
      }

      @Override
      public UInt256 storage(Address address, UInt256 key) {
        return reader.storage(address, key);
      }

      @Override
      public boolean hasStorage(Address address) {
        return reader.hasStorage(address);
      }

      @Override
      public Hash blockHash(long number) {
        return reader.blockHash(number);
      }
    };
  }

  static List<org.gridledger.evm.env.AccessListEntry> accessList(List<AccessListEntry> entries) {
    List<org.gridledger.evm.env.AccessListEntry> out = new ArrayList<>();
    for (AccessListEntry e : entries) {
      List<UInt256> keys = new ArrayList<>();
      for (Hash k : e.storageKeys()) {
        keys.add(UInt256.fromBytes(k.unsafeBytes()));
      }
      out.add(new org.gridledger.evm.env.AccessListEntry(e.address(), keys));
    }
    return out;
  }

  /** The output of a successful call, or the error geth returns for a failed one. */
  static byte[] outputOrThrow(TransactionResult result) {
    return switch (result) {
      case TransactionResult.Invalid invalid ->
          throw new RpcException(new RpcError.ServerError(invalid.reason()));
      case TransactionResult.Executed executed ->
          switch (executed.result()) {
            case ExecResult.Success s -> s.output();
            case ExecResult.Revert r ->
                throw new RpcException(RpcError.executionReverted(r.output()));
            case ExecResult.Halt h ->
                throw new RpcException(new RpcError.ServerError(haltMessage(h.status())));
          };
    };
  }

  /** geth's texts for the EVM's exceptional halts ({@code core/vm/errors.go}). */
  static String haltMessage(int status) {
    return switch (status) {
      case Status.OUT_OF_GAS -> "out of gas";
      case Status.CODE_STORE_OUT_OF_GAS -> "contract creation code storage out of gas";
      case Status.DEPTH_LIMIT -> "max call depth exceeded";
      case Status.INSUFFICIENT_BALANCE -> "insufficient balance for transfer";
      case Status.CREATE_COLLISION -> "contract address collision";
      case Status.CODE_SIZE_LIMIT -> "max code size exceeded";
      case Status.INIT_CODE_SIZE_LIMIT -> "max initcode size exceeded";
      case Status.INVALID_JUMP -> "invalid jump destination";
      case Status.STATIC_STATE_CHANGE -> "write protection";
      case Status.RETURN_DATA_OUT_OF_BOUNDS -> "return data out of bounds";
      case Status.INVALID_CODE_PREFIX -> "invalid code: must not begin with 0xef";
      case Status.NONCE_OVERFLOW -> "nonce uint64 overflow";
      case Status.STACK_UNDERFLOW -> "stack underflow";
      case Status.STACK_OVERFLOW -> "stack limit reached";
      case Status.UNDEFINED_INSTRUCTION, Status.INVALID_INSTRUCTION -> "invalid opcode";
      case Status.PRECOMPILE_FAILURE -> "precompiled contract failed";
      default -> Status.name(status);
    };
  }

  /**
   * geth's {@code eth_estimateGas} ({@code eth/gasestimator}): the upper bound is the asked gas,
   * else the block gas limit, capped by the call gas cap and by what the sender's balance pays at
   * the fee cap; a plain transfer to an account without code is tried at 21000 first; then a binary
   * search, started from the gas used and an optimistic guess of {@code (used + refund + 2300) * 64
   * / 63}, stopping when within 1.5% as geth does.
   */
  long estimate(StateReader reader, BlockHeader header, CallArgs args) {
    long hi = args.gas().filter(g -> g >= 21_000).orElse(header.gasLimit());
    hi = Math.min(hi, gasCap);
    BigInteger feeCap = args.gasPrice().or(args::maxFeePerGas).orElse(BigInteger.ZERO);
    if (feeCap.signum() > 0) {
      Address from = args.from().orElse(Address.ZERO);
      org.gridledger.evm.state.AccountInfo info = reader.account(from);
      BigInteger balance = info == null ? BigInteger.ZERO : info.balance().toBigInteger();
      BigInteger value = args.value().orElse(BigInteger.ZERO);
      if (value.compareTo(balance) >= 0) { // geth: the value must leave something for gas
        throw new RpcException(new RpcError.ServerError("insufficient funds for transfer"));
      }
      BigInteger allowance = balance.subtract(value).divide(feeCap);
      if (allowance.compareTo(BigInteger.valueOf(hi)) < 0) {
        hi = allowance.longValue();
      }
    }
    if (args.to().isPresent() && args.input().length == 0) {
      org.gridledger.evm.state.AccountInfo to = reader.account(args.to().get());
      boolean noCode = to == null || to.codeHash().equals(org.gridledger.evm.types.Keccak.EMPTY);
      if (noCode && succeeds(run(reader, header, args, 21_000, null))) {
        return 21_000;
      }
    }
    TransactionResult top = run(reader, header, args, hi, null);
    if (top instanceof TransactionResult.Invalid invalid) {
      throw new RpcException(new RpcError.ServerError(invalid.reason()));
    }
    TransactionResult.Executed executed = (TransactionResult.Executed) top;
    if (executed.result() instanceof ExecResult.Revert r) {
      throw new RpcException(RpcError.executionReverted(r.output()));
    }
    if (executed.result() instanceof ExecResult.Halt halt) {
      // geth: only running out of gas means the allowance is too small; other halts are errors
      throw new RpcException(
          new RpcError.ServerError(
              halt.status() == Status.OUT_OF_GAS
                  ? "gas required exceeds allowance (" + hi + ")"
                  : haltMessage(halt.status())));
    }
    long lo = executed.gasUsed() - 1;
    long optimistic = (executed.gasUsed() + executed.refunded() + 2300) * 64 / 63;
    if (optimistic < hi) {
      if (succeeds(run(reader, header, args, optimistic, null))) {
        hi = optimistic;
      } else {
        lo = optimistic;
      }
    }
    while (lo + 1 < hi) {
      if ((double) (hi - lo) / hi < 0.015) {
        break;
      }
      long mid = (hi + lo) / 2;
      if (mid > lo * 2) {
        mid = lo * 2;
      }
      if (succeeds(run(reader, header, args, mid, null))) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  private static boolean succeeds(TransactionResult r) {
    return r instanceof TransactionResult.Executed e && e.isSuccess();
  }
}
