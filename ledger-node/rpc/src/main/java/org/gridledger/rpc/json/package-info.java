/**
 * The JSON values of the Ethereum JSON-RPC: strict parsing of parameters ({@link
 * org.gridledger.rpc.json.ParamParsers}: quantities, data, addresses, hashes, block tags and
 * EIP-1898 block parameters) and the encoding of results ({@link
 * org.gridledger.rpc.json.JsonResults}), both byte-for-byte as go-ethereum reads and writes them
 * (its {@code common/hexutil} and {@code rpc/types.go}), plus revert-reason decoding for the
 * "execution reverted" error.
 */
package org.gridledger.rpc.json;
