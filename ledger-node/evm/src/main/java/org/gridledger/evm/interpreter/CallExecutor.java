package org.gridledger.evm.interpreter;

import java.util.ArrayList;
import org.gridledger.evm.gas.GasCosts;
import org.gridledger.evm.precompile.Precompile;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.tracing.OperationTracer;
import org.gridledger.evm.types.Address;

/**
 * Runs a message call or creation and every call it makes, without JVM recursion: a CALL or CREATE
 * suspends its frame ({@link Status#SUSPEND}), the executor starts the child on an explicit stack
 * of frames, and when the child ends it resumes the parent with the result. Depth 1024 is therefore
 * just 1025 pooled {@link Frame} objects, not 1025 Java stack frames.
 *
 * <p>Frames are pooled per depth and reused across calls and transactions; an executor serves one
 * thread. It also caches analysed code by hash.
 */
public final class CallExecutor {
  /**
   * Frames kept in the pool between messages. Deeper call chains allocate more (about 33 KiB each)
   * and give them back afterwards, so one deep transaction does not pin 34 MiB.
   */
  private static final int RETAINED_FRAMES = 64;

  private final ArrayList<Frame> frames = new ArrayList<>();
  private final CodeCache codeCache;

  public CallExecutor() {
    this(new CodeCache(2048));
  }

  public CallExecutor(CodeCache codeCache) {
    this.codeCache = codeCache;
  }

  /**
   * How a message ended.
   *
   * @param status a {@link Status} code: success, revert, exceptional halt or not started
   * @param gasLeft gas returned to the caller (0 after an exceptional halt)
   * @param refund gas refund accumulated (0 unless successful)
   * @param output return data, revert data, or for a successful creation the deployed code
   * @param createdAddress the new contract for a successful creation, else {@code null}
   */
  public record Result(
      int status, long gasLeft, long refund, byte[] output, Address createdAddress) {
    public boolean isSuccess() {
      return Status.isSuccess(status);
    }
  }

  /** Runs {@code request} at depth 0 (a transaction's message) and everything it calls. */
  public Result execute(Host host, CallRequest request) {
    try {
      return run(host, request);
    } finally {
      if (frames.size() > RETAINED_FRAMES) {
        frames.subList(RETAINED_FRAMES, frames.size()).clear();
      }
    }
  }

  private Result run(Host host, CallRequest request) {
    Result immediate = begin(host, request, 0);
    if (immediate != null) {
      return immediate;
    }
    int top = 0;
    while (true) {
      Frame f = frames.get(top);
      int status = Interpreter.run(f);
      if (status == Status.SUSPEND) {
        Result child = begin(host, f.pendingCall, top + 1);
        if (child == null) {
          top++;
        } else {
          resume(f, child);
        }
        continue;
      }
      Result done = finish(f, status);
      if (top == 0) {
        return done;
      }
      top--;
      resume(frames.get(top), done);
    }
  }

  private Frame frameAt(int depth) {
    while (frames.size() <= depth) {
      frames.add(new Frame());
    }
    return frames.get(depth);
  }

  /** Starts a child: returns its result if it ended at once, or null if a frame was pushed. */
  private Result begin(Host host, CallRequest request, int depth) {
    return switch (request) {
      case CallRequest.Call c -> beginCall(host, c, depth);
      case CallRequest.Create c -> beginCreate(host, c, depth);
    };
  }

  private Result beginCall(Host host, CallRequest.Call c, int depth) {
    JournaledState state = host.state;
    if (depth > GasCosts.MAX_CALL_DEPTH) {
      return ended(host, depth, Status.DEPTH_LIMIT, c.gas(), Frame.EMPTY);
    }
    if (c.transfersValue() && state.balance(c.caller()).compareTo(c.value()) < 0) {
      return ended(host, depth, Status.INSUFFICIENT_BALANCE, c.gas(), Frame.EMPTY);
    }
    int checkpoint = state.checkpoint();
    Precompile precompile = host.precompiles.get(c.codeAddress());
    if (c.kind() == Opcodes.CALL) {
      if (precompile == null && c.value().isZero() && !state.exists(c.recipient())) {
        // EIP-161: a zero-value call to a missing account does nothing, not even touch it.
        return ended(host, depth, Status.STOP, c.gas(), Frame.EMPTY);
      }
      state.transfer(c.caller(), c.recipient(), c.value());
    } else if (c.kind() == Opcodes.STATICCALL) {
      // A zero-value touch, as the other clients do (matters only for empty accounts).
      state.touch(c.recipient());
    }
    if (precompile != null) {
      return runPrecompile(host, precompile, c, checkpoint, depth);
    }
    byte[] code = state.code(c.codeAddress());
    if (code.length == 0) {
      return ended(host, depth, Status.STOP, c.gas(), Frame.EMPTY);
    }
    Code analysed = codeCache.get(state.codeHash(c.codeAddress()), code);
    Frame f = frameAt(depth);
    f.init(
        host,
        c.kind(),
        c.recipient(),
        c.caller(),
        c.codeAddress(),
        c.value(),
        c.input(),
        c.isStatic(),
        depth,
        analysed,
        c.gas());
    f.checkpoint = checkpoint;
    return null;
  }

