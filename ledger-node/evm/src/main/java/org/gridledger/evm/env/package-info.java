/**
 * The inputs of execution: the block ({@link org.gridledger.evm.env.BlockEnv}) and the transaction
 * ({@link org.gridledger.evm.env.TxEnv}) as plain records, plus EIP-4844 blob gas pricing. {@code
 * core} maps its block headers and signed transactions onto them.
 */
package org.gridledger.evm.env;
