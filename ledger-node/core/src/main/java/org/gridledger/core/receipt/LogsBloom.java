package org.gridledger.core.receipt;

import java.util.Arrays;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.Log;

/**
 * The 2048-bit log filter of receipts and block headers (Yellow Paper, section 4.4.1, function
 * M3:2048). Each log address and topic {@code x} sets three bits: for each of the first three byte
 * pairs of Keccak-256(x), the low 11 bits name a bit counted from the least significant end of the
 * 256-byte big-endian filter. A filter can say "certainly absent" or "possibly present", never
 * "present". Immutable: {@link #add} and {@link #or} return new filters.
 */
public final class LogsBloom {
  public static final int SIZE = 256;

  /** The filter of no logs. */
  public static final LogsBloom EMPTY = new LogsBloom(new byte[SIZE]);

  private final byte[] bits;

  private LogsBloom(byte[] bits) {
    this.bits = bits;
  }

  /** Copies a 256-byte filter. */
  public static LogsBloom of(byte[] bytes256) {
    if (bytes256.length != SIZE) {
      throw new IllegalArgumentException("a logs bloom is 256 bytes, got " + bytes256.length);
    }
    return new LogsBloom(bytes256.clone());
  }

  /** The filter of the addresses and topics of {@code logs}. */
  public static LogsBloom fromLogs(Iterable<Log> logs) {
    byte[] bits = new byte[SIZE];
    for (Log log : logs) {
      accrue(bits, log);
    }
    return new LogsBloom(bits);
  }

  /** This filter with {@code log}'s address and topics added. */
  public LogsBloom add(Log log) {
    byte[] copy = bits.clone();
    accrue(copy, log);
    return new LogsBloom(copy);
  }

  /** This filter with {@code value}'s three bits added. */
  public LogsBloom add(byte[] value) {
    byte[] copy = bits.clone();
    accrue(copy, value);
    return new LogsBloom(copy);
  }

  /** The union of two filters (a block's filter is the union of its receipts'). */
  public LogsBloom or(LogsBloom other) {
    byte[] out = new byte[SIZE];
    for (int i = 0; i < SIZE; i++) {
      out[i] = (byte) (bits[i] | other.bits[i]);
    }
    return new LogsBloom(out);
  }

  /**
   * False if {@code value} (an address or topic) was certainly not added; true if it may have been.
   */
  public boolean mightContain(byte[] value) {
    byte[] h = Keccak.hash(value);
    for (int i = 0; i < 6; i += 2) {
      int bit = ((h[i] & 0x07) << 8) | (h[i + 1] & 0xff);
      if ((bits[SIZE - 1 - (bit >>> 3)] & (1 << (bit & 7))) == 0) {
        return false;
      }
    }
    return true;
  }

  public boolean mightContain(Address address) {
    return mightContain(address.unsafeBytes());
  }

  public boolean mightContain(Hash topic) {
    return mightContain(topic.unsafeBytes());
  }

  /** Whether every bit set in {@code other} is set here (e.g. a query filter against a block's). */
  public boolean containsAll(LogsBloom other) {
    for (int i = 0; i < SIZE; i++) {
      if ((bits[i] & other.bits[i]) != other.bits[i]) {
        return false;
      }
    }
    return true;
  }

  public byte[] toArray() {
    return bits.clone();
  }

  /** The backing array, for encoders that promise not to modify it. */
  public byte[] unsafeBytes() {
    return bits;
  }

  private static void accrue(byte[] bits, Log log) {
    accrue(bits, log.address().unsafeBytes());
    for (Hash topic : log.topics()) {
      accrue(bits, topic.unsafeBytes());
    }
  }

  private static void accrue(byte[] bits, byte[] value) {
    byte[] h = Keccak.hash(value);
    for (int i = 0; i < 6; i += 2) {
      int bit = ((h[i] & 0x07) << 8) | (h[i + 1] & 0xff);
      bits[SIZE - 1 - (bit >>> 3)] |= (byte) (1 << (bit & 7));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogsBloom b && Arrays.equals(bits, b.bits);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bits);
  }

  @Override
  public String toString() {
    return Hex.encode(bits);
  }
}
