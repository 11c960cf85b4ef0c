package org.gridledger.explorer.abi;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.gridledger.evm.types.Address;

/**
 * A grid event found in a block: where it is and its arguments by name. Values are {@link
 * BigInteger} (integers), {@link Address}, {@link Boolean}, {@code byte[]} ({@code bytesN}, {@code
 * bytes}), {@link String}, {@link List} (arrays) and {@link Map} (tuples, by component name).
 */
public record DecodedEvent(
    String contract,
    String name,
    long blockNumber,
    int logIndex,
    String txHash,
    Map<String, Object> args) {
  public DecodedEvent {
    args = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
  }

  /** An integer argument that fits in a long (ids, timestamps, resources). */
  public long longArg(String arg) {
    return ((BigInteger) require(arg)).longValueExact();
  }

  public BigInteger bigArg(String arg) {
    return (BigInteger) require(arg);
  }

  public boolean boolArg(String arg) {
    return (Boolean) require(arg);
  }

  public String stringArg(String arg) {
    return (String) require(arg);
  }

  public Address addressArg(String arg) {
    return (Address) require(arg);
  }

  public byte[] bytesArg(String arg) {
    return (byte[]) require(arg);
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> tupleArg(String arg) {
    return (Map<String, Object>) require(arg);
  }

  public List<?> listArg(String arg) {
    return (List<?>) require(arg);
  }

  private Object require(String arg) {
    Object v = args.get(arg);
    if (v == null) {
      throw new EventDecodeException(contract + "." + name + " has no argument " + arg);
    }
    return v;
  }
}
