package org.gridledger.consensus.engine;

import java.util.Objects;
import java.util.Optional;
import org.gridledger.consensus.BftConfig;
import org.gridledger.consensus.message.ConsensusMessage;
import org.gridledger.consensus.message.VoteVerifier;
import org.gridledger.consensus.validator.ValidatorSet;
import org.gridledger.evm.types.Address;

/**
 * Decides, before a node relays or processes a consensus message received from a peer, whether the
 * message may be from a validator (docs/consensus.md, "Relaying"): its vote signature must recover
 * to a member of the set in force at its height (or of the next epoch's set, once known), and its
 * height must lie within a window around the node's own. Relaying only such messages keeps a forger
 * from using honest nodes to flood the network, and names the peer that sent it.
 *
 * <p>Thread-safe: peers' reader threads call {@link #check}, the consensus thread calls {@link
 * #update}. Signer recovery is memoised by its own {@link VoteVerifier}.
 */
public final class RelayFilter {
  /** Messages this many heights below the node's are still relayed (a peer may be one behind). */
  public static final long PAST_HEIGHTS = 1;

  /** Messages up to this many heights above the node's are relayed (as the engine buffers). */
  public static final long FUTURE_HEIGHTS = BftEngine.FUTURE_HEIGHTS;

  /** What to do with a message. */
  public sealed interface Verdict {
    /** Signed by a validator within the window: process and relay. */
    record Relay(Address signer) implements Verdict {}

    /**
     * Outside the window, or signed by someone not known to be a validator of a later epoch whose
     * set this node does not know yet: neither processed nor relayed, but no fault of the sender.
     */
    record Ignore(String why) implements Verdict {}

    /** Provably invalid: dropped, and the peer that sent it is scored down. */
    record Offence(String why) implements Verdict {}
  }

  /**
   * What the node knows about heights and sets.
   *
   * @param height the height being decided
   * @param headSet the set in force at {@code height - 1}
   * @param set the set in force at {@code height}
   * @param nextEpochSet the set of the epoch after {@code height}'s, once a proposal of its
   *     epoch-end block names it
   */
  public record View(
      long height, ValidatorSet headSet, ValidatorSet set, Optional<ValidatorSet> nextEpochSet) {
    public View {
      Objects.requireNonNull(headSet, "headSet");
      Objects.requireNonNull(set, "set");
      Objects.requireNonNull(nextEpochSet, "nextEpochSet");
    }
  }

  private final BftConfig config;
  private final VoteVerifier verifier;
  private volatile View view;

  public RelayFilter(BftConfig config, View initial) {
    this.config = config;
    this.verifier = new VoteVerifier(config.chainId());
    this.view = Objects.requireNonNull(initial, "initial");
  }

  /** The node moved on (a new height, or the next epoch's set became known). */
  public void update(View newView) {
    this.view = Objects.requireNonNull(newView, "newView");
  }

  public View view() {
    return view;
  }

  /** The verdict on {@code message} under the current view. */
  public Verdict check(ConsensusMessage message) {
    View v = view;
    Optional<Address> recovered;
    synchronized (verifier) {
      recovered = verifier.signer(message.vote());
    }
    if (recovered.isEmpty()) {
      return new Verdict.Offence("the vote signature does not recover to an address");
    }
    Address signer = recovered.get();
    long h = message.height();
    if (h < v.height() - PAST_HEIGHTS || h > v.height() + FUTURE_HEIGHTS) {
      return new Verdict.Ignore("height " + h + " outside the window around " + v.height());
    }
    if (h < v.height()) {
      return v.headSet().contains(signer) || v.set().contains(signer)
          ? new Verdict.Relay(signer)
          : new Verdict.Offence(signer + " is not a validator at height " + h);
    }
    if (config.epochOf(h) == config.epochOf(v.height())) {
      return v.set().contains(signer)
          ? new Verdict.Relay(signer)
          : new Verdict.Offence(signer + " is not a validator at height " + h);
    }
    boolean nextEpoch = config.epochOf(h) == config.epochOf(v.height()) + 1;
    if (nextEpoch && v.nextEpochSet().isPresent()) {
      return v.nextEpochSet().get().contains(signer)
          ? new Verdict.Relay(signer)
          : new Verdict.Offence(signer + " is not a validator at height " + h);
    }
    if (v.set().contains(signer)) {
      return new Verdict.Relay(signer); // most sets carry over; the engine checks again
    }
    return new Verdict.Ignore(signer + " is not known as a validator of height " + h + " yet");
  }
}
