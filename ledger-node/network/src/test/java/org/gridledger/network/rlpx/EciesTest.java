package org.gridledger.network.rlpx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.node.NodeId;
import org.junit.jupiter.api.Test;

class EciesTest {
  private final SecureRandom random = new SecureRandom();
  private final PrivateKey bob = PrivateKey.random(random);

  @Test
  void roundTripsWithAuthenticatedSharedData() {
    byte[] message = "hello bob".getBytes(StandardCharsets.US_ASCII);
    byte[] aad = {1, 2};
    byte[] c = Ecies.encrypt(NodeId.of(bob), message, aad, random);
    assertThat(c).hasSize(message.length + Ecies.OVERHEAD);
    assertThat(Ecies.decrypt(bob, c, aad)).isEqualTo(message);
    assertThatThrownBy(() -> Ecies.decrypt(bob, c, new byte[] {1, 3}))
        .isInstanceOf(WireFormatException.class);
  }

  @Test
  void rejectsShortInputAndBadPoints() {
    assertThatThrownBy(() -> Ecies.decrypt(bob, new byte[Ecies.OVERHEAD - 1], new byte[0]))
        .isInstanceOf(WireFormatException.class);
    byte[] bad = new byte[Ecies.OVERHEAD + 4];
    bad[0] = 0x04;
    assertThatThrownBy(() -> Ecies.decrypt(bob, bad, new byte[0]))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("not on the curve");
  }
}
