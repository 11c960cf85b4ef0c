package org.gridledger.consensus.engine;

import java.util.Optional;
import org.gridledger.consensus.message.Proposal;

/** A {@link LockStore} that lasts as long as the object: for tests, full nodes and simulations. */
public final class InMemoryLockStore implements LockStore {
  private Proposal lock;

  @Override
  public void save(Proposal lock) {
    this.lock = lock;
  }

  @Override
  public Optional<Proposal> load() {
    return Optional.ofNullable(lock);
  }
}
