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
    // Filled by the precompile implementations (ecrecover … point evaluation).
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
