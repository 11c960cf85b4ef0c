/**
 * The Snappy block format (google/snappy format_description.txt), which devp2p uses for every
 * message after Hello between peers of p2p version 5 or later (EIP-706). Only the raw block format:
 * no framing format, no checksums (RLPx frames carry their own MACs).
 */
package org.gridledger.network.snappy;
