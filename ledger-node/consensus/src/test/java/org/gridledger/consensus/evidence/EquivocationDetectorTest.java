package org.gridledger.consensus.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.consensus.sim.BftSimulation;
import org.gridledger.consensus.sim.IndependentStaking;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.junit.jupiter.api.Test;

class EquivocationDetectorTest {
  private static final long CHAIN = 1337;
  private final PrivateKey key = BftSimulation.keys(1).get(0);
  private final Hash a = Hash.fromHex("0x" + "aa".repeat(32));
  private final Hash b = Hash.fromHex("0x" + "bb".repeat(32));

  private SignedVote vote(VoteType t, long h, int r, Hash v) {
    return SignedVote.sign(new Vote(t, h, r, v), CHAIN, key);
  }

  @Test
  void twoVotesForDifferentBlocksInOneSlotAreEvidenceOnce() {
    EquivocationDetector d = new EquivocationDetector();
    assertThat(d.observe(key.address(), vote(VoteType.PREPARE, 5, 1, a))).isEmpty();
    assertThat(d.observe(key.address(), vote(VoteType.PREPARE, 5, 1, a))).isEmpty();
    assertThat(d.observe(key.address(), vote(VoteType.PREPARE, 5, 2, b))).isEmpty();
    assertThat(d.observe(key.address(), vote(VoteType.COMMIT, 5, 1, b))).isEmpty();
    Evidence e = d.observe(key.address(), vote(VoteType.PREPARE, 5, 1, b)).orElseThrow();
    assertThat(e.first().vote().value()).isEqualTo(a);
    assertThat(e.second().vote().value()).isEqualTo(b);
    IndependentStaking.assertValidEvidence(e, CHAIN, key.address());
    assertThat(d.observe(key.address(), vote(VoteType.PREPARE, 5, 1, b))).isEmpty();
    d.pruneBelow(6);
    assertThat(d.observe(key.address(), vote(VoteType.PREPARE, 5, 1, b))).isEmpty();
  }

  @Test
  void callDataTargetsSubmitDoubleSignEvidence() {
    Evidence e =
        new Evidence(key.address(), vote(VoteType.COMMIT, 1, 0, a), vote(VoteType.COMMIT, 1, 0, b));
    byte[] data = e.stakingCallData();
    // selector of
    // submitDoubleSignEvidence((uint64,uint32,uint8,bytes32,bytes),(uint64,uint32,uint8,bytes32,bytes))
    byte[] selector =
        org.web3j.crypto.Hash.sha3(
            "submitDoubleSignEvidence((uint64,uint32,uint8,bytes32,bytes),(uint64,uint32,uint8,bytes32,bytes))"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(Hex.encode(java.util.Arrays.copyOf(data, 4)))
        .isEqualTo(Hex.encode(java.util.Arrays.copyOf(selector, 4)));
    assertThat(data).isEqualTo(IndependentStaking.callData(e));
    assertThat(Evidence.stakingAddress().toHex()).isEqualTo("0x" + "0".repeat(36) + "1006");
    assertThat(List.of(e.signer())).containsExactly(key.address());
  }
}
