/**
 * Peers measured side by side with Gridledger in the same run: anvil (revm) started as a real
 * process from the npm package the contracts module pins ({@code contracts/package.json}).
 */
package org.gridledger.bench.peer;
