package org.gridledger.core.storage;

/** The database failed: it could not be opened, read or written, or was used after closing. */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String what) {
    super(what);
  }

  public StorageException(String what, Throwable cause) {
    super(what, cause);
  }
}
