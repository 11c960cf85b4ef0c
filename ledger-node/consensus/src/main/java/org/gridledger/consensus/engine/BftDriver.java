package org.gridledger.consensus.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.message.ConsensusMessage;
import org.gridledger.core.block.Block;
import org.gridledger.evm.types.Hash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link BftEngine} against a node's seams: feeds it events and performs the actions it
 * returns, in order. Block building is called synchronously and its result fed straight back;
 * validation goes through {@link BlockValidator#validate(Block, java.util.function.Consumer)},
 * whose answer is fed back whenever it comes (at once by default, later when the node validates on
 * another thread). Not thread-safe: every method, timer callbacks and validation answers included,
 * must run on one thread (the node's consensus thread, or the simulation's scheduler).
 */
public final class BftDriver {
  private static final Logger LOG = LoggerFactory.getLogger(BftDriver.class);

  /** The seams a node implements for the driver. */
  public record Seams(
      BlockCreator creator,
      BlockValidator validator,
      Committer committer,
      Gossip gossip,
      EvidenceSink evidence,
      BlockSync sync,
      TimerService timers) {
    public Seams {
      Objects.requireNonNull(creator, "creator");
      Objects.requireNonNull(validator, "validator");
      Objects.requireNonNull(committer, "committer");
      Objects.requireNonNull(gossip, "gossip");
      Objects.requireNonNull(evidence, "evidence");
      Objects.requireNonNull(sync, "sync");
      Objects.requireNonNull(timers, "timers");
    }
  }

  private final BftEngine engine;
  private final Seams seams;
  private final Deque<Action> pending = new ArrayDeque<>();
  private boolean performing;

  public BftDriver(BftEngine engine, Seams seams) {
    this.engine = engine;
    this.seams = seams;
  }

  public BftEngine engine() {
    return engine;
  }

  public void start() {
    perform(engine.start());
  }

  public void onMessage(ConsensusMessage message) {
    perform(engine.onMessage(message));
  }

  /** A peer connected: see {@link BftEngine#onPeerConnected()}. */
  public void onPeerConnected() {
    perform(engine.onPeerConnected());
  }

  public void onCertifiedBlock(Block block, CommitCertificate certificate) {
    perform(engine.onCertifiedBlock(block, certificate));
  }

  private void perform(List<Action> actions) {
    pending.addAll(actions);
    if (performing) {
      return; // an outer call drains the queue
    }
    performing = true;
    try {
      while (!pending.isEmpty()) {
        Action a = pending.poll();
        switch (a) {
          case Action.Broadcast b -> {
            LOG.atDebug()
                .addKeyValue("height", b.message().height())
                .addKeyValue("round", b.message().round())
                .log(() -> "send " + b.message().getClass().getSimpleName());
            seams.gossip().broadcast(b.message());
          }
          case Action.ScheduleTimeout t ->
              seams
                  .timers()
                  .schedule(
                      t.timeout(),
                      t.delayMillis(),
                      () -> {
                        LOG.atDebug()
                            .addKeyValue("height", t.timeout().height())
                            .addKeyValue("round", t.timeout().round())
                            .log(() -> "timeout " + t.timeout().kind());
                        perform(engine.onTimeout(t.timeout()));
                      });
          case Action.BuildBlock b ->
              pending.addAll(engine.onBlockBuilt(b.height(), b.round(), seams.creator().build(b)));
          case Action.ValidateBlock v -> {
            Hash hash = v.block().hash();
            seams
                .validator()
                .validate(v.block(), valid -> perform(engine.onBlockValidated(hash, valid)));
          }
          case Action.CommitBlock c -> {
            LOG.atDebug()
                .addKeyValue("height", c.block().number())
                .addKeyValue("round", c.certificate().round())
                .log("block final");
            seams.committer().commit(c.block(), c.certificate());
          }
          case Action.ReportEvidence e -> {
            LOG.atWarn()
                .addKeyValue("signer", e.evidence().signer())
                .addKeyValue("height", e.evidence().first().vote().height())
                .log("double sign");
            seams.evidence().report(e.evidence());
          }
          case Action.RequestSync s -> seams.sync().request(s.fromHeight(), s.peer());
        }
      }
    } finally {
      performing = false;
    }
  }
}
