/**
 * The single-validator development network: dev keys from the standard test mnemonic ({@link
 * org.gridledger.core.devnet.HdKeys}), the embedded devnet genesis ({@link
 * org.gridledger.core.devnet.DevnetGenesis}), the block producer and its header seal ({@link
 * org.gridledger.core.devnet.BlockProducer}, {@link org.gridledger.core.devnet.HeaderSeal}).
 */
package org.gridledger.core.devnet;
