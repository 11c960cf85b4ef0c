/**
 * The JSON-RPC 2.0 server of a Gridledger node: {@link org.gridledger.rpc.RpcServer} (HTTP POST and
 * WebSocket on one Vert.x port, with the limits of {@link org.gridledger.rpc.RpcConfig}), the
 * transport-independent {@link org.gridledger.rpc.RpcDispatcher} that follows go-ethereum's message
 * rules, and the contract for methods: {@link org.gridledger.rpc.RpcMethod} handlers registered by
 * name in an {@link org.gridledger.rpc.RpcMethods} table, reading {@link
 * org.gridledger.rpc.RpcParams} and returning an {@link org.gridledger.rpc.RpcResult} or an {@link
 * org.gridledger.rpc.RpcError}.
 */
package org.gridledger.rpc;
