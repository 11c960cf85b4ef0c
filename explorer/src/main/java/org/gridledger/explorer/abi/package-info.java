/**
 * The grid contracts' events as the explorer sees them: event definitions read from the committed
 * artifacts' JSON ABIs, and decoding of {@code eth_getLogs} entries (topics and data) into named
 * values.
 */
package org.gridledger.explorer.abi;
