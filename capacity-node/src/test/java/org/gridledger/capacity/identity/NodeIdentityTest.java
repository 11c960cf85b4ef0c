package org.gridledger.capacity.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.gridledger.sdk.account.Keystore;
import org.gridledger.sdk.account.TwinKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {
  @TempDir Path dir;

  @Test
  void firstBootCreatesASealedIdentityThatReopens() throws Exception {
    NodeIdentity first = NodeIdentity.openOrCreate(dir, "correct horse", Keystore.Strength.LIGHT);
    assertThat(first.created()).isTrue();
    NodeIdentity again = NodeIdentity.openOrCreate(dir, "correct horse", Keystore.Strength.LIGHT);
    assertThat(again.created()).isFalse();
    assertThat(again.address()).isEqualTo(first.address());
    assertThat(again.deploymentKey()).isEqualTo(first.deploymentKey());
    // The X25519 key is the SDK's twin-key derivation of the account key.
    assertThat(again.deploymentKey())
        .isEqualTo(TwinKeys.derive(again.account().credentials().getEcKeyPair().getPrivateKey()));

    Path id = dir.resolve("identity");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(id)))
        .isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(id)) {
      var all = files.toList();
      assertThat(all).hasSize(2);
      String privHex = first.account().credentials().getEcKeyPair().getPrivateKey().toString(16);
      for (Path f : all) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
            .isEqualTo("rw-------");
        String text = Files.readString(f);
        assertThat(text).doesNotContain(privHex);
        assertThat(text)
            .doesNotContain(java.util.HexFormat.of().formatHex(first.deploymentKey().privateKey()));
      }
    }
  }

  @Test
  void aWrongPassphraseIsRefused() throws Exception {
    NodeIdentity.openOrCreate(dir, "right", Keystore.Strength.LIGHT);
    assertThatThrownBy(() -> NodeIdentity.openOrCreate(dir, "wrong", Keystore.Strength.LIGHT))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("wrong password");
  }

  @Test
  void passphraseFromEnvironmentOrPrivateFile() throws Exception {
    assertThat(
            NodeIdentity.passphrase(
                Map.of(NodeIdentity.PASSPHRASE_ENV, "from-env"), Optional.empty()))
        .isEqualTo("from-env");
    Path file = dir.resolve("pass");
    Files.writeString(file, "from-file\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> NodeIdentity.passphrase(Map.of(), Optional.of(file)))
        .hasMessageContaining("chmod 600");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThat(NodeIdentity.passphrase(Map.of(), Optional.of(file))).isEqualTo("from-file");
    assertThatThrownBy(() -> NodeIdentity.passphrase(Map.of(), Optional.empty()))
        .hasMessageContaining(NodeIdentity.PASSPHRASE_ENV);
  }

  @Test
  void capacityOverridesReplaceDetection() throws Exception {
    var detected =
        HostCapacity.detect(dir, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
    assertThat(detected.cru()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(detected.mru()).isEqualTo(HostCapacity.memTotal(Path.of("/proc/meminfo")));
    assertThat(detected.sru()).isEqualTo(Files.getFileStore(dir).getTotalSpace());
    var part =
        HostCapacity.detect(
            dir, OptionalLong.of(1), OptionalLong.of(1L << 30), OptionalLong.of(5L << 30));
    assertThat(part).isEqualTo(new org.gridledger.sdk.Capacity(1, 1L << 30, 5L << 30, 0));
  }

  @Test
  void memTotalParsesTheKernelFormat() throws Exception {
    Path f = dir.resolve("meminfo");
    Files.writeString(f, "MemFree:  100 kB\nMemTotal:       16318480 kB\n");
    assertThat(HostCapacity.memTotal(f)).isEqualTo(16318480L * 1024);
  }
}
