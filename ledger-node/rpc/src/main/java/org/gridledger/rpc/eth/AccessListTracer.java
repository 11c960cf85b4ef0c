package org.gridledger.rpc.eth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gridledger.core.tx.AccessListEntry;
import org.gridledger.evm.tracing.FrameView;
import org.gridledger.evm.tracing.OperationTracer;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;

/**
 * Collects the addresses and slots a call touches, for {@code eth_createAccessList} (geth's {@code
 * logger.AccessListTracer}): SLOAD/SSTORE slots of the running contract, the address operand of
 * BALANCE, EXTCODESIZE, EXTCODECOPY, EXTCODEHASH, SELFDESTRUCT and the CALL family. The sender,
 * recipient and precompiles are left out (they are warm anyway). Entries are sorted by address and
 * slot, so the result is deterministic.
 */
final class AccessListTracer implements OperationTracer {
  private final Set<Address> excluded;
  private final Map<Address, Set<Hash>> touched = new TreeMap<>();

  AccessListTracer(List<AccessListEntry> start, Set<Address> excluded) {
    this.excluded = excluded;
    for (AccessListEntry e : start) {
      touched.computeIfAbsent(e.address(), a -> new TreeSet<>()).addAll(e.storageKeys());
    }
  }

  @Override
  public void onStep(FrameView frame, int opcode, String opName, int staticGas) {
    int n = frame.stackSize();
    switch (opName) {
      case "SLOAD", "SSTORE" -> {
        if (n >= 1) {
          touched
              .computeIfAbsent(frame.address(), a -> new TreeSet<>())
              .add(Hash.wrap(frame.stackItem(n - 1).toBytes32()));
        }
      }
      case "BALANCE", "EXTCODESIZE", "EXTCODECOPY", "EXTCODEHASH", "SELFDESTRUCT" -> {
        if (n >= 1) {
          address(Address.fromWord(frame.stackItem(n - 1).toBytes32()));
        }
      }
      case "CALL", "CALLCODE", "DELEGATECALL", "STATICCALL" -> {
        if (n >= 2) {
          address(Address.fromWord(frame.stackItem(n - 2).toBytes32()));
        }
      }
      default -> {}
    }
  }

  private void address(Address a) {
    if (!excluded.contains(a)) {
      touched.computeIfAbsent(a, x -> new TreeSet<>());
    }
  }

  List<AccessListEntry> accessList() {
    List<AccessListEntry> out = new ArrayList<>();
    touched.forEach(
        (a, keys) -> {
          if (!excluded.contains(a) || !keys.isEmpty()) {
            out.add(new AccessListEntry(a, new ArrayList<>(keys)));
          }
        });
    return out;
  }
}
