/**
 * What executing a transaction leaves behind: {@link org.gridledger.evm.types.Log} entries in RLP
 * ({@link org.gridledger.core.receipt.LogCodec}), the 2048-bit {@link
 * org.gridledger.core.receipt.LogsBloom} over them (Yellow Paper, section 4.4.1, M3:2048), and the
 * {@link org.gridledger.core.receipt.Receipt} whose EIP-2718 typed encoding is the value stored in
 * a block's receipts trie. Decoding failures are {@link org.gridledger.core.rlp.RlpException}s
 * naming what and where.
 */
package org.gridledger.core.receipt;
