package org.gridledger.consensus.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.gridledger.consensus.BftConfig;
import org.gridledger.consensus.message.Prepare;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.consensus.sim.BftSimulation;
import org.gridledger.consensus.validator.ValidatorSet;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Signature;
import org.gridledger.evm.types.Hash;
import org.junit.jupiter.api.Test;

/** docs/consensus.md, "Relaying": which received messages a node relays, ignores or blames. */
class RelayFilterTest {
  private static final BftConfig CONFIG = BftSimulation.testConfig(10);
  private final List<PrivateKey> keys = BftSimulation.keys(6);
  private final ValidatorSet oldSet = set(0, 1, 2, 3);
  private final ValidatorSet newSet = set(0, 1, 2, 4);
  private final Hash block = Hash.fromHex("0x" + "11".repeat(32));

  private ValidatorSet set(Integer... members) {
    return new ValidatorSet(
        BftSimulation.validators(
            keys, List.of(members), java.util.Collections.nCopies(members.length, 1L)));
  }

  private Prepare prepare(int key, long height) {
    return new Prepare(
        SignedVote.sign(
            new Vote(VoteType.PREPARE, height, 0, block), CONFIG.chainId(), keys.get(key)));
  }

  private RelayFilter at(long height, ValidatorSet headSet, ValidatorSet set) {
    return new RelayFilter(CONFIG, new RelayFilter.View(height, headSet, set, Optional.empty()));
  }

  @Test
  void aValidatorOfTheSetInForceIsRelayedWithinTheWindow() {
    RelayFilter f = at(5, oldSet, oldSet);
    assertThat(f.check(prepare(1, 5)))
        .isEqualTo(new RelayFilter.Verdict.Relay(keys.get(1).address()));
    assertThat(f.check(prepare(2, 4))).isInstanceOf(RelayFilter.Verdict.Relay.class);
    assertThat(f.check(prepare(3, 5 + RelayFilter.FUTURE_HEIGHTS)))
        .isInstanceOf(RelayFilter.Verdict.Relay.class);
  }

  @Test
  void aNonValidatorsVoteIsAnOffence() {
    RelayFilter f = at(5, oldSet, oldSet);
    assertThat(f.check(prepare(5, 5))).isInstanceOf(RelayFilter.Verdict.Offence.class);
    assertThat(f.check(prepare(4, 4))).isInstanceOf(RelayFilter.Verdict.Offence.class);
    assertThat(f.check(prepare(5, 9))).isInstanceOf(RelayFilter.Verdict.Offence.class);
  }

  @Test
  void aForgedOrMalleatedSignatureIsAnOffence() {
    RelayFilter f = at(5, oldSet, oldSet);
    SignedVote good = prepare(1, 5).vote();
    Signature s = good.signature();
    // The same vote with the value changed: the signature recovers to some other address.
    SignedVote moved =
        new SignedVote(new Vote(VoteType.PREPARE, 5, 0, Hash.fromHex("0x" + "22".repeat(32))), s);
    assertThat(f.check(new Prepare(moved))).isInstanceOf(RelayFilter.Verdict.Offence.class);
  }

  @Test
  void heightsOutsideTheWindowAreIgnoredNotBlamed() {
    RelayFilter f = at(5, oldSet, oldSet);
    assertThat(f.check(prepare(1, 3))).isInstanceOf(RelayFilter.Verdict.Ignore.class);
    assertThat(f.check(prepare(1, 6 + RelayFilter.FUTURE_HEIGHTS)))
        .isInstanceOf(RelayFilter.Verdict.Ignore.class);
    assertThat(f.check(prepare(5, 100))).isInstanceOf(RelayFilter.Verdict.Ignore.class);
  }

  @Test
  void acrossAnEpochChange() {
    // Deciding height 9, epoch 0's last: a newcomer's vote for height 10 is not judged until the
    // epoch-end proposal names the next set; then it is relayed and a stranger's is blamed.
    RelayFilter f = at(9, oldSet, oldSet);
    assertThat(f.check(prepare(4, 10))).isInstanceOf(RelayFilter.Verdict.Ignore.class);
    f.update(new RelayFilter.View(9, oldSet, oldSet, Optional.of(newSet)));
    assertThat(f.check(prepare(4, 10))).isInstanceOf(RelayFilter.Verdict.Relay.class);
    assertThat(f.check(prepare(3, 10))).isInstanceOf(RelayFilter.Verdict.Offence.class);
    assertThat(f.check(prepare(5, 10))).isInstanceOf(RelayFilter.Verdict.Offence.class);
    // At height 10 (new set), a late commit of the old set's height 9 is still relayed.
    f.update(new RelayFilter.View(10, oldSet, newSet, Optional.empty()));
    assertThat(f.check(prepare(3, 9))).isInstanceOf(RelayFilter.Verdict.Relay.class);
    assertThat(f.check(prepare(3, 10))).isInstanceOf(RelayFilter.Verdict.Offence.class);
    assertThat(f.check(prepare(4, 10))).isInstanceOf(RelayFilter.Verdict.Relay.class);
  }
}
