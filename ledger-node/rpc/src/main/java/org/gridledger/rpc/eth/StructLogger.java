package org.gridledger.rpc.eth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.gridledger.evm.interpreter.Status;
import org.gridledger.evm.tracing.FrameView;
import org.gridledger.evm.tracing.OperationTracer;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;
import org.gridledger.rpc.json.JsonResults;

/**
 * geth's default tracer, the struct (opcode) logger, in its JSON form ({@code eth/tracers/logger}:
 * {@code legacyStructLog}): per instruction {@code pc}, {@code op} (mnemonic), {@code gas}, {@code
 * gasCost}, {@code depth} (from 1), {@code stack} (quantities, unless {@code disableStack}), {@code
 * memory} (32-byte words without 0x, only with {@code enableMemory}), {@code storage} (on SLOAD and
 * SSTORE, the slots of the running contract touched so far, 64 hex digits without 0x, unless {@code
 * disableStorage}), {@code refund} (omitted when 0) and {@code error} (omitted when none). The
 * result is {@code {gas, failed, returnValue, structLogs}}.
 *
 * <p>An instruction's cost is known at the next event (as in the EIP-3155 tracer): a CALL's cost
 * includes the gas handed to the callee, as geth reports it. An SLOAD's loaded value is read from
 * the top of the stack at the next instruction of the same frame.
 */
final class StructLogger implements OperationTracer {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final HexFormat HEX = HexFormat.of();

  private final boolean stack;
  private final boolean storage;
  private final boolean memory;
  private final ArrayNode logs = NODES.arrayNode();
  private final Map<Address, Map<String, String>> storageByContract = new HashMap<>();

  private ObjectNode pending;
  private FrameView pendingFrame;
  private long pendingGas;
  private int pendingDepth;
  private Address sloadAddress;
  private String sloadKey;
  private int sloadDepth = -1;

  StructLogger(boolean disableStack, boolean disableStorage, boolean enableMemory) {
    this.stack = !disableStack;
    this.storage = !disableStorage;
    this.memory = enableMemory;
  }

  @Override
  public void onStep(FrameView frame, int opcode, String opName, int staticGas) {
    if (sloadKey != null && frame.depth() == sloadDepth && frame.stackSize() > 0) {
      storageByContract
          .computeIfAbsent(sloadAddress, a -> new TreeMap<>())
          .put(sloadKey, word(frame.stackItem(frame.stackSize() - 1)));
      // the SLOAD's entry shows the storage including the loaded slot
      if (pending != null && pending.get("op").asText().equals("SLOAD")) {
        pending.set("storage", storageJson(sloadAddress));
      }
      sloadKey = null;
    }
    flush(null);
    ObjectNode o = NODES.objectNode();
    o.put("pc", frame.pc());
    o.put("op", opName);
    o.put("gas", frame.gas());
    o.put("gasCost", 0);
    o.put("depth", frame.depth() + 1);
    int size = frame.stackSize();
    if (stack) {
      ArrayNode s = o.putArray("stack");
      for (int i = 0; i < size; i++) {
        s.add(JsonResults.quantity(frame.stackItem(i)));
      }
    }
    if (memory && frame.memorySize() > 0) {
      ArrayNode m = o.putArray("memory");
      byte[] mem = frame.memory();
      for (int i = 0; i < mem.length; i += 32) { // memory grows in whole words
        m.add("0x" + HEX.formatHex(mem, i, i + 32));
      }
    }
    if (storage && opName.equals("SSTORE") && size >= 2) {
      storageByContract
          .computeIfAbsent(frame.address(), a -> new TreeMap<>())
          .put(word(frame.stackItem(size - 1)), word(frame.stackItem(size - 2)));
      o.set("storage", storageJson(frame.address()));
    } else if (storage && opName.equals("SLOAD") && size >= 1) {
      sloadAddress = frame.address();
      sloadKey = word(frame.stackItem(size - 1));
      sloadDepth = frame.depth();
    }
    if (frame.refund() != 0) {
      o.put("refund", frame.refund());
    }
    pending = o;
    pendingFrame = frame;
    pendingGas = frame.gas();
    pendingDepth = frame.depth();
  }

  private ObjectNode storageJson(Address address) {
    ObjectNode s = NODES.objectNode();
    storageByContract.getOrDefault(address, Map.of()).forEach(s::put);
    return s;
  }

  private static String word(UInt256 v) {
    return "0x" + HEX.formatHex(v.toBytes32());
  }

  @Override
  public void onFrameEnd(int depth, int status, long gasLeft, byte[] output) {
    flush(depth == pendingDepth && Status.isError(status) ? CallRunner.haltMessage(status) : null);
  }

  @Override
  public void onTransactionEnd(boolean success, long gasUsed, byte[] output) {
    flush(null);
  }

  private void flush(String error) {
    if (pending == null) {
      return;
    }
    pending.put("gasCost", Math.max(0, pendingGas - pendingFrame.gas()));
    if (error != null) {
      pending.put("error", error);
    }
    logs.add(pending);
    pending = null;
    pendingFrame = null;
  }

  /** geth's {@code ExecutionResult}: gas used, whether it failed, the output, the steps. */
  ObjectNode result(long gasUsed, boolean failed, byte[] returnValue) {
    flush(null);
    ObjectNode o = NODES.objectNode();
    o.put("gas", gasUsed);
    o.put("failed", failed);
    o.set("returnValue", JsonResults.data(returnValue)); // Halt's output is already empty
    o.set("structLogs", logs);
    return o;
  }
}
