/**
 * The capacity node's own identity and what it offers: {@link
 * org.gridledger.capacity.identity.NodeIdentity} (the secp256k1 account and the X25519 deployment
 * key, sealed with a passphrase in the data dir) and {@link
 * org.gridledger.capacity.identity.HostCapacity} (cores, memory and disk to register).
 */
package org.gridledger.capacity.identity;
