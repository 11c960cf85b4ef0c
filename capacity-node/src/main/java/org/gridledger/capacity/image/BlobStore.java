package org.gridledger.capacity.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A content-addressed cache of verified blobs under {@code <cacheDir>/sha256/<hex>}, filled from
 * {@link BlobSource}s tried in order.
 *
 * <p>A fetched blob is streamed to a temporary file while its sha256 is computed; only when the
 * digest (and, for a descriptor, the size) matches is it renamed into the cache. A file in the
 * cache is therefore always verified content, and a mismatching blob never reaches any consumer.
 * Safe for concurrent use: the final rename is atomic and two fetches of one digest write the same
 * bytes.
 */
public final class BlobStore {
  private static final Logger LOG = LoggerFactory.getLogger(BlobStore.class);

  /** Upper bound for a blob whose size is not known in advance (manifests are fetched that way). */
  public static final long MAX_UNSIZED_BLOB = 4L << 20;

  private final Path cacheDir;
  private final List<BlobSource> sources;

  public BlobStore(Path cacheDir, List<BlobSource> sources) {
    this.cacheDir = cacheDir;
    this.sources = List.copyOf(sources);
  }

  /** The verified blob a descriptor names (digest and exact size), fetching it when not cached. */
  public Path get(Descriptor descriptor) {
    return get(descriptor.digest(), descriptor.size(), descriptor.size());
  }

  /**
   * The verified blob of {@code digest} of unknown size, at most {@link #MAX_UNSIZED_BLOB} bytes.
   */
  public Path get(Digest digest) {
    return get(digest, -1, MAX_UNSIZED_BLOB);
  }

  /** Whether a verified copy of the blob is cached. */
  public boolean contains(Digest digest) {
    return Files.isRegularFile(cached(digest));
  }

  private Path cached(Digest digest) {
    return cacheDir.resolve("sha256").resolve(digest.hex());
  }

  private Path get(Digest digest, long expectedSize, long maxSize) {
    Path target = cached(digest);
    if (Files.isRegularFile(target)) {
      return target;
    }
    ImageException last = null;
    for (BlobSource source : sources) {
      try {
        Optional<InputStream> in = source.open(digest);
        if (in.isEmpty()) {
          continue;
        }
        try (InputStream stream = in.get()) {
          return ingest(stream, digest, expectedSize, maxSize, target);
        }
      } catch (IOException e) {
        last =
            new ImageException("blob " + digest + ": reading from " + source + " failed: " + e, e);
        LOG.atWarn()
            .addKeyValue("digest", digest)
            .addKeyValue("error", e.toString())
            .log("blob fetch");
      }
    }
    if (last != null) {
      throw last;
    }
    throw new ImageException("blob " + digest + ": not found in any image source " + sources);
  }

  private Path ingest(InputStream in, Digest digest, long expectedSize, long maxSize, Path target)
      throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), ".fetch-", ".part");
    try {
      MessageDigest sha = Digest.newSha256();
      long total = 0;
      byte[] buf = new byte[64 * 1024];
      try (OutputStream out = Files.newOutputStream(tmp)) {
        int n;
        while ((n = in.read(buf)) > 0) {
          total += n;
          if (total > maxSize) {
            throw new ImageException(
                "blob " + digest + ": larger than " + maxSize + " bytes (descriptor or limit)");
          }
          sha.update(buf, 0, n);
          out.write(buf, 0, n);
        }
      }
      if (expectedSize >= 0 && total != expectedSize) {
        throw new ImageException(
            "blob "
                + digest
                + ": size "
                + total
                + " differs from the descriptor's "
                + expectedSize);
      }
      String actual = HexFormat.of().formatHex(sha.digest());
      if (!actual.equals(digest.hex())) {
        throw new ImageException(
            "blob " + digest + ": content hashes to sha256:" + actual + "; refused");
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
