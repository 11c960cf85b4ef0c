package org.gridledger.evm.tracing;

import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;

/** Read-only view of an executing frame, for tracers. Valid only during the callback. */
public interface FrameView {
  /** Program counter of the instruction about to run. */
  int pc();

  /** Gas left before the instruction runs. */
  long gas();

  /** Call depth, 0 for the transaction's top-level frame. */
  int depth();

  /** Refund counter accumulated by this frame so far. */
  long refund();

  int stackSize();

  /** Stack item {@code i} counted from the bottom (0 is the deepest). */
  UInt256 stackItem(int i);

  /** Memory size in bytes. */
  int memorySize();

  /** A copy of the memory. */
  byte[] memory();

  /** The account whose code runs in this frame (ADDRESS). */
  Address address();

  /** Size of the last return data buffer. */
  int returnDataSize();
}
