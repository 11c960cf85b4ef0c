/**
 * Consensus messages (docs/consensus.md, "Messages"): signed votes over Staking's {@code
 * voteDigest}, the four messages PROPOSAL, PREPARE, COMMIT and ROUND-CHANGE, and their RLP wire
 * codec.
 */
package org.gridledger.consensus.message;
