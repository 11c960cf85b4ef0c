package org.gridledger.rpc.eth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.gridledger.evm.interpreter.Status;
import org.gridledger.evm.tracing.FrameView;
import org.gridledger.evm.tracing.OperationTracer;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;
import org.gridledger.rpc.json.JsonResults;
import org.gridledger.rpc.json.RevertReason;

/**
 * geth's {@code callTracer} ({@code eth/tracers/native/call.go}): the tree of calls, each frame
 * {@code {type, from, to, value, gas, gasUsed, input, output, error, revertReason, calls}} with
 * geth's omissions ({@code value} absent for STATICCALL and DELEGATECALL, {@code output}, {@code
 * error}, {@code revertReason} and {@code calls} absent when empty; a DELEGATECALL shows the
 * running frame's value; a failed creation has no {@code to}). With {@code onlyTopCall} the
 * sub-calls are left out. Checked against go-ethereum's {@code callFrame} and {@code
 * processOutput}.
 *
 * <p>The EVM's tracer interface reports instructions and frame ends, not frame starts, so a
 * sub-call is opened when a CALL/CREATE-family instruction runs (reading its operands from the
 * stack and memory), its {@code gas} is the callee's gas at its first instruction, and a CREATE's
 * address is read from the caller's stack after it returns. A call to an account without code or to
 * a precompile has no instruction: its {@code gas} is then the gas it returned and its {@code
 * gasUsed} 0 (a precompile's cost is not seen).
 */
final class CallTracer implements OperationTracer {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A frame being built. */
  private static final class Call {
    final String type;
    final Address from;
    Address to;
    final UInt256 value;
    long gas = -1;
    long gasUsed;
    final byte[] input;
    byte[] output = new byte[0];
    String error;
    final List<Call> calls = new ArrayList<>();

    Call(String type, Address from, Address to, UInt256 value, byte[] input) {
      this.type = type;
      this.from = from;
      this.to = to;
      this.value = value;
      this.input = input;
    }
  }

  private final boolean onlyTopCall;
  private final Call top;
  private final Deque<Call> open = new ArrayDeque<>();
  private Call pendingChild;
  private int pendingChildDepth;
  private Call awaitingCreateAddress;
  private int awaitingDepth;

  CallTracer(boolean onlyTopCall, Address from, Address to, UInt256 value, byte[] input, long gas) {
    this.onlyTopCall = onlyTopCall;
    this.top = new Call(to == null ? "CREATE" : "CALL", from, to, value, input);
    this.top.gas = gas;
    open.push(top);
  }

  @Override
  public void onStep(FrameView frame, int opcode, String opName, int staticGas) {
    int depth = frame.depth();
    if (awaitingCreateAddress != null && depth == awaitingDepth && frame.stackSize() > 0) {
      UInt256 a = frame.stackItem(frame.stackSize() - 1);
      if (!a.isZero()) {
        awaitingCreateAddress.to = Address.fromWord(a.toBytes32());
      }
      awaitingCreateAddress = null;
    }
    if (pendingChild != null && depth == pendingChildDepth + 1) {
      pendingChild.gas = frame.gas();
      open.push(pendingChild);
      pendingChild = null;
    }
    if (depth == 0 && top.to == null && open.size() == 1) {
      top.to = frame.address();
    }
    int n = frame.stackSize();
    switch (opName) {
      case "CALL", "CALLCODE" -> {
        if (n >= 7) {
          open(
              frame,
              opName,
              addr(frame.stackItem(n - 2)),
              frame.stackItem(n - 3),
              mem(frame, frame.stackItem(n - 4), frame.stackItem(n - 5)));
        }
      }
      case "DELEGATECALL", "STATICCALL" -> {
        if (n >= 6) {
          // geth: a DELEGATECALL carries the running frame's (apparent) value, a STATICCALL none
          UInt256 value = null;
          if (opName.equals("DELEGATECALL")) {
            Call running = open.peek();
            value = running == null || running.value == null ? UInt256.ZERO : running.value;
          }
          open(
              frame,
              opName,
              addr(frame.stackItem(n - 2)),
              value,
              mem(frame, frame.stackItem(n - 3), frame.stackItem(n - 4)));
        }
      }
      case "CREATE", "CREATE2" -> {
        if (n >= 3) {
          open(
              frame,
              opName,
              null,
              frame.stackItem(n - 1),
              mem(frame, frame.stackItem(n - 2), frame.stackItem(n - 3)));
        }
      }
      default -> {}
    }
  }

