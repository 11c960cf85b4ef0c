package org.gridledger.genesis.abi;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A Solidity ABI type. Static types are encoded in place; dynamic ones ({@code bytes}, {@code
 * string}, {@code T[]}, and arrays and tuples containing a dynamic type) by an offset in the head
 * and their encoding in the tail.
 */
public sealed interface AbiType {

  /** Whether the type is encoded in the tail (Solidity ABI spec, "dynamic types"). */
  boolean isDynamic();

  /** The canonical name used in signatures, e.g. {@code (string,uint128)[4]}. */
  String canonical();

  /** Bytes the type takes in the head of an enclosing tuple: 32 if dynamic, else its full size. */
  default int headSize() {
    return 32;
  }

  /** {@code uint<bits>}, 8 ≤ bits ≤ 256, a multiple of 8. */
  record UInt(int bits) implements AbiType {
    public UInt {
      checkBits(bits);
    }

    @Override
    public boolean isDynamic() {
      return false;
    }

    @Override
    public String canonical() {
      return "uint" + bits;
    }
  }

  /** {@code int<bits>}, two's complement. */
  record Int(int bits) implements AbiType {
    public Int {
      checkBits(bits);
    }

    @Override
    public boolean isDynamic() {
      return false;
    }

    @Override
    public String canonical() {
      return "int" + bits;
    }
  }

  /** {@code address}: a uint160. */
  record AddressType() implements AbiType {
    @Override
    public boolean isDynamic() {
      return false;
    }

    @Override
    public String canonical() {
      return "address";
    }
  }

  /** {@code bool}: a uint8 restricted to 0 and 1. */
  record Bool() implements AbiType {
    @Override
    public boolean isDynamic() {
      return false;
    }

    @Override
    public String canonical() {
      return "bool";
    }
  }

  /** {@code bytes<size>}, 1 ≤ size ≤ 32, left-aligned and zero-padded on the right. */
  record FixedBytes(int size) implements AbiType {
    public FixedBytes {
      if (size < 1 || size > 32) {
        throw new AbiException("bytes<M> needs 1 <= M <= 32: " + size);
      }
    }

    @Override
    public boolean isDynamic() {
      return false;
    }

    @Override
    public String canonical() {
      return "bytes" + size;
    }
  }

  /** {@code bytes}: length, then the bytes padded to a multiple of 32. */
  record Bytes() implements AbiType {
    @Override
    public boolean isDynamic() {
      return true;
    }

    @Override
    public String canonical() {
      return "bytes";
    }
  }

  /** {@code string}: encoded as {@code bytes} of its UTF-8 form. */
  record Str() implements AbiType {
    @Override
    public boolean isDynamic() {
      return true;
    }

    @Override
    public String canonical() {
      return "string";
    }
  }

  /**
   * {@code T[length]} or, with {@code length} {@link #DYNAMIC_LENGTH}, {@code T[]}. A fixed array
   * is encoded as a tuple of {@code length} elements; a dynamic one as its length and then that
   * tuple.
   */
  record Array(AbiType element, int length) implements AbiType {
    public static final int DYNAMIC_LENGTH = -1;

    public Array {
      if (length < DYNAMIC_LENGTH) {
        throw new AbiException("array length must be >= 0: " + length);
      }
    }

    public boolean hasFixedLength() {
      return length != DYNAMIC_LENGTH;
    }

    @Override
    public boolean isDynamic() {
      return !hasFixedLength() || element.isDynamic();
    }

    @Override
    public String canonical() {
      return element.canonical() + "[" + (hasFixedLength() ? Integer.toString(length) : "") + "]";
    }

    @Override
    public int headSize() {
      return isDynamic() ? 32 : length * element.headSize();
    }
  }

  /** {@code (T1,...,Tk)}: a struct. */
  record Tuple(List<AbiType> components) implements AbiType {
    public Tuple {
      components = List.copyOf(components);
    }

    @Override
    public boolean isDynamic() {
      return components.stream().anyMatch(AbiType::isDynamic);
    }

    @Override
    public String canonical() {
      return components.stream().map(AbiType::canonical).collect(Collectors.joining(",", "(", ")"));
    }

    @Override
    public int headSize() {
      if (isDynamic()) {
        return 32;
      }
      int size = 0;
      for (AbiType t : components) {
        size += t.headSize();
      }
      return size;
    }
  }

  private static void checkBits(int bits) {
    if (bits < 8 || bits > 256 || bits % 8 != 0) {
      throw new AbiException("integer width must be a multiple of 8 in 8..256: " + bits);
    }
  }

  /**
   * Parses a canonical type name: elementary types ({@code uint} and {@code int} mean 256 bits),
   * tuples in parentheses and any number of array suffixes, e.g. {@code (uint32,bytes)[2][]}.
   *
   * @throws AbiException naming the position of the problem
   */
  static AbiType parse(String type) {
    return AbiTypeParser.parse(type);
  }
}
