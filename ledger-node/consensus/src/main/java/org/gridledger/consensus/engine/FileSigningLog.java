package org.gridledger.consensus.engine;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.evm.types.Hash;

/**
 * A {@link SigningLog} in an fsync'd append-only file, so that a validator killed at any moment and
 * restarted never signs a second, different vote for a (height, round, type) it signed before
 * (docs/consensus.md, "Durable signing log").
 *
 * <p>File layout: an 8-byte header {@code "GLSIGLG1"}, then fixed-size records of {@value
 * #RECORD_SIZE} bytes: {@code height (8, big-endian) ‖ round (4) ‖ voteType (1) ‖ value (32) ‖
 * signature r‖s‖v (65) ‖ CRC32C of the preceding 110 bytes (4)}. {@link #record} appends one record
 * and forces it to the device before it returns; the engine broadcasts a vote only after {@code
 * record} returned.
 *
 * <p>Recovery rule on open: every complete record with a good checksum is loaded. A torn
 * <em>tail</em> — an incomplete last record, or a last record whose checksum fails — is a write
 * that was cut by the crash; its {@code record} call never returned, so the vote was never
 * broadcast, and the tail is cut off the file. A bad record <em>before</em> the last one cannot
 * come from a crash (records are appended one at a time and each is forced before the next), so it
 * is corruption of acknowledged data: opening fails with {@link SigningLogException} and the
 * validator must not sign until an operator has looked (signing with a damaged log could
 * double-sign).
 *
 * <p>{@link #pruneBelow} drops old slots in memory and, once enough dead records have accumulated,
 * rewrites the file with the live ones (a temporary file, forced, then atomically renamed over the
 * log and the directory forced). The file is locked for the life of the object so that two
 * processes never share one log. Not thread-safe (the engine runs on one thread).
 */
public final class FileSigningLog implements SigningLog, Closeable {
  /** The log's file name in the node's data directory. */
  public static final String FILE_NAME = "signing-log.bin";

  static final byte[] MAGIC = {'G', 'L', 'S', 'I', 'G', 'L', 'G', '1'};
  static final int PAYLOAD_SIZE = 8 + 4 + 1 + 32 + SignedVote.SIGNATURE_SIZE;

  /** Bytes per record, checksum included. */
  public static final int RECORD_SIZE = PAYLOAD_SIZE + 4;

  /** Dead records tolerated before {@link #pruneBelow} compacts the file. */
  static final int COMPACT_THRESHOLD = 4096;

  private record Slot(long height, int round, VoteType type) {
    static Slot of(SignedVote vote) {
      return new Slot(vote.vote().height(), vote.vote().round(), vote.vote().type());
    }
  }

  private final Path file;
  private final Map<Slot, SignedVote> votes = new HashMap<>();
  private final long truncatedTailBytes;
  private FileChannel channel;
  private FileLock lock;
  private long recordsInFile;

