/**
 * Node Discovery v4 (ethereum/devp2p discv4.md, EIP-8 forward compatibility, EIP-868 ENR
 * extension): the packets ({@link org.gridledger.network.discovery.DiscoveryPacket}, {@link
 * org.gridledger.network.discovery.DiscoveryMessage}), the node table ({@link
 * org.gridledger.network.discovery.KademliaTable}) and the UDP service with endpoint proofs,
 * revalidation, lookups and bootnodes ({@link org.gridledger.network.discovery.DiscoveryService}).
 */
package org.gridledger.network.discovery;
