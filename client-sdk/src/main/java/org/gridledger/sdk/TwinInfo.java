package org.gridledger.sdk;

/** A twin as registered: its id, account, X25519 public key (hex) and relay. */
public record TwinInfo(long id, String account, String x25519PublicKey, String relay) {}
