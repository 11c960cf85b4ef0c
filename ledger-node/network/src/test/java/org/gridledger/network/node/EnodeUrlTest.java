package org.gridledger.network.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.network.Eip8Vectors;
import org.gridledger.network.WireFormatException;
import org.junit.jupiter.api.Test;

class EnodeUrlTest {
  private static final NodeId ID = NodeId.of(PrivateKey.fromHex(Eip8Vectors.STATIC_KEY_B));
  private static final String HEX =
      "ca634cae0d49acb401d8a4c6b6fe8c55b70d115bf400769cc1400f3258cd3138"
          + "7574077f301b421bc84df7266c44e9e6d569fc56be00812904767bf5ccd1fc7f";

  @Test
  void parsesAndFormatsTheForms() {
    EnodeUrl plain = EnodeUrl.parse("enode://" + HEX + "@127.0.0.1:30303");
    assertThat(plain).isEqualTo(new EnodeUrl(ID, "127.0.0.1", 30303, 30303));
    assertThat(plain.format()).isEqualTo("enode://" + HEX + "@127.0.0.1:30303");

    EnodeUrl disc = EnodeUrl.parse("enode://" + HEX + "@10.3.58.6:30303?discport=30301");
    assertThat(disc.udpPort()).isEqualTo(30301);
    assertThat(disc.format()).endsWith("@10.3.58.6:30303?discport=30301");

    EnodeUrl v6 = EnodeUrl.parse("enode://" + HEX + "@[::1]:30303");
    assertThat(v6.host()).isEqualTo("::1");
    assertThat(v6.format()).endsWith("@[::1]:30303");

    EnodeUrl dns = EnodeUrl.parse("enode://" + HEX + "@boot.example.org:1");
    assertThat(dns.host()).isEqualTo("boot.example.org");
  }

  @Test
  void rejectsMalformedUrlsWithOffsets() {
    String[] bad = {
      "enr://" + HEX + "@1.2.3.4:1",
      "enode://" + HEX.substring(2) + "@1.2.3.4:1",
      "enode://" + HEX + "1.2.3.4:1",
      "enode://" + HEX + "@1.2.3.4",
      "enode://" + HEX + "@1.2.3.4:65536",
      "enode://" + HEX + "@1.2.3.4:x",
      "enode://" + HEX + "@1.2.3.4:1?foo=2",
      "enode://" + HEX + "@[::1:1",
      "enode://" + HEX + "@bad_host:1",
      "enode://" + "00".repeat(64) + "@1.2.3.4:1",
    };
    for (String url : bad) {
      assertThatThrownBy(() -> EnodeUrl.parse(url)).as(url).isInstanceOf(WireFormatException.class);
    }
  }
}
