/**
 * The explorer's only link to a node: JSON-RPC 2.0 over HTTP ({@link
 * org.gridledger.explorer.rpc.JsonRpcClient}) and a {@code newHeads} subscription over WebSocket
 * ({@link org.gridledger.explorer.rpc.HeadSubscription}) that wakes the indexer when a block
 * arrives.
 */
package org.gridledger.explorer.rpc;
