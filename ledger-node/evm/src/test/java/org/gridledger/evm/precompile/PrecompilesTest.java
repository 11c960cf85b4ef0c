package org.gridledger.evm.precompile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.gridledger.evm.types.Address;
import org.junit.jupiter.api.Test;

class PrecompilesTest {
  private final Precompiles cancun = Precompiles.cancun();

  @Test
  void cancunHasAddressesOneToTen() {
    List<Address> expected = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      expected.add(Address.ofLow(i));
    }
    assertThat(cancun.addresses()).containsExactlyElementsOf(expected);
  }

  @Test
  void looksUpEachContract() {
    assertThat(cancun.get(Address.ofLow(1))).isInstanceOf(EcRecover.class);
    assertThat(cancun.get(Address.ofLow(2))).isInstanceOf(Sha256.class);
    assertThat(cancun.get(Address.ofLow(3))).isInstanceOf(Ripemd160.class);
    assertThat(cancun.get(Address.ofLow(4))).isInstanceOf(Identity.class);
    assertThat(cancun.get(Address.ofLow(5))).isInstanceOf(ModExp.class);
    assertThat(cancun.get(Address.ofLow(6))).isInstanceOf(Bn254Add.class);
    assertThat(cancun.get(Address.ofLow(7))).isInstanceOf(Bn254Mul.class);
    assertThat(cancun.get(Address.ofLow(8))).isInstanceOf(Bn254Pairing.class);
    assertThat(cancun.get(Address.ofLow(9))).isInstanceOf(Blake2f.class);
    assertThat(cancun.get(Address.ofLow(10))).isInstanceOf(PointEvaluation.class);
  }

  @Test
  void otherAddressesAreOrdinaryAccounts() {
    assertThat(cancun.get(Address.ZERO)).isNull();
    assertThat(cancun.get(Address.ofLow(0x0b))).isNull();
    assertThat(cancun.get(Address.ofLow(0x100))).isNull();
    assertThat(cancun.get(Address.ofLow(0x0100_0000_0000_0001L))).isNull();
    assertThat(cancun.get(Address.fromHex("0x1000000000000000000000000000000000000001"))).isNull();
  }

  @Test
  void namesAreDistinct() {
    assertThat(cancun.addresses().stream().map(a -> cancun.get(a).name()).distinct()).hasSize(10);
  }
}
