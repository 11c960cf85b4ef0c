/**
 * The BFT node: the consensus engine's seams implemented over the node's chain, transaction pool
 * and devp2p peers (docs/consensus.md, "Engine structure"; docs/operator-guide.md, "Run a
 * validator"). {@link org.gridledger.app.bft.BftNode} wires them: one consensus thread runs the
 * {@link org.gridledger.consensus.engine.BftDriver}; blocks are built and checked with core's
 * {@link org.gridledger.core.chain.BlockBuilder}; consensus messages travel over {@code gbft/1},
 * blocks and transactions over {@code eth/68}, and a node that is behind catches up by fetching
 * headers and bodies from several peers at once ({@link org.gridledger.app.bft.BlockDownloader})
 * whose certificates it checks (block N's seals sit in header N+1, decision 0015). Peers come from
 * the bootnodes and discovery v4. {@link org.gridledger.app.bft.CertifiedChainBuilder} writes long
 * certified chains without consensus, for sync tests and benchmarks on public test keys.
 */
package org.gridledger.app.bft;
