/**
 * The genesis builder: from a YAML config ({@link org.gridledger.genesis.GenesisConfigReader}) to a
 * go-ethereum style genesis file in which the six grid contracts sit at their fixed addresses
 * ({@link org.gridledger.genesis.GridContract}), initialised by running their {@code initialize}
 * calls through our EVM at build time ({@link org.gridledger.genesis.GenesisBuilder}, decision
 * 0008); optionally with a synthetic grid for benchmarks ({@link
 * org.gridledger.genesis.SyntheticGrid}). Also the embedded devnet genesis ({@link
 * org.gridledger.genesis.GridDevnet}). Reference: docs/genesis.md.
 */
package org.gridledger.genesis;
