/**
 * {@code make bench-devnet}: the four-validator BFT devnet and one full node as real {@code
 * gridledger node} processes under signed-transfer and reservation load over JSON-RPC, with the
 * same load on a single {@code gridledger dev} node as the peer (docs/performance.md).
 */
package org.gridledger.bench.devnet;
