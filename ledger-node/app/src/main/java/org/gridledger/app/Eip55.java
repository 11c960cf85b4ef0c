package org.gridledger.app;

import java.nio.charset.StandardCharsets;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Keccak;

/** EIP-55 mixed-case checksum addresses, as wallets and anvil print them. */
final class Eip55 {
  private Eip55() {}

  static String of(Address address) {
    String lower = address.toHex().substring(2).toLowerCase(java.util.Locale.ROOT);
    byte[] hash = Keccak.hash(lower.getBytes(StandardCharsets.US_ASCII));
    StringBuilder out = new StringBuilder("0x");
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
      out.append(c >= 'a' && nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }
}
