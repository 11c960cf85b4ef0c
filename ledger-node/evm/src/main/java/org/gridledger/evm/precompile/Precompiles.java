package org.gridledger.evm.precompile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.gridledger.evm.types.Address;

/** The set of precompiles active in a fork, looked up by address. Immutable. */
public final class Precompiles {
  private final Precompile[] byLowByte; // addresses 0x00..00NN, NN < 256
  private final List<Address> addresses;

  private Precompiles(Precompile[] byLowByte) {
    this.byLowByte = byLowByte;
    List<Address> list = new ArrayList<>();
    for (int i = 0; i < byLowByte.length; i++) {
      if (byLowByte[i] != null) {
        list.add(Address.ofLow(i));
      }
    }
    this.addresses = Collections.unmodifiableList(list);
  }

  /** Cancun: 0x01–0x0a. */
  public static Precompiles cancun() {
    Precompile[] table = new Precompile[256];
    table[0x01] = new EcRecover();
    table[0x02] = new Sha256();
    table[0x03] = new Ripemd160();
    table[0x04] = new Identity();
    table[0x05] = new ModExp(); // EIP-198, priced by EIP-2565
    table[0x06] = new Bn254Add(); // EIP-196, EIP-1108
    table[0x07] = new Bn254Mul(); // EIP-196, EIP-1108
    table[0x08] = new Bn254Pairing(); // EIP-197, EIP-1108
    table[0x09] = new Blake2f(); // EIP-152
    table[0x0a] = new PointEvaluation(); // EIP-4844
    return new Precompiles(table);
  }

  /** The precompile at {@code address}, or {@code null} if it is an ordinary account. */
  public Precompile get(Address address) {
    byte[] b = address.unsafeBytes();
    for (int i = 0; i < Address.SIZE - 1; i++) {
      if (b[i] != 0) {
        return null;
      }
    }
    return byLowByte[b[Address.SIZE - 1] & 0xff];
  }

  /** Every precompile address, warm from the start of each transaction (EIP-2929). */
  public List<Address> addresses() {
    return addresses;
  }
}
