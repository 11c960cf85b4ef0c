package org.gridledger.evm.tracing;

import java.io.PrintStream;
import java.math.BigInteger;
import org.gridledger.evm.interpreter.Status;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.UInt256;

/**
 * Writes an EIP-3155 trace: one JSON object per line for every instruction ({@code pc}, {@code op},
 * {@code gas}, {@code gasCost}, {@code memSize}, {@code stack}, {@code depth} (1-based), {@code
 * refund}, {@code opName}, and {@code error} when it failed), then a summary line with {@code
 * output}, {@code gasUsed} and {@code pass}.
 *
 * <p>A line is written when the next event arrives, because only then is the instruction's full gas
 * cost known (for a CALL: everything charged, including the gas handed to the callee, as the
 * reference tracers report it). Not thread-safe; one tracer per transaction.
 */
public final class Eip3155Tracer implements OperationTracer {
  private final PrintStream out;

  private FrameView pendingFrame;
  private StringBuilder pendingLine;
  private long pendingGas;
  private int pendingDepth;

  public Eip3155Tracer(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onStep(FrameView frame, int opcode, String opName, int staticGas) {
    flush(null);
    StringBuilder sb = new StringBuilder(128);
    sb.append("{\"pc\":").append(frame.pc());
    sb.append(",\"op\":").append(opcode);
    sb.append(",\"gas\":\"").append(hex(frame.gas())).append('"');
    sb.append(",\"memSize\":").append(frame.memorySize());
    sb.append(",\"stack\":[");
    for (int i = 0; i < frame.stackSize(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append('"').append(hex(frame.stackItem(i))).append('"');
    }
    sb.append("],\"depth\":").append(frame.depth() + 1);
    sb.append(",\"refund\":").append(frame.refund());
    sb.append(",\"opName\":\"").append(opName).append('"');
    pendingFrame = frame;
    pendingLine = sb;
    pendingGas = frame.gas();
    pendingDepth = frame.depth();
  }

  @Override
  public void onFrameEnd(int depth, int status, long gasLeft, byte[] output) {
    flush(depth == pendingDepth && Status.isError(status) ? Status.name(status) : null);
  }

  @Override
  public void onTransactionEnd(boolean success, long gasUsed, byte[] output) {
    flush(null);
    out.println(
        "{\"output\":\""
            + Hex.encodeNoPrefix(output)
            + "\",\"gasUsed\":\""
            + hex(gasUsed)
            + "\",\"pass\":"
            + success
            + "}");
    out.flush();
  }

  private void flush(String error) {
    if (pendingLine == null) {
      return;
    }
    long cost = pendingGas - pendingFrame.gas();
    pendingLine.append(",\"gasCost\":\"").append(hex(Math.max(0, cost))).append('"');
    if (error != null) {
      pendingLine.append(",\"error\":\"").append(error).append('"');
    }
    pendingLine.append('}');
    out.println(pendingLine);
    pendingLine = null;
    pendingFrame = null;
  }

  private static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  private static String hex(UInt256 v) {
    BigInteger b = v.toBigInteger();
    return "0x" + b.toString(16);
  }
}
