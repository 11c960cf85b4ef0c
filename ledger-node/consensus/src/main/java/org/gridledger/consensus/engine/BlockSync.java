package org.gridledger.consensus.engine;

import org.gridledger.evm.types.Address;

/**
 * Fetches committed blocks with their commit certificates for a node that fell behind; delivers
 * them in height order to {@link BftDriver#onCertifiedBlock}. Requests may be lost; the engine
 * repeats them.
 */
public interface BlockSync {
  void request(long fromHeight, Address peer);
}
