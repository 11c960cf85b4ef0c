package org.gridledger.core.chain;

import org.gridledger.core.block.Block;

/**
 * Told about every block import that {@link Blockchain#importBlock(Block)} completes, for metrics.
 * Lets the node measure imports without the core depending on a metrics library.
 *
 * <p>Called on the importing thread, after the import (and, for {@link ImportResult.Imported},
 * after the new head is visible); implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface ImportObserver {
  /**
   * One import finished.
   *
   * @param block the block offered
   * @param result what the import did with it
   * @param nanos wall-clock time the import took (validation, execution and commit)
   */
  void blockImported(Block block, ImportResult result, long nanos);
}
