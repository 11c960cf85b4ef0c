package org.gridledger.evm.interpreter;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gridledger.evm.types.Hash;

/**
 * Analysed code by code hash, so a contract called many times is analysed once. Bounded (least
 * recently used entries are dropped); one instance per executor, not thread-safe.
 */
public final class CodeCache {
  private final LinkedHashMap<Hash, Code> entries;

  public CodeCache(int maxEntries) {
    this.entries =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Hash, Code> eldest) {
            return size() > maxEntries;
          }
        };
  }

  /** The analysed code with hash {@code hash}, analysing {@code code} on a miss. */
  public Code get(Hash hash, byte[] code) {
    Code c = entries.get(hash);
    if (c == null) {
      c = Code.analyze(code);
      entries.put(hash, c);
    }
    return c;
  }
}
