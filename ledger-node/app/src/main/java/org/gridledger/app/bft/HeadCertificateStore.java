package org.gridledger.app.bft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.BftExtraDataException;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.evm.types.Hash;

/**
 * Keeps the commit certificate of the head block in {@code head-certificate.bin} in the data
 * directory: the head's child does not exist yet, so no header carries it (decision 0015), and a
 * restarted validator needs it to propose the child. Layout: the block hash (32 bytes), then the
 * certificate encoded as the extra data of a child would carry it (zero vanity, no validators).
 * Replaced atomically (temporary file, rename) after every commit.
 */
final class HeadCertificateStore {
  static final String FILE_NAME = "head-certificate.bin";

  private final Path file;

  HeadCertificateStore(Path dataDir) {
    this.file = dataDir.resolve(FILE_NAME);
  }

  void save(Hash blockHash, CommitCertificate certificate) {
    byte[] extra =
        new BftExtraData(new byte[BftExtraData.VANITY_SIZE], List.of(), certificate).encode();
    byte[] out = new byte[Hash.SIZE + extra.length];
    System.arraycopy(blockHash.toArray(), 0, out, 0, Hash.SIZE);
    System.arraycopy(extra, 0, out, Hash.SIZE, extra.length);
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    try {
      Files.write(tmp, out);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The stored certificate if it is the one of {@code blockHash}. */
  Optional<CommitCertificate> load(Hash blockHash) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      byte[] in = Files.readAllBytes(file);
      if (in.length < Hash.SIZE
          || !Arrays.equals(Arrays.copyOf(in, Hash.SIZE), blockHash.toArray())) {
        return Optional.empty();
      }
      return Optional.of(
          BftExtraData.decode(Arrays.copyOfRange(in, Hash.SIZE, in.length)).parentCertificate());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (BftExtraDataException e) {
      return Optional.empty();
    }
  }
}
