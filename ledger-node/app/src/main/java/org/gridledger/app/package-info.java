/**
 * The {@code gridledger} executable: the picocli commands ({@code dev}, {@code node}, {@code
 * import}, {@code conformance}) and {@link org.gridledger.app.NodeAssembly}, which wires a running
 * node (RocksDB, chain, transaction pool, block producer, JSON-RPC) and shuts it down in order.
 */
package org.gridledger.app;
