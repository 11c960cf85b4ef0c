/**
 * Peers measured side by side with Gridledger in the same run: anvil (revm) started as a real
 * process from the pinned npm package in {@code bench/peer}.
 */
package org.gridledger.bench.peer;
