/**
 * Node Discovery v4 packets (ethereum/devp2p discv4.md "Wire Protocol", EIP-8 forward
 * compatibility, EIP-868 ENR extension): {@link org.gridledger.network.discovery.DiscoveryPacket}
 * (hash, signature, type) and the {@link org.gridledger.network.discovery.DiscoveryMessage}
 * packet-data codecs.
 *
 * <p>Not yet: the UDP service, endpoint proofs, the Kademlia table and lookups.
 */
package org.gridledger.network.discovery;
