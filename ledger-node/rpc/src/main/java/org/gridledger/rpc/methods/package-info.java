/**
 * The methods that need no chain: {@code web3_*}, {@code net_*} and {@code eth_chainId}. Each class
 * registers its methods into an {@link org.gridledger.rpc.RpcMethods.Builder}; the chain methods
 * will follow the same pattern.
 */
package org.gridledger.rpc.methods;