  /** Gas is charged before the precompile runs; any failure consumes all gas given to it. */
  private Result runPrecompile(
      Host host, Precompile p, CallRequest.Call c, int checkpoint, int depth) {
    long cost = p.gas(c.input());
    if (cost < 0 || cost > c.gas()) {
      host.state.revertTo(checkpoint);
      return ended(host, depth, Status.OUT_OF_GAS, 0, Frame.EMPTY);
    }
    byte[] out = p.run(c.input());
    if (out == null) {
      host.state.revertTo(checkpoint);
      return ended(host, depth, Status.PRECOMPILE_FAILURE, 0, Frame.EMPTY);
    }
    return ended(host, depth, Status.RETURN, c.gas() - cost, out);
  }

  private Result beginCreate(Host host, CallRequest.Create c, int depth) {
    JournaledState state = host.state;
    if (depth > GasCosts.MAX_CALL_DEPTH) {
      return ended(host, depth, Status.DEPTH_LIMIT, c.gas(), Frame.EMPTY);
    }
    if (state.balance(c.caller()).compareTo(c.value()) < 0) {
      return ended(host, depth, Status.INSUFFICIENT_BALANCE, c.gas(), Frame.EMPTY);
    }
    long nonce = state.nonce(c.caller());
    if (nonce == -1L) { // 2^64 - 1 read as unsigned (EIP-2681)
      return ended(host, depth, Status.NONCE_OVERFLOW, c.gas(), Frame.EMPTY);
    }
    Address address = c.address();
    if (address == null) {
      address =
          c.kind() == Opcodes.CREATE2
              ? ContractAddress.create2(c.caller(), c.salt(), c.initCode())
              : ContractAddress.create(c.caller(), nonce);
    }
    state.setNonce(c.caller(), nonce + 1);
    // Warm before the checkpoint: the address stays warm even if the creation fails (EIP-2929).
    state.warmAccount(address);
    if (state.isCreateCollision(address)) {
      return ended(host, depth, Status.CREATE_COLLISION, 0, Frame.EMPTY);
    }
    int checkpoint = state.checkpoint();
    state.markCreated(address);
    state.setNonce(address, 1); // EIP-161
    state.transfer(c.caller(), address, c.value());
    Frame f = frameAt(depth);
    f.init(
        host,
        c.kind(),
        address,
        c.caller(),
        address,
        c.value(),
        Frame.EMPTY,
        false,
        depth,
        Code.analyze(c.initCode()),
        c.gas());
    f.checkpoint = checkpoint;
    return null;
  }

  /**
   * Ends a frame: for a creation, checks and deposits the code (EIP-170 size, EIP-3541 0xEF prefix,
   * 200 gas per byte); undoes the frame's changes unless it succeeded.
   */
  private Result finish(Frame f, int status) {
    JournaledState state = f.host.state;
    boolean isCreate = f.kind == Opcodes.CREATE || f.kind == Opcodes.CREATE2;
    if (isCreate && Status.isSuccess(status)) {
      byte[] code = f.output;
      if (code.length > GasCosts.MAX_CODE_SIZE) {
        status = Status.CODE_SIZE_LIMIT;
      } else if (code.length > 0 && code[0] == (byte) 0xef) {
        status = Status.INVALID_CODE_PREFIX;
      } else if (!f.charge((long) GasCosts.CODE_DEPOSIT_BYTE * code.length)) {
        status = Status.CODE_STORE_OUT_OF_GAS;
      } else {
        state.setCode(f.address, code);
      }
    }
    Result r;
    if (Status.isSuccess(status)) {
      r = new Result(status, f.gas, f.refund, f.output, isCreate ? f.address : null);
    } else if (status == Status.REVERT) {
      state.revertTo(f.checkpoint);
      r = new Result(status, f.gas, 0, f.output, null);
    } else {
      state.revertTo(f.checkpoint);
      r = new Result(status, 0, 0, Frame.EMPTY, null);
    }
    OperationTracer tracer = f.host.tracer;
    if (tracer != null) {
      tracer.onFrameEnd(f.depth, r.status(), r.gasLeft(), r.output());
    }
    return r;
  }

  private static Result ended(Host host, int depth, int status, long gasLeft, byte[] output) {
    if (host.tracer != null) {
      host.tracer.onFrameEnd(depth, status, gasLeft, output);
    }
    return new Result(status, gasLeft, 0, output, null);
  }

  /** Hands a child's result to the suspended parent: stack, memory, return data, gas, refund. */
  private static void resume(Frame parent, Result r) {
    CallRequest request = parent.pendingCall;
    parent.pendingCall = null;
    boolean ok = Status.isSuccess(r.status());
    boolean reverted = r.status() == Status.REVERT;
    if (request instanceof CallRequest.Call c) {
      parent.returnData = ok || reverted ? r.output() : Frame.EMPTY;
      if ((ok || reverted) && c.returnSize() > 0) {
        int n = (int) Math.min(c.returnSize(), r.output().length);
        System.arraycopy(r.output(), 0, parent.memory.array(), (int) c.returnOffset(), n);
      }
      parent.pushLong(ok ? 1 : 0);
    } else {
      parent.returnData = reverted ? r.output() : Frame.EMPTY;
      if (ok) {
        parent.pushAddress(r.createdAddress());
      } else {
        parent.pushLong(0);
      }
    }
    parent.gas += r.gasLeft();
    if (ok) {
      parent.refund += r.refund();
    }
  }
}