  private void open(FrameView frame, String type, Address to, UInt256 value, byte[] input) {
    Call c = new Call(type, frame.address(), to, value, input);
    pendingChild = c;
    pendingChildDepth = frame.depth();
  }

  private static Address addr(UInt256 word) {
    return Address.fromWord(word.toBytes32());
  }

  private static byte[] mem(FrameView frame, UInt256 offset, UInt256 size) {
    if (size.isZero() || !offset.fitsLong() || !size.fitsLong()) {
      return new byte[0];
    }
    long off = offset.u0();
    long len = size.u0();
    byte[] m = frame.memory();
    if (off >= m.length || len > Integer.MAX_VALUE) {
      return new byte[(int) Math.min(len, 1 << 20)];
    }
    byte[] out = new byte[(int) len];
    System.arraycopy(m, (int) off, out, 0, (int) Math.min(len, m.length - off));
    return out;
  }

  @Override
  public void onFrameEnd(int depth, int status, long gasLeft, byte[] output) {
    Call c;
    if (pendingChild != null && depth == pendingChildDepth + 1) {
      // a call without instructions (no code, precompile) or one that failed before starting
      c = pendingChild;
      pendingChild = null;
      c.gas = gasLeft;
    } else if (open.size() == depth + 1) {
      c = open.pop();
    } else {
      return;
    }
    c.gasUsed = c.gas >= 0 ? c.gas - gasLeft : 0;
    c.output = output == null ? new byte[0] : output.clone();
    if (status == Status.REVERT) {
      c.error = "execution reverted";
    } else if (Status.isError(status)) {
      c.error = CallRunner.haltMessage(status);
    }
    if (c != top) {
      Call parent = open.peek();
      if (parent != null) {
        parent.calls.add(c);
      }
      if (c.type.startsWith("CREATE")) {
        awaitingCreateAddress = c;
        awaitingDepth = depth - 1;
      }
    }
  }

  /** The tree, with the top frame's gas used replaced by the transaction's (as geth reports). */
  ObjectNode result(long txGasUsed, byte[] output, String error) {
    top.gasUsed = txGasUsed;
    top.output = output;
    top.error = error;
    if (error != null && top.type.equals("CREATE")) {
      top.to = null; // geth drops the address of a creation that failed
    }
    return json(top, true);
  }

  private ObjectNode json(Call c, boolean isTop) {
    ObjectNode o = NODES.objectNode();
    o.put("from", c.from.toHex());
    o.set("gas", JsonResults.quantity(Math.max(0, c.gas)));
    o.set("gasUsed", JsonResults.quantity(c.gasUsed));
    if (c.to != null) {
      o.set("to", JsonResults.address(c.to));
    }
    o.set("input", JsonResults.data(c.input));
    if (c.output.length > 0) {
      o.set("output", JsonResults.data(c.output));
    }
    if (c.error != null) {
      o.put("error", c.error);
      if (c.error.equals("execution reverted")) {
        RevertReason.decode(c.output).ifPresent(r -> o.put("revertReason", r));
      }
    }
    if (!(onlyTopCall && isTop) && !c.calls.isEmpty()) {
      ArrayNode calls = o.putArray("calls");
      c.calls.forEach(child -> calls.add(json(child, false)));
    }
    if (c.value != null) {
      o.set("value", JsonResults.quantity(c.value));
    }
    o.put("type", c.type);
    return o;
  }
}
