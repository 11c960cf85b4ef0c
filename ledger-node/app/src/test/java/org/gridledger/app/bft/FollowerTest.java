package org.gridledger.app.bft;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node started without a validator key never signs a consensus message. */
class FollowerTest {
  private static final Path DIR =
      Path.of("target", "follower-test", Long.toString(System.nanoTime()));

  private final List<BftNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(BftNode::close);
  }

  /**
   * Three followers whose node keys are three of the four genesis validators' keys: a quorum, had
   * they voted with their node keys (as they did until the engine of a follower got a key of its
   * own: they finalized a block a second, with three seals). Over three block periods, nothing.
   */
  @Test
  void followersWithValidatorNodeKeysFinalizeNothing() throws Exception {
    List<CertifiedChains.Follower> followers =
        CertifiedChains.startFollowerLine(DIR, CertifiedChains.VALIDATORS.subList(0, 3), nodes);
    CertifiedChains.waitUntil(
        () -> nodes.get(1).peerCount() == 2, "the middle node connected to both");
    Thread.sleep(3_000); // the devnet-bft genesis's block period is 1 s
    for (CertifiedChains.Follower f : followers) {
      assertThat(f.node().isValidatorNow()).isFalse();
      assertThat(f.chain().head().number()).as("head of a follower").isZero();
    }
  }
}
