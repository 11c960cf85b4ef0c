/**
 * BFT headers (decision 0015): the extra-data layout carrying the parent's commit certificate and,
 * at epoch ends, the next validator set; finality verification from headers alone; and a light
 * client's tracking of validator sets across epochs.
 */
package org.gridledger.consensus.header;
