/**
 * Recursive Length Prefix encoding (Ethereum Yellow Paper, appendix B). {@link
 * org.gridledger.core.rlp.RlpReader} decodes strictly canonical input without copying; {@link
 * org.gridledger.core.rlp.RlpWriter} encodes. Every decoding failure is an {@link
 * org.gridledger.core.rlp.RlpException} naming what was wrong and at which offset.
 */
package org.gridledger.core.rlp;
