package org.gridledger.genesis.abi;

import java.util.ArrayList;
import java.util.List;
import org.gridledger.genesis.abi.AbiType.AddressType;
import org.gridledger.genesis.abi.AbiType.Array;
import org.gridledger.genesis.abi.AbiType.Bool;
import org.gridledger.genesis.abi.AbiType.Bytes;
import org.gridledger.genesis.abi.AbiType.FixedBytes;
import org.gridledger.genesis.abi.AbiType.Int;
import org.gridledger.genesis.abi.AbiType.Str;
import org.gridledger.genesis.abi.AbiType.Tuple;
import org.gridledger.genesis.abi.AbiType.UInt;

/** Recursive descent over the ABI type grammar ({@link AbiType#parse}). */
final class AbiTypeParser {

  private final String s;
  private int pos;

  private AbiTypeParser(String s) {
    this.s = s;
  }

  private AbiType type() {
    AbiType base;
    if (pos < s.length() && s.charAt(pos) == '(') {
      pos++;
      List<AbiType> parts = new ArrayList<>();
      if (pos < s.length() && s.charAt(pos) == ')') {
        pos++;
      } else {
        while (true) {
          parts.add(type());
          if (pos >= s.length()) {
            throw new AbiException("unclosed tuple in " + s);
          }
          char c = s.charAt(pos++);
          if (c == ')') {
            break;
          }
          if (c != ',') {
            throw new AbiException("expected ',' or ')' at " + (pos - 1) + " in " + s);
          }
        }
      }
      base = new Tuple(parts);
    } else {
      int start = pos;
      while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
        pos++;
      }
      base = elementary(s.substring(start, pos));
    }
    while (pos < s.length() && s.charAt(pos) == '[') {
      int close = s.indexOf(']', pos);
      if (close < 0) {
        throw new AbiException("unclosed '[' at " + pos + " in " + s);
      }
      String digits = s.substring(pos + 1, close);
      int length;
      try {
        length = digits.isEmpty() ? Array.DYNAMIC_LENGTH : Integer.parseInt(digits);
      } catch (NumberFormatException e) {
        throw new AbiException("bad array length '" + digits + "' in " + s);
      }
      base = new Array(base, length);
      pos = close + 1;
    }
    return base;
  }

  private AbiType elementary(String name) {
    switch (name) {
      case "address":
        return new AddressType();
      case "bool":
        return new Bool();
      case "string":
        return new Str();
      case "bytes":
        return new Bytes();
      case "uint":
        return new UInt(256);
      case "int":
        return new Int(256);
      default:
        break;
    }
    try {
      if (name.startsWith("uint")) {
        return new UInt(Integer.parseInt(name.substring(4)));
      }
      if (name.startsWith("int")) {
        return new Int(Integer.parseInt(name.substring(3)));
      }
      if (name.startsWith("bytes")) {
        return new FixedBytes(Integer.parseInt(name.substring(5)));
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new AbiException("unknown ABI type '" + name + "' in " + s);
  }

  static AbiType parse(String type) {
    AbiTypeParser p = new AbiTypeParser(type);
    AbiType t = p.type();
    if (p.pos != type.length()) {
      throw new AbiException("unexpected '" + type.charAt(p.pos) + "' at " + p.pos + " in " + type);
    }
    return t;
  }
}
