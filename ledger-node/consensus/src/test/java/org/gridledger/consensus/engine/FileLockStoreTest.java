package org.gridledger.consensus.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.message.ConsensusMessageCodec;
import org.gridledger.consensus.message.Prepare;
import org.gridledger.consensus.message.Proposal;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.consensus.sim.BftSimulation;
import org.gridledger.consensus.sim.SimChain;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.evm.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

/** The durable lock: round trip across reopen, replacement, and damage refused. */
class FileLockStoreTest {
  private final Path dir =
      Path.of("target", "file-lock-store-test", Long.toString(System.nanoTime()));
  private final List<PrivateKey> keys = BftSimulation.keys(4);
  private final BlockHeader genesis =
      SimChain.genesis(
          BftSimulation.validators(keys, List.of(0, 1, 2, 3), List.of(1L, 1L, 1L, 1L)));

  private Proposal lock(String name, int round) {
    Block b = SimChain.block(genesis, name, List.of(), CommitCertificate.EMPTY);
    long chain = BftSimulation.testConfig(100).chainId();
    List<SignedVote> certificate =
        List.of(1, 2, 3).stream()
            .map(
                k ->
                    SignedVote.sign(
                        new Vote(VoteType.PREPARE, 1, round, b.hash()), chain, keys.get(k)))
            .toList();
    return new Proposal(
        SignedVote.sign(new Vote(VoteType.PROPOSAL, 1, round, b.hash()), chain, keys.get(1)),
        b,
        List.of(),
        certificate);
  }

  @Test
  void aSavedLockIsLoadedAfterReopeningAndReplacedByTheNext() throws Exception {
    assertThat(FileLockStore.open(dir).load()).isEmpty();
    Proposal first = lock("B", 0);
    FileLockStore.open(dir).save(first);
    assertThat(FileLockStore.open(dir).load()).contains(first);
    Proposal second = lock("C", 2);
    FileLockStore.open(dir).save(second);
    assertThat(FileLockStore.open(dir).load()).contains(second);
    assertThat(Files.exists(dir.resolve(FileLockStore.FILE + ".tmp"))).isFalse();
  }

  @Test
  void aDamagedOrForeignLockFileIsRefused() throws Exception {
    FileLockStore store = FileLockStore.open(dir);
    Files.write(dir.resolve(FileLockStore.FILE), new byte[] {1, 2, 3});
    assertThatThrownBy(store::load).isInstanceOf(SigningLogException.class);
    Proposal p = lock("B", 0);
    Files.write(
        dir.resolve(FileLockStore.FILE),
        ConsensusMessageCodec.encode(new Prepare(p.preparedCertificate().getFirst())));
    assertThatThrownBy(store::load)
        .isInstanceOf(SigningLogException.class)
        .hasMessageContaining("not a proposal");
  }
}
