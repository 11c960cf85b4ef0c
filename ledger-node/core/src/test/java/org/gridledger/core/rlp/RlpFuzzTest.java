package org.gridledger.core.rlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Fuzz targets for the RLP decoder. Under Surefire they run in regression mode over the seeds in
 * {@code src/test/resources/org/gridledger/core/rlp/RlpFuzzTestInputs/}; see docs/fuzzing.md for
 * fuzzing them for real.
 */
class RlpFuzzTest {

  /**
   * Any input either decodes as exactly one item tree or is rejected with {@link RlpException}; an
   * accepted input re-encodes to the same bytes (the decoder accepts only canonical RLP). The walk
   * is iterative so that deeply nested lists cannot overflow the stack of the test itself.
   */
  @FuzzTest(maxDuration = "5m")
  void decodeThenReencode(byte[] input) {
    byte[] reencoded;
    try {
      reencoded = copyTree(RlpReader.single(input));
    } catch (RlpException rejected) {
      return;
    }
    assertArrayEquals(input, reencoded);
  }

  /**
   * The scalar and skipping readers on arbitrary input: each call either succeeds or throws {@link
   * RlpException}; the cursor always moves forward.
   */
  @FuzzTest(maxDuration = "5m")
  void scalarReaders(byte[] input) {
    RlpReader r = new RlpReader(input);
    int step = 0;
    while (r.hasNext()) {
      int before = r.position();
      try {
        switch (step++ % 6) {
          case 0 -> r.readLong();
          case 1 -> r.readBigInteger(32);
          case 2 -> r.readInt();
          case 3 -> r.readRaw();
          case 4 -> r.readBytes(20, "fuzzed field");
          default -> {
            if (r.nextIsList()) {
              RlpReader inner = r.readList();
              while (inner.hasNext()) {
                inner.skip();
              }
              inner.ensureEnd("fuzzed list");
            } else {
              r.skip();
            }
          }
        }
      } catch (RlpException rejected) {
        return;
      }
      if (r.position() <= before) {
        throw new AssertionError("cursor did not advance at offset " + before);
      }
    }
  }

  private record Frame(RlpReader reader, int mark) {}

  /** Re-encodes the whole item tree under {@code top} without recursion. */
  static byte[] copyTree(RlpReader top) {
    RlpWriter w = new RlpWriter();
    Deque<Frame> stack = new ArrayDeque<>();
    RlpReader current = top;
    while (true) {
      if (current.hasNext()) {
        if (current.nextIsList()) {
          RlpReader inner = current.readList();
          stack.push(new Frame(current, w.startList()));
          current = inner;
        } else {
          w.writeBytes(current.readBytes());
        }
      } else if (!stack.isEmpty()) {
        Frame f = stack.pop();
        w.endList(f.mark());
        current = f.reader();
      } else {
        return w.toByteArray();
      }
    }
  }
}
