/**
 * Validator sets: ordered signers with stake weights, quorum arithmetic (more than 2/3 of the
 * weight) and round-robin proposer selection (docs/consensus.md, "Validators, weights, quorum").
 */
package org.gridledger.consensus.validator;
