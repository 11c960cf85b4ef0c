package org.gridledger.genesis.abi;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gridledger.evm.types.Address;

/**
 * Decodes ABI data (return values, revert arguments) into the Java values {@link AbiEncoder} takes:
 * {@link BigInteger} for integers, {@link Address}, {@link Boolean}, {@code byte[]}, {@link String}
 * and {@link List} for arrays and tuples. Strict, like Solidity's own decoder: integers, addresses
 * and booleans must have clean high bits and every offset and length must lie within the data;
 * anything else throws {@link AbiException} with the offset.
 */
public final class AbiDecoder {
  private final byte[] data;

  private AbiDecoder(byte[] data) {
    this.data = data;
  }

  /** Decodes the tuple {@code (types...)} from {@code data}. */
  public static List<Object> decode(List<AbiType> types, byte[] data) {
    return new AbiDecoder(data).tuple(types, 0);
  }

  private List<Object> tuple(List<AbiType> types, int base) {
    List<Object> values = new ArrayList<>(types.size());
    int head = base;
    for (AbiType t : types) {
      if (t.isDynamic()) {
        BigInteger offset = uint(head, 256);
        int at = position(base, offset, head);
        values.add(value(t, at));
      } else {
        values.add(value(t, head));
      }
      head += t.headSize();
    }
    return values;
  }

  private Object value(AbiType type, int at) {
    return switch (type) {
      case AbiType.UInt u -> uint(at, u.bits());
      case AbiType.Int i -> {
        BigInteger raw = new BigInteger(1, word(at));
        BigInteger v = raw.testBit(255) ? raw.subtract(BigInteger.ONE.shiftLeft(256)) : raw;
        if (v.bitLength() > i.bits() - 1) {
          throw new AbiException("int" + i.bits() + " at offset " + at + " is out of range");
        }
        yield v;
      }
      case AbiType.AddressType a -> addressAt(at);
      case AbiType.Bool b -> {
        BigInteger v = uint(at, 8);
        if (v.compareTo(BigInteger.ONE) > 0) {
          throw new AbiException("bool at offset " + at + " is " + v);
        }
        yield v.signum() == 1;
      }
      case AbiType.FixedBytes f -> {
        byte[] w = word(at);
        for (int k = f.size(); k < 32; k++) {
          if (w[k] != 0) {
            throw new AbiException("bytes" + f.size() + " at offset " + at + " has dirty padding");
          }
        }
        yield Arrays.copyOf(w, f.size());
      }
      case AbiType.Bytes b -> dynamicBytes(at);
      case AbiType.Str s -> {
        byte[] utf8 = dynamicBytes(at);
        try {
          yield StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(utf8))
              .toString();
        } catch (CharacterCodingException e) {
          throw new AbiException("string at offset " + at + " is not UTF-8");
        }
      }
      case AbiType.Array a -> {
        int length;
        int start;
        if (a.hasFixedLength()) {
          length = a.length();
          start = at;
        } else {
          length = length(at, a.element().headSize());
          start = at + 32;
        }
        yield tuple(java.util.Collections.nCopies(length, a.element()), start);
      }
      case AbiType.Tuple t -> tuple(t.components(), at);
    };
  }

  private Address addressAt(int at) {
    byte[] w = word(at);
    for (int k = 0; k < 12; k++) {
      if (w[k] != 0) {
        throw new AbiException("address at offset " + at + " has dirty high bytes");
      }
    }
    return Address.wrap(Arrays.copyOfRange(w, 12, 32));
  }

  private byte[] dynamicBytes(int at) {
    int length = length(at, 1);
    return Arrays.copyOfRange(data, at + 32, at + 32 + length);
  }

  /** A length word at {@code at} whose {@code length * unit} bytes must follow it in the data. */
  private int length(int at, int unit) {
    BigInteger n = uint(at, 256);
    long room = (long) data.length - at - 32;
    if (n.bitLength() > 31 || n.longValue() * unit > room) {
      throw new AbiException(
          "length " + n + " at offset " + at + " exceeds the " + room + " bytes that follow");
    }
    return n.intValue();
  }

  private int position(int base, BigInteger offset, int where) {
    if (offset.bitLength() > 31 || base + offset.longValue() > data.length - 32L) {
      throw new AbiException("offset " + offset + " at " + where + " points outside the data");
    }
    return base + offset.intValue();
  }

  private BigInteger uint(int at, int bits) {
    BigInteger v = new BigInteger(1, word(at));
    if (v.bitLength() > bits) {
      throw new AbiException("uint" + bits + " at offset " + at + " has dirty high bits");
    }
    return v;
  }

  private byte[] word(int at) {
    if (at < 0 || at > data.length - 32) {
      throw new AbiException(
          "a 32-byte word at offset " + at + " runs past the end of " + data.length + " bytes");
    }
    return Arrays.copyOfRange(data, at, at + 32);
  }
}
