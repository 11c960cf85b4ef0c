package org.gridledger.evm.interpreter;

import java.util.ArrayList;
import java.util.List;
import org.gridledger.evm.gas.GasCosts;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Log;

/** LOG0–LOG4. */
final class LogOps {
  private LogOps() {}

  /**
   * Implements LOGn(offset, size, topic1..topicn): 8 gas per data byte plus memory on top of the
   * constant 375 + 375·n; forbidden in a static call.
   */
  static int log(Frame f, int topics) {
    if (f.isStatic) {
      return Status.STATIC_STATE_CHANGE;
    }
    long[] s = f.stack;
    int sp = f.sp;
    long offset = U256.toLongSaturated(s, sp - 4);
    long size = U256.toLongSaturated(s, sp - 8);
    if (!f.chargeMemory(offset, size)) {
      return Status.OUT_OF_GAS;
    }
    if (size > Long.MAX_VALUE / GasCosts.LOG_DATA_BYTE
        || !f.charge(GasCosts.LOG_DATA_BYTE * size)) {
      return Status.OUT_OF_GAS;
    }
    List<Hash> list = new ArrayList<>(topics);
    for (int i = 0; i < topics; i++) {
      int o = sp - 12 - 4 * i;
      byte[] t = new byte[32];
      Memory.writeLong(t, 0, s[o + 3]);
      Memory.writeLong(t, 8, s[o + 2]);
      Memory.writeLong(t, 16, s[o + 1]);
      Memory.writeLong(t, 24, s[o]);
      list.add(Hash.wrap(t));
    }
    byte[] data = size == 0 ? Frame.EMPTY : f.memory.slice((int) offset, (int) size);
    f.host.state.addLog(new Log(f.address, list, data));
    f.sp = sp - 8 - 4 * topics;
    return Status.CONTINUE;
  }
}