  private FileSigningLog(Path file, FileChannel channel, FileLock lock, long truncatedTailBytes) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.truncatedTailBytes = truncatedTailBytes;
  }

  /**
   * Opens (or creates) the log {@value #FILE_NAME} in {@code dataDir}, applying the recovery rule
   * of the class comment.
   *
   * @throws SigningLogException if the file is not a signing log, has a bad record before its last,
   *     or is locked by another process
   * @throws UncheckedIOException on an I/O error
   */
  public static FileSigningLog open(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      Path file = dataDir.resolve(FILE_NAME);
      boolean created = !Files.exists(file);
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new SigningLogException(file + " is in use by another signer");
      }
      try {
        if (created || channel.size() == 0) {
          channel.write(ByteBuffer.wrap(MAGIC), 0);
          channel.force(true);
          forceDirectory(dataDir);
        }
        return load(file, channel, lock);
      } catch (RuntimeException | IOException e) {
        lock.release();
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open signing log in " + dataDir, e);
    }
  }

  private static FileSigningLog load(Path file, FileChannel channel, FileLock lock)
      throws IOException {
    long size = channel.size();
    if (size < MAGIC.length) {
      // A crash while writing the header of a new log: nothing was ever signed with it.
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(MAGIC), 0);
      channel.force(true);
      size = MAGIC.length;
    }
    ByteBuffer header = ByteBuffer.allocate(MAGIC.length);
    readFully(channel, header, 0);
    if (!java.util.Arrays.equals(header.array(), MAGIC)) {
      throw new SigningLogException(file + " is not a Gridledger signing log (bad header)");
    }
    long body = size - MAGIC.length;
    long complete = body / RECORD_SIZE;
    List<SignedVote> loaded = new ArrayList<>();
    long goodRecords = complete;
    ByteBuffer record = ByteBuffer.allocate(RECORD_SIZE);
    for (long i = 0; i < complete; i++) {
      long offset = MAGIC.length + i * RECORD_SIZE;
      record.clear();
      readFully(channel, record, offset);
      Optional<SignedVote> vote = decode(record.array());
      if (vote.isEmpty()) {
        if (i != complete - 1 || body % RECORD_SIZE != 0) {
          throw new SigningLogException(
              file
                  + ": record "
                  + i
                  + " at offset "
                  + offset
                  + " is corrupt and is not the last one; refusing to sign with a damaged log");
        }
        goodRecords = i;
        break;
      }
      loaded.add(vote.get());
    }
    long goodSize = MAGIC.length + goodRecords * RECORD_SIZE;
    long cut = size - goodSize;
    if (cut > 0) {
      channel.truncate(goodSize);
      channel.force(true);
    }
    FileSigningLog log = new FileSigningLog(file, channel, lock, cut);
    for (SignedVote v : loaded) {
      // The first record of a slot is the one that may have been broadcast.
      log.votes.putIfAbsent(Slot.of(v), v);
    }
    log.recordsInFile = goodRecords;
    return log;
  }

  /** Bytes of a torn tail cut off when this log was opened (0 after a clean shutdown). */
  public long truncatedTailBytes() {
    return truncatedTailBytes;
  }

  /** The file this log is kept in. */
  public Path file() {
    return file;
  }

  @Override
  public Optional<SignedVote> find(long height, int round, VoteType type) {
    return Optional.ofNullable(votes.get(new Slot(height, round, type)));
  }

  /**
   * Appends {@code vote} and forces it to the device; only then is it in the log.
   *
   * @throws SigningLogException if the slot already holds a different vote
   * @throws UncheckedIOException if the write or the fsync fails (the vote must then not be sent)
   */
  @Override
  public void record(SignedVote vote) {
    ensureOpen();
    Slot slot = Slot.of(vote);
    SignedVote existing = votes.get(slot);
    if (existing != null) {
      if (existing.equals(vote)) {
        return;
      }
      throw new SigningLogException("slot " + slot + " already holds a different vote");
    }
    try {
      long offset = MAGIC.length + recordsInFile * RECORD_SIZE;
      ByteBuffer buffer = ByteBuffer.wrap(encode(vote));
      while (buffer.hasRemaining()) {
        offset += channel.write(buffer, offset);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write signing log " + file, e);
    }
    recordsInFile++;
    votes.put(slot, vote);
  }

  @Override
  public void pruneBelow(long height) {
    votes.keySet().removeIf(s -> s.height() < height);
    if (channel != null && recordsInFile - votes.size() >= COMPACT_THRESHOLD) {
      compact();
    }
  }

  /** Rewrites the file with the live records only (crash-safe: temporary file, then rename). */
  void compact() {
    ensureOpen();
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    List<SignedVote> live =
        votes.values().stream()
            .sorted(
                Comparator.comparingLong((SignedVote v) -> v.vote().height())
                    .thenComparingInt(v -> v.vote().round())
                    .thenComparingInt(v -> v.vote().type().code()))
            .toList();
    try {
      try (FileChannel out =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.allocate(MAGIC.length + live.size() * RECORD_SIZE);
        buffer.put(MAGIC);
        for (SignedVote v : live) {
          buffer.put(encode(v));
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      lock.release();
      channel.close();
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new SigningLogException("the file system cannot rename " + tmp + " atomically");
      }
      forceDirectory(file.toAbsolutePath().getParent());
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      lock = channel.tryLock();
      if (lock == null) {
        throw new SigningLogException(file + " was locked by another signer during compaction");
      }
      recordsInFile = live.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compact signing log " + file, e);
    }
  }

  @Override
  public void close() {
    if (channel == null) {
      return;
    }
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close signing log " + file, e);
    } finally {
      channel = null;
    }
  }

  private void ensureOpen() {
    if (channel == null) {
      throw new IllegalStateException("signing log " + file + " is closed");
    }
  }

  static byte[] encode(SignedVote signed) {
    Vote vote = signed.vote();
    ByteBuffer b = ByteBuffer.allocate(RECORD_SIZE);
    b.putLong(vote.height());
    b.putInt(vote.round());
    b.put((byte) vote.type().code());
    b.put(vote.value().unsafeBytes());
    b.put(signed.signatureBytes());
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, PAYLOAD_SIZE);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** The vote in {@code record}, or empty if its checksum or content is bad. */
  static Optional<SignedVote> decode(byte[] record) {
    ByteBuffer b = ByteBuffer.wrap(record);
    CRC32C crc = new CRC32C();
    crc.update(record, 0, PAYLOAD_SIZE);
    if (b.getInt(PAYLOAD_SIZE) != (int) crc.getValue()) {
      return Optional.empty();
    }
    try {
      long height = b.getLong();
      int round = b.getInt();
      VoteType type = VoteType.ofCode(b.get() & 0xff);
      byte[] value = new byte[32];
      b.get(value);
      byte[] sig = new byte[SignedVote.SIGNATURE_SIZE];
      b.get(sig);
      return Optional.of(
          new SignedVote(
              new Vote(type, height, round, Hash.wrap(value)), SignedVote.decodeSignature(sig)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long offset)
      throws IOException {
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, offset + buffer.position());
      if (n < 0) {
        throw new IOException("unexpected end of file at offset " + (offset + buffer.position()));
      }
    }
  }

  /** Makes a created or renamed directory entry durable (Linux: fsync on the directory). */
  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }
}
