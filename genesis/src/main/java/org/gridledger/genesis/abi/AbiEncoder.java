package org.gridledger.genesis.abi;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Keccak;

/**
 * Encodes values by the Solidity ABI's head/tail scheme. Java values per type: {@code uint}/{@code
 * int} as {@link BigInteger}, {@link Long} or {@link Integer}; {@code address} as {@link Address};
 * {@code bool} as {@link Boolean}; {@code bytes<M>} and {@code bytes} as {@code byte[]}; {@code
 * string} as {@link String}; arrays and tuples as {@link List}. A value that does not fit its type
 * throws {@link AbiException} naming where it is ({@code arg 2[1].name}).
 */
public final class AbiEncoder {
  private AbiEncoder() {}

  /** The 4-byte selector of a function or error signature such as {@code baz(uint32,bool)}. */
  public static byte[] selector(String signature) {
    byte[] hash = Keccak.hash(signature.getBytes(StandardCharsets.US_ASCII));
    return new byte[] {hash[0], hash[1], hash[2], hash[3]};
  }

  /** Call data: {@code selector(signature) ‖ encode(types, values)}. */
  public static byte[] call(String signature, List<AbiType> types, List<?> values) {
    byte[] args = encode(types, values);
    byte[] data = new byte[4 + args.length];
    System.arraycopy(selector(signature), 0, data, 0, 4);
    System.arraycopy(args, 0, data, 4, args.length);
    return data;
  }

  /** The encoding of the tuple {@code (values...)} of the given types (the arguments of a call). */
  public static byte[] encode(List<AbiType> types, List<?> values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encodeTuple(types, values, "arg ", out);
    return out.toByteArray();
  }

  private static void encode(AbiType type, Object value, String where, ByteArrayOutputStream out) {
    switch (type) {
      case AbiType.UInt u -> word(unsigned(u.bits(), value, where), out);
      case AbiType.Int i -> word(signed(i.bits(), value, where), out);
      case AbiType.AddressType a -> {
        if (!(value instanceof Address address)) {
          throw mismatch(where, "an Address", value);
        }
        out.writeBytes(new byte[12]);
        out.writeBytes(address.unsafeBytes());
      }
      case AbiType.Bool b -> {
        if (!(value instanceof Boolean flag)) {
          throw mismatch(where, "a Boolean", value);
        }
        word(flag ? BigInteger.ONE : BigInteger.ZERO, out);
      }
      case AbiType.FixedBytes f -> {
        byte[] bytes = bytes(value, where);
        if (bytes.length != f.size()) {
          throw new AbiException(
              where + ": bytes" + f.size() + " needs " + f.size() + " bytes, got " + bytes.length);
        }
        padded(bytes, out);
      }
      case AbiType.Bytes b -> {
        byte[] bytes = bytes(value, where);
        word(BigInteger.valueOf(bytes.length), out);
        padded(bytes, out);
      }
      case AbiType.Str s -> {
        if (!(value instanceof String text)) {
          throw mismatch(where, "a String", value);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        word(BigInteger.valueOf(bytes.length), out);
        padded(bytes, out);
      }
      case AbiType.Array a -> {
        List<?> elements = list(value, where);
        if (a.hasFixedLength()) {
          if (elements.size() != a.length()) {
            throw new AbiException(
                where
                    + ": "
                    + a.canonical()
                    + " needs "
                    + a.length()
                    + " elements, got "
                    + elements.size());
          }
        } else {
          word(BigInteger.valueOf(elements.size()), out);
        }
        encodeTuple(
            java.util.Collections.nCopies(elements.size(), a.element()), elements, where, out);
      }
      case AbiType.Tuple t -> {
        List<?> fields = list(value, where);
        if (fields.size() != t.components().size()) {
          throw new AbiException(
              where
                  + ": "
                  + t.canonical()
                  + " has "
                  + t.components().size()
                  + " fields, got "
                  + fields.size());
        }
        encodeTuple(t.components(), fields, where + ".", out);
      }
    }
  }

  /**
   * enc((X1..Xk)) = head(X1)..head(Xk) tail(X1)..tail(Xk); a dynamic Xi's head is the offset of its
   * tail from the start of this encoding.
   */
  private static void encodeTuple(
      List<AbiType> types, List<?> values, String where, ByteArrayOutputStream out) {
    if (types.size() != values.size()) {
      throw new AbiException(
          where + "list: " + types.size() + " values expected, got " + values.size());
    }
    int headSize = 0;
    for (AbiType t : types) {
      headSize += t.headSize();
    }
    ByteArrayOutputStream tails = new ByteArrayOutputStream();
    for (int i = 0; i < types.size(); i++) {
      AbiType t = types.get(i);
      String at = where.endsWith(".") || where.endsWith(" ") ? where + i : where + "[" + i + "]";
      if (t.isDynamic()) {
        word(BigInteger.valueOf(headSize + tails.size()), out);
        encode(t, values.get(i), at, tails);
      } else {
        encode(t, values.get(i), at, out);
      }
    }
    out.writeBytes(tails.toByteArray());
  }

  private static BigInteger integer(Object value, String where) {
    return switch (value) {
      case BigInteger b -> b;
      case Long l -> BigInteger.valueOf(l);
      case Integer i -> BigInteger.valueOf(i);
      case null, default -> throw mismatch(where, "an integer", value);
    };
  }

  private static BigInteger unsigned(int bits, Object value, String where) {
    BigInteger v = integer(value, where);
    if (v.signum() < 0 || v.bitLength() > bits) {
      throw new AbiException(where + ": " + v + " does not fit in uint" + bits);
    }
    return v;
  }

  private static BigInteger signed(int bits, Object value, String where) {
    BigInteger v = integer(value, where);
    if (v.bitLength() > bits - 1) {
      throw new AbiException(where + ": " + v + " does not fit in int" + bits);
    }
    return v.signum() < 0 ? v.add(BigInteger.ONE.shiftLeft(256)) : v;
  }

  private static byte[] bytes(Object value, String where) {
    if (!(value instanceof byte[] b)) {
      throw mismatch(where, "a byte[]", value);
    }
    return b;
  }

  private static List<?> list(Object value, String where) {
    if (!(value instanceof List<?> l)) {
      throw mismatch(where, "a List", value);
    }
    return l;
  }

  private static AbiException mismatch(String where, String expected, Object value) {
    return new AbiException(
        where
            + ": expected "
            + expected
            + ", got "
            + (value == null ? "null" : value.getClass().getSimpleName()));
  }

  /** A non-negative value below 2^256 as a big-endian 32-byte word. */
  private static void word(BigInteger v, ByteArrayOutputStream out) {
    byte[] raw = v.toByteArray();
    byte[] w = new byte[32];
    int len = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - len, w, 32 - len, len);
    out.writeBytes(w);
  }

  /** The bytes, zero-padded on the right to a multiple of 32. */
  private static void padded(byte[] bytes, ByteArrayOutputStream out) {
    out.writeBytes(bytes);
    int rest = (32 - bytes.length % 32) % 32;
    out.writeBytes(new byte[rest]);
  }
}
