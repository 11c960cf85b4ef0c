/**
 * The consensus engine (docs/consensus.md, "Rules for one height"): {@link
 * org.gridledger.consensus.engine.BftEngine}, a deterministic state machine without threads or
 * clock that turns inputs into {@link org.gridledger.consensus.engine.Action}s, and {@link
 * org.gridledger.consensus.engine.BftDriver}, which performs them through the seams a node
 * implements ({@link org.gridledger.consensus.engine.BlockCreator}, {@link
 * org.gridledger.consensus.engine.BlockValidator}, {@link
 * org.gridledger.consensus.engine.Committer}, {@link org.gridledger.consensus.engine.Gossip},
 * {@link org.gridledger.consensus.engine.EvidenceSink}, {@link
 * org.gridledger.consensus.engine.BlockSync}, {@link
 * org.gridledger.consensus.engine.TimerService}), and the {@link
 * org.gridledger.consensus.engine.SigningLog} that keeps a validator from contradicting its own
 * votes.
 */
package org.gridledger.consensus.engine;
