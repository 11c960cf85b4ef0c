package org.gridledger.consensus.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridledger.consensus.BftConfig;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.message.Proposal;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.consensus.message.VoteVerifier;
import org.gridledger.consensus.sim.BftSimulation;
import org.gridledger.consensus.sim.SimChain;
import org.gridledger.consensus.validator.ValidatorSet;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/consensus.md, "Durable signing log": reopen, torn tails, corruption, compaction. */
class FileSigningLogTest {
  private static final BftConfig CONFIG = BftSimulation.testConfig(100);
  private static final long CHAIN = CONFIG.chainId();
  private final List<PrivateKey> keys = BftSimulation.keys(4);

  @TempDir Path dir;

  private SignedVote vote(long height, int round, VoteType type, String value) {
    return SignedVote.sign(
        new Vote(
            type,
            height,
            round,
            Keccak.of(value.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
        CHAIN,
        keys.get(0));
  }

  private List<SignedVote> someVotes(int n) {
    List<SignedVote> votes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      votes.add(vote(1 + i / 4, 0, VoteType.values()[i % 4], "v" + i));
    }
    return votes;
  }

  private Path writeLog(Path at, List<SignedVote> votes) {
    try (FileSigningLog log = FileSigningLog.open(at)) {
      votes.forEach(log::record);
      return log.file();
    }
  }

  private static Path copyTo(Path source, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path target = dir.resolve(FileSigningLog.FILE_NAME);
    Files.copy(source, target);
    return target;
  }

  @Test
  void votesSurviveCloseAndReopen() {
    List<SignedVote> votes = someVotes(6);
    writeLog(dir, votes);
    try (FileSigningLog log = FileSigningLog.open(dir)) {
      for (SignedVote v : votes) {
        assertThat(log.find(v.vote().height(), v.vote().round(), v.vote().type())).contains(v);
      }
      assertThat(log.find(9, 0, VoteType.PREPARE)).isEmpty();
      assertThat(log.truncatedTailBytes()).isZero();
    }
  }

  /**
   * A crash can stop the file at any byte. Whatever the cut, opening succeeds, every record that
   * was complete (its {@code record} had returned) is there, and nothing else.
   */
  @Test
  void aCrashAtAnyByteKeepsEveryCompletedRecord() throws IOException {
    List<SignedVote> votes = someVotes(3);
    Path full = writeLog(dir.resolve("full"), votes);
    long size = Files.size(full);
    assertThat(size).isEqualTo(8 + 3L * FileSigningLog.RECORD_SIZE);
    for (long cut = 0; cut <= size; cut++) {
      Path copyDir = dir.resolve("cut" + cut);
      Path copy = copyTo(full, copyDir);
      try (RandomAccessFile f = new RandomAccessFile(copy.toFile(), "rw")) {
        f.setLength(cut);
      }
      long complete = cut < 8 ? 0 : (cut - 8) / FileSigningLog.RECORD_SIZE;
      try (FileSigningLog log = FileSigningLog.open(copyDir)) {
        for (int i = 0; i < votes.size(); i++) {
          Vote v = votes.get(i).vote();
          assertThat(log.find(v.height(), v.round(), v.type()).isPresent())
              .as("record %d after a cut at %d", i, cut)
              .isEqualTo(i < complete);
        }
        // The log is usable again: the torn tail is gone and the next record lands after the last.
        log.record(vote(7, 0, VoteType.COMMIT, "after"));
      }
      try (FileSigningLog log = FileSigningLog.open(copyDir)) {
        assertThat(log.find(7, 0, VoteType.COMMIT)).isPresent();
        assertThat(log.truncatedTailBytes()).isZero();
      }
    }
  }

  @Test
  void aCompleteButGarbledLastRecordIsATornWriteAndIsDropped() throws IOException {
    List<SignedVote> votes = someVotes(2);
    Path file = writeLog(dir, votes);
    // The file grew by a record but the data never reached the disk (zeros), as after power loss.
    Files.write(
        file, new byte[FileSigningLog.RECORD_SIZE], java.nio.file.StandardOpenOption.APPEND);
    try (FileSigningLog log = FileSigningLog.open(dir)) {
      assertThat(log.truncatedTailBytes()).isEqualTo(FileSigningLog.RECORD_SIZE);
      assertThat(log.find(1, 0, VoteType.PROPOSAL)).contains(votes.get(0));
      assertThat(log.find(1, 0, VoteType.PREPARE)).contains(votes.get(1));
    }
    assertThat(Files.size(file)).isEqualTo(8 + 2L * FileSigningLog.RECORD_SIZE);
  }

  @Test
  void corruptionBeforeTheLastRecordRefusesToOpen() throws IOException {
    Path file = writeLog(dir, someVotes(3));
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(8 + FileSigningLog.RECORD_SIZE + 20); // inside record 1's value
      int b = f.read();
      f.seek(8 + FileSigningLog.RECORD_SIZE + 20);
      f.write(b ^ 0x01);
    }
    assertThatThrownBy(() -> FileSigningLog.open(dir))
        .isInstanceOf(SigningLogException.class)
        .hasMessageContaining("record 1 at offset " + (8 + FileSigningLog.RECORD_SIZE))
        .hasMessageContaining("not the last");
    // Nothing was cut: the operator still has the evidence.
    assertThat(Files.size(file)).isEqualTo(8 + 3L * FileSigningLog.RECORD_SIZE);
  }

