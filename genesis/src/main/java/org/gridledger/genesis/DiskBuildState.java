package org.gridledger.genesis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.gridledger.core.storage.RocksDbLibrary;
import org.gridledger.evm.state.AccountChange;
import org.gridledger.evm.state.AccountInfo;
import org.gridledger.evm.state.StateChanges;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A {@link BuildState} in a scratch RocksDB database, so that a synthetic grid of 10^5 nodes and
 * more is built in bounded memory. Keys keep the addresses and slots themselves (not their hashes,
 * as the node's flat tables do), so RocksDB's ordered iteration lists the accounts in the order the
 * genesis file needs: {@code 'a' ‖ address → nonce ‖ balance ‖ codeHash}, {@code 's' ‖ address ‖
 * slot → value}, {@code 'c' ‖ codeHash → code}. The directory is deleted on {@link #close()}.
 */
final class DiskBuildState implements BuildState {
  private static final byte ACCOUNT = 'a';
  private static final byte SLOT = 's';
  private static final byte CODE = 'c';

  static {
    RocksDbLibrary.load();
  }

  private final Path directory;
  private final Options options;
  private final WriteOptions writeOptions;
  private final RocksDB db;

  /** Opens an empty scratch database in a new directory under {@code parent}. */
  DiskBuildState(Path parent) {
    try {
      Files.createDirectories(parent);
      directory = Files.createTempDirectory(parent, "genesis-state-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory in " + parent, e);
    }
    options = new Options().setCreateIfMissing(true);
    // Scratch data: a crash loses nothing worth keeping, so skip the write-ahead log.
    writeOptions = new WriteOptions().setDisableWAL(true);
    try {
      db = RocksDB.open(options, directory.toString());
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot open a scratch RocksDB in " + directory + ": " + e);
    }
  }

  @Override
  public void put(Address address, long nonce, UInt256 balance, byte[] code) {
    try (WriteBatch batch = new WriteBatch()) {
      Hash codeHash = code.length == 0 ? Keccak.EMPTY : Keccak.of(code);
      if (code.length > 0) {
        batch.put(key(CODE, codeHash.unsafeBytes()), code);
      }
      wipeStorage(batch, address);
      batch.put(
          key(ACCOUNT, address.unsafeBytes()), encode(new AccountInfo(nonce, balance, codeHash)));
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw failure(e);
    }
  }

  @Override
  public void remove(Address address) {
    try (WriteBatch batch = new WriteBatch()) {
      batch.delete(key(ACCOUNT, address.unsafeBytes()));
      wipeStorage(batch, address);
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw failure(e);
    }
  }

  @Override
  public void apply(StateChanges changes) {
    try (WriteBatch batch = new WriteBatch()) {
      for (var c : changes.code().entrySet()) {
        batch.put(key(CODE, c.getKey().unsafeBytes()), c.getValue());
      }
      for (var e : changes.accounts().entrySet()) {
        Address address = e.getKey();
        switch (e.getValue()) {
          case AccountChange.Deleted d -> {
            batch.delete(key(ACCOUNT, address.unsafeBytes()));
            wipeStorage(batch, address);
          }
          case AccountChange.Updated u -> {
            batch.put(key(ACCOUNT, address.unsafeBytes()), encode(u.info()));
            if (u.storageCleared()) {
              wipeStorage(batch, address);
            }
            for (var s : u.storage().entrySet()) {
              byte[] k = slotKey(address, s.getKey());
              if (s.getValue().isZero()) {
                batch.delete(k);
              } else {
                batch.put(k, s.getValue().toBytes32());
              }
            }
          }
        }
      }
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw failure(e);
    }
  }

  @Override
  public void forEachAccount(AccountVisitor visitor) {
    try (ReadOptions read = new ReadOptions();
        RocksIterator accounts = db.newIterator(read);
        RocksIterator slots = db.newIterator(read)) {
      byte[] start = {ACCOUNT};
      for (accounts.seek(start);
          accounts.isValid() && accounts.key()[0] == ACCOUNT;
          accounts.next()) {
        Address address = Address.wrap(Arrays.copyOfRange(accounts.key(), 1, 21));
        AccountInfo info = decode(accounts.value());
        byte[] prefix = key(SLOT, address.unsafeBytes());
        visitor.visit(
            address,
            info,
            code(info.codeHash()),
            each -> {
              for (slots.seek(prefix);
                  slots.isValid() && startsWith(slots.key(), prefix);
                  slots.next()) {
                each.accept(
                    UInt256.fromBytes(slots.key(), 21, 32), UInt256.fromBytes(slots.value()));
              }
            });
      }
    }
  }

  @Override
  public AccountInfo account(Address address) {
    byte[] v = get(key(ACCOUNT, address.unsafeBytes()));
    return v == null ? null : decode(v);
  }

  @Override
  public byte[] code(Hash codeHash) {
    if (codeHash.equals(Keccak.EMPTY)) {
      return new byte[0];
    }
    byte[] code = get(key(CODE, codeHash.unsafeBytes()));
    if (code == null) {
      throw new IllegalStateException("no code with hash " + codeHash);
    }
    return code;
  }

  @Override
  public UInt256 storage(Address address, UInt256 key) {
    byte[] v = get(slotKey(address, key));
    return v == null ? UInt256.ZERO : UInt256.fromBytes(v);
  }

  @Override
  public boolean hasStorage(Address address) {
    byte[] prefix = key(SLOT, address.unsafeBytes());
    try (ReadOptions read = new ReadOptions();
        RocksIterator it = db.newIterator(read)) {
      it.seek(prefix);
      return it.isValid() && startsWith(it.key(), prefix);
    }
  }

  @Override
  public Hash blockHash(long number) {
    return Hash.ZERO;
  }

  @Override
  public void close() {
    db.close();
    writeOptions.close();
    options.close();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the scratch state " + directory, e);
    }
  }

  private byte[] get(byte[] key) {
    try {
      return db.get(key);
    } catch (RocksDBException e) {
      throw failure(e);
    }
  }

  private static void wipeStorage(WriteBatch batch, Address address) throws RocksDBException {
    byte[] from = key(SLOT, address.unsafeBytes());
    byte[] to = from.clone();
    // The smallest key after every 's' ‖ address ‖ slot: the prefix incremented as a number.
    int i = to.length - 1;
    while (i > 0 && to[i] == (byte) 0xff) {
      to[i] = 0;
      i--;
    }
    to[i]++;
    batch.deleteRange(from, to);
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] key(byte tag, byte[] body) {
    byte[] k = new byte[1 + body.length];
    k[0] = tag;
    System.arraycopy(body, 0, k, 1, body.length);
    return k;
  }

  private static byte[] slotKey(Address address, UInt256 slot) {
    byte[] k = new byte[1 + 20 + 32];
    k[0] = SLOT;
    System.arraycopy(address.unsafeBytes(), 0, k, 1, 20);
    System.arraycopy(slot.toBytes32(), 0, k, 21, 32);
    return k;
  }

  private static byte[] encode(AccountInfo info) {
    return ByteBuffer.allocate(8 + 32 + 32)
        .putLong(info.nonce())
        .put(info.balance().toBytes32())
        .put(info.codeHash().unsafeBytes())
        .array();
  }

  private static AccountInfo decode(byte[] v) {
    ByteBuffer b = ByteBuffer.wrap(v);
    long nonce = b.getLong();
    return new AccountInfo(
        nonce, UInt256.fromBytes(v, 8, 32), Hash.wrap(Arrays.copyOfRange(v, 40, 72)));
  }

  private static IllegalStateException failure(RocksDBException e) {
    return new IllegalStateException("scratch state: " + e.getMessage(), e);
  }
}
