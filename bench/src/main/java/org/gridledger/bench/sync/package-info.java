/**
 * {@code make bench-sync}: how fast a fresh full node catches up with a 4-validator BFT devnet
 * (real {@code gridledger node} processes), with several peers and with one, next to {@code
 * gridledger import} of the same chain as an RLP file.
 */
package org.gridledger.bench.sync;
