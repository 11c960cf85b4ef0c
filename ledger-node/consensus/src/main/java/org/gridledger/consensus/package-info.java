/**
 * The BFT consensus engine of docs/consensus.md: a QBFT-family protocol with stake-weighted quorums
 * whose commit certificates travel in the next block's header (decision 0015). This package owns
 * the protocol parameters ({@link org.gridledger.consensus.BftConfig}).
 */
package org.gridledger.consensus;
