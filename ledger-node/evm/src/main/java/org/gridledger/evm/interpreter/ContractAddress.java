package org.gridledger.evm.interpreter;

import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;

/** Addresses of newly created contracts. */
public final class ContractAddress {
  private ContractAddress() {}

  /** CREATE and creation transactions: {@code keccak256(rlp([sender, nonce]))[12:]}. */
  public static Address create(Address sender, long nonce) {
    byte[] nonceBytes;
    if (nonce == 0) {
      nonceBytes = new byte[] {(byte) 0x80};
    } else if (nonce > 0 && nonce < 0x80) {
      nonceBytes = new byte[] {(byte) nonce};
    } else {
      int len = 8 - Long.numberOfLeadingZeros(nonce) / 8;
      nonceBytes = new byte[len + 1];
      nonceBytes[0] = (byte) (0x80 + len);
      for (int i = 0; i < len; i++) {
        nonceBytes[len - i] = (byte) (nonce >>> (8 * i));
      }
    }
    byte[] rlp = new byte[1 + 21 + nonceBytes.length];
    rlp[0] = (byte) (0xc0 + 21 + nonceBytes.length);
    rlp[1] = (byte) (0x80 + Address.SIZE);
    System.arraycopy(sender.unsafeBytes(), 0, rlp, 2, Address.SIZE);
    System.arraycopy(nonceBytes, 0, rlp, 22, nonceBytes.length);
    return fromHash(Keccak.hash(rlp));
  }

  /** CREATE2 (EIP-1014): {@code keccak256(0xff ++ sender ++ salt ++ keccak256(initCode))[12:]}. */
  public static Address create2(Address sender, UInt256 salt, byte[] initCode) {
    byte[] buf = new byte[1 + 20 + 32 + 32];
    buf[0] = (byte) 0xff;
    System.arraycopy(sender.unsafeBytes(), 0, buf, 1, 20);
    System.arraycopy(salt.toBytes32(), 0, buf, 21, 32);
    System.arraycopy(Keccak.hash(initCode), 0, buf, 53, 32);
    return fromHash(Keccak.hash(buf));
  }

  private static Address fromHash(byte[] hash) {
    byte[] a = new byte[Address.SIZE];
    System.arraycopy(hash, 12, a, 0, Address.SIZE);
    return Address.wrap(a);
  }
}
