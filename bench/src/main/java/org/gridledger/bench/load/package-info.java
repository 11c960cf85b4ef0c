/**
 * The JSON-RPC load benchmark ({@code make bench-load}): {@code gridledger dev} and anvil started
 * one after the other as real processes, fed pre-signed native and ERC-20 transfers over HTTP and
 * WebSocket at a rising rate, measured for included transactions per second, send-to-inclusion
 * latency and resident memory.
 */
package org.gridledger.bench.load;
