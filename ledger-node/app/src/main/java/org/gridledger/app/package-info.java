/**
 * The {@code gridledger} executable: the picocli commands ({@code dev}, {@code node}, {@code
 * import}, {@code conformance}) with their option mixins and {@link
 * org.gridledger.app.ConfigFileDefaults} (TOML config file and {@code GRIDLEDGER_*} environment
 * variables as option defaults); {@link org.gridledger.app.NodeAssembly}, which wires a running
 * node (RocksDB, chain, transaction pool, block producer, JSON-RPC, metrics) and shuts it down in
 * order; and the node's Prometheus metrics ({@link org.gridledger.app.NodeMetrics}, served by
 * {@link org.gridledger.app.MetricsServer}). docs/operations.md describes all of it for operators.
 */
package org.gridledger.app;