  @Test
  void aCorruptRecordFollowedByATornTailIsAlsoRefused() throws IOException {
    Path file = writeLog(dir, someVotes(2));
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(8 + FileSigningLog.RECORD_SIZE + 5);
      f.write(0xAA);
      f.setLength(f.length() + 30);
    }
    assertThatThrownBy(() -> FileSigningLog.open(dir)).isInstanceOf(SigningLogException.class);
  }

  @Test
  void aFileThatIsNotASigningLogIsRefused() throws IOException {
    Files.write(dir.resolve(FileSigningLog.FILE_NAME), "hello, world, not a log".getBytes());
    assertThatThrownBy(() -> FileSigningLog.open(dir))
        .isInstanceOf(SigningLogException.class)
        .hasMessageContaining("bad header");
  }

  @Test
  void oneLogHasOneSigner() {
    try (FileSigningLog log = FileSigningLog.open(dir)) {
      assertThat(log.file()).exists();
      assertThatThrownBy(() -> FileSigningLog.open(dir))
          .isInstanceOf(SigningLogException.class)
          .hasMessageContaining("in use");
    }
    FileSigningLog.open(dir).close();
  }

  @Test
  void aSecondDifferentVoteForASlotIsRefused() {
    try (FileSigningLog log = FileSigningLog.open(dir)) {
      log.record(vote(5, 1, VoteType.PREPARE, "a"));
      log.record(vote(5, 1, VoteType.PREPARE, "a")); // the same vote again: harmless
      assertThatThrownBy(() -> log.record(vote(5, 1, VoteType.PREPARE, "b")))
          .isInstanceOf(SigningLogException.class);
    }
  }

  @Test
  void pruningCompactsTheFileAndKeepsLiveSlots() throws IOException {
    int n = FileSigningLog.COMPACT_THRESHOLD + 8;
    try (FileSigningLog log = FileSigningLog.open(dir)) {
      for (int h = 0; h < n; h++) {
        log.record(vote(h, 0, VoteType.COMMIT, "h" + h));
      }
      log.pruneBelow(n - 4);
      assertThat(Files.size(log.file())).isEqualTo(8 + 4L * FileSigningLog.RECORD_SIZE);
      log.record(vote(n, 0, VoteType.COMMIT, "next"));
    }
    try (FileSigningLog log = FileSigningLog.open(dir)) {
      assertThat(log.find(n - 5, 0, VoteType.COMMIT)).isEmpty();
      for (int h = n - 4; h <= n; h++) {
        assertThat(log.find(h, 0, VoteType.COMMIT)).as("height %d", h).isPresent();
      }
    }
    assertThat(dir.resolve(FileSigningLog.FILE_NAME + ".tmp")).doesNotExist();
  }

  /** BftEngineTest's restart scenario with the durable log and a real process-style reopen. */
  @Test
  void aRestartedEngineKeepsToTheVoteOnDisk() {
    ValidatorSet set =
        new ValidatorSet(
            BftSimulation.validators(keys, List.of(0, 1, 2, 3), List.of(1L, 1L, 1L, 1L)));
    BlockHeader genesis = SimChain.genesis(set.validators());
    Block blockB = SimChain.block(genesis, "B", List.of(), CommitCertificate.EMPTY);
    Block blockC = SimChain.block(genesis, "C", List.of(), CommitCertificate.EMPTY);
    try (FileSigningLog log = FileSigningLog.open(dir)) {
      BftEngine before = engine(genesis, set, log);
      before.start();
      before.onMessage(new Proposal(proposal(blockB.hash()), blockB, List.of(), List.of()));
      assertThat(before.onBlockValidated(blockB.hash(), true))
          .anyMatch(a -> a instanceof Action.Broadcast);
    }
    try (FileSigningLog log = FileSigningLog.open(dir)) {
      BftEngine after = engine(genesis, set, log);
      after.start();
      after.onMessage(new Proposal(proposal(blockC.hash()), blockC, List.of(), List.of()));
      assertThat(after.onBlockValidated(blockC.hash(), true))
          .noneMatch(a -> a instanceof Action.Broadcast);
      assertThat(log.find(1, 0, VoteType.PREPARE).orElseThrow().vote().value())
          .isEqualTo(blockB.hash());
    }
  }

  private SignedVote proposal(Hash block) {
    return SignedVote.sign(new Vote(VoteType.PROPOSAL, 1, 0, block), CHAIN, keys.get(1));
  }

  private BftEngine engine(BlockHeader genesis, ValidatorSet set, SigningLog log) {
    return new BftEngine(
        CONFIG,
        keys.get(0),
        new VoteVerifier(CHAIN),
        genesis,
        CommitCertificate.EMPTY,
        set,
        set,
        log);
  }
}
