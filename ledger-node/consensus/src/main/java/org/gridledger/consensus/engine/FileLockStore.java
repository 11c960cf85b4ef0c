package org.gridledger.consensus.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.gridledger.consensus.message.ConsensusMessage;
import org.gridledger.consensus.message.ConsensusMessageCodec;
import org.gridledger.consensus.message.ConsensusMessageException;
import org.gridledger.consensus.message.Proposal;

/**
 * The lock in {@code lock.bin} of the node's data directory: the proposal in the wire encoding
 * ({@link ConsensusMessageCodec}), replaced atomically (temporary file, fsync, rename, fsync of the
 * directory), so after a crash the file holds the old or the new lock, never a mix.
 */
public final class FileLockStore implements LockStore {
  static final String FILE = "lock.bin";
  private final Path dir;
  private final Path file;

  private FileLockStore(Path dir) {
    this.dir = dir;
    this.file = dir.resolve(FILE);
  }

  /** The store in {@code dir} (created if missing). */
  public static FileLockStore open(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    return new FileLockStore(dir);
  }

  @Override
  public void save(Proposal lock) {
    byte[] bytes = ConsensusMessageCodec.encode(lock);
    Path tmp = dir.resolve(FILE + ".tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          ch.write(buffer);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException e) {
        // some file systems cannot sync a directory; the rename is still atomic
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the lock in " + file, e);
    }
  }

  /**
   * @throws SigningLogException if the file exists but is not a proposal: written only by atomic
   *     renames, it cannot be torn by a crash, so this is damage an operator must look at
   */
  @Override
  public Optional<Proposal> load() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    ConsensusMessage m;
    try {
      m = ConsensusMessageCodec.decode(bytes);
    } catch (ConsensusMessageException e) {
      throw new SigningLogException(file + " is damaged: " + e.getMessage());
    }
    if (!(m instanceof Proposal p)) {
      throw new SigningLogException(file + " holds a " + m.type() + ", not a proposal");
    }
    return Optional.of(p);
  }
}
