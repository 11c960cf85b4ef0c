/**
 * Double-sign evidence (docs/consensus.md, "Evidence"): detection of two conflicting signed votes
 * of one validator and their encoding as a {@code Staking.submitDoubleSignEvidence} call.
 */
package org.gridledger.consensus.evidence;
