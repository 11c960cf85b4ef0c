/**
 * BlockchainTests: block import from genesis, rejection reasons mapped to the vectors' exception
 * names, head and post-state checks.
 */
package org.gridledger.conformance.blockchain;
