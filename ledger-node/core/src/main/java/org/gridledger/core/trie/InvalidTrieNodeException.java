package org.gridledger.core.trie;

/**
 * Bytes that should be a trie node are not one: bad RLP, a list of neither 2 nor 17 items, a bad
 * hex-prefix path, or a child reference that is neither empty, a 32-byte hash nor an embedded node
 * shorter than 32 bytes.
 */
public final class InvalidTrieNodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidTrieNodeException(String what) {
    super(what);
  }

  public InvalidTrieNodeException(String what, Throwable cause) {
    super(what, cause);
  }
}
