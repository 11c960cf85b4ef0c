package org.gridledger.core.chain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.state.BlockHashLookup;
import org.gridledger.core.state.WorldState;
import org.gridledger.core.storage.Column;
import org.gridledger.core.storage.KeyValueStore;
import org.gridledger.evm.state.AccountChange;
import org.gridledger.evm.state.AccountInfo;
import org.gridledger.evm.state.StateChanges;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A genesis file read with Jackson's streaming parser, for allocations too large to hold in memory
 * (a synthetic grid of 10^5 nodes is a 410 MB file with 2.6 million storage slots,
 * docs/genesis.md). The format and every check are those of {@link GenesisJson}; only the
 * allocation is never held as a whole: accounts and storage slots are handed on as they are read.
 *
 * <p>{@link #open} reads the config and header fields and the SHA-256 of the file's bytes; it skips
 * the allocation. {@link #initialize} on an empty store reads the allocation once to check it and
 * to digest it as parsed (the values, not the bytes), then a second time to write it into the
 * store's world state in chunks (a commit every {@value #COMMIT_EVERY} slots or accounts, so memory
 * stays bounded), then block 0 with the resulting state root, and both digests, in the last batch.
 * On a store that already holds a chain it compares the stored block 0 and the file's bytes (or,
 * for a reformatted file, the parsed allocation) instead of rebuilding the state: the state root,
 * computed once from the file, is only as trustworthy as that first start, like any database.
 */
public final class GenesisFile implements GenesisSource {
  private static final Logger LOG = LoggerFactory.getLogger(GenesisFile.class);

  /** Slots or accounts applied between two commits of the genesis state while it is written. */
  static final int COMMIT_EVERY = 10_000;

  /** INDEXES key of the digest of the allocation (as parsed) a chain was initialised from. */
  static final byte[] ALLOC_DIGEST_KEY = "genesis-alloc-sha256".getBytes(StandardCharsets.US_ASCII);

  /** INDEXES key of the SHA-256 of the genesis file's bytes a chain was initialised from. */
  static final byte[] FILE_DIGEST_KEY = "genesis-file-sha256".getBytes(StandardCharsets.US_ASCII);

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Leaves the stream open at the end of the JSON, so the rest of the bytes are digested too. */
  private static final JsonFactory FACTORY =
      new JsonFactory(MAPPER).disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

  private static final long PROGRESS_EVERY = 1_000_000;

  private final Path file;
  private final ChainConfig config;
  private final GenesisJson.Template template;
  private final byte[] fileDigest;
  private final int commitEvery;

  private GenesisFile(
      Path file,
      ChainConfig config,
      GenesisJson.Template template,
      byte[] fileDigest,
      int commitEvery) {
    this.file = file;
    this.config = config;
    this.template = template;
    this.fileDigest = fileDigest;
    this.commitEvery = commitEvery;
  }

  /**
   * Reads {@code file}'s config and header fields as a stream (the allocation is skipped here and
   * checked by {@link #initialize} before anything is written) and the SHA-256 of its bytes.
   *
   * @throws GenesisJson.InvalidGenesisException naming the file, the field and the reason
   */
  public static GenesisFile open(Path file) {
    return open(file, COMMIT_EVERY);
  }

  /** As {@link #open(Path)}, committing every {@code commitEvery} slots or accounts (tests). */
  static GenesisFile open(Path file, int commitEvery) {
    MessageDigest bytes = sha256();
    GenesisJson.Template template = read(file, null, bytes);
    return new GenesisFile(file, template.config(), template, bytes.digest(), commitEvery);
  }

  @Override
  public ChainConfig config() {
    return config;
  }

  @Override
  public GenesisFile withConfig(ChainConfig other) {
    return new GenesisFile(file, other, template, fileDigest, commitEvery);
  }

  /** Block 0's base fee per gas (zero for a chain without fees, decision 0010). */
  public BigInteger baseFeePerGas() {
    return template.withoutRoot().baseFeePerGas();
  }

  /**
   * {@inheritDoc}
   *
   * <p>On an empty store the allocation is read twice: once to check every entry (nothing is
   * written if one is malformed), once to write it.
   *
   * @throws GenesisJson.InvalidGenesisException if the allocation is malformed
   * @throws IllegalStateException also if an earlier initialisation of {@code store} was
   *     interrupted half-way (the store then holds part of a genesis state and no chain)
   */
  @Override
  public Blockchain initialize(KeyValueStore store) {
    BlockStore blocks = new BlockStore(store);
    if (blocks.headHash().isPresent()) {
      return openExisting(store, blocks);
    }
    if (!WorldState.flatRoot(store).equals(Keccak.EMPTY_TRIE)) {
      throw new IllegalStateException(
          "the database holds part of a genesis state but no chain (an earlier start was"
              + " interrupted while writing the genesis): delete the data directory and start"
              + " again");
    }
    long started = System.nanoTime();
    DigestSink check = new DigestSink();
    read(file, check, sha256());
    byte[] allocDigest = check.finish();
    LOG.info(
        "writing the genesis state of {}: {} accounts, {} storage slots (checked in {} s)",
        file,
        check.accounts,
        check.slots,
        (System.nanoTime() - started) / 1_000_000_000);
    StateSink sink = new StateSink(store, commitEvery);
    MessageDigest bytes = sha256();
    read(file, sink, bytes);
    if (!Arrays.equals(sink.digest.finish(), allocDigest)
        || !Arrays.equals(bytes.digest(), fileDigest)) {
      throw new IllegalStateException(file + " changed while the node was starting");
    }
    Block genesis = new Block(template.header(sink.state.rootHash()), BlockBody.EMPTY);
    Blockchain chain =
        Blockchain.writeGenesis(
            store,
            config,
            genesis,
            sink.state,
            kv -> {
              kv.put(Column.INDEXES, ALLOC_DIGEST_KEY, allocDigest);
              kv.put(Column.INDEXES, FILE_DIGEST_KEY, fileDigest);
            });
    LOG.info(
        "genesis {} written in {} s (state root {})",
        genesis.hash(),
        (System.nanoTime() - started) / 1_000_000_000,
        genesis.header().stateRoot());
    return chain;
  }

  /**
   * A store that holds a chain: its block 0 must be the file's header with the stored state root,
   * and the file the one it was written from: the same bytes (fast), or else the same allocation as
   * parsed (a reformatted file; one pass over it, after which the new bytes are remembered).
   */
  private Blockchain openExisting(KeyValueStore store, BlockStore blocks) {
    Optional<Hash> storedHash = blocks.canonicalHash(0);
    Optional<BlockHeader> stored = storedHash.flatMap(blocks::header);
    Optional<byte[]> storedFile = store.get(Column.INDEXES, FILE_DIGEST_KEY);
    Optional<byte[]> storedAlloc = store.get(Column.INDEXES, ALLOC_DIGEST_KEY);
    if (stored.isPresent() && storedAlloc.isEmpty()) {
      // A database initialised from an in-memory genesis: compare the way it was written.
      return GenesisJson.read(file).withConfig(config).initialize(store);
    }
    Hash expected = stored.map(h -> template.header(h.stateRoot()).hash()).orElse(Hash.ZERO);
    boolean same = stored.isPresent() && expected.equals(storedHash.get());
    if (same && !(storedFile.isPresent() && Arrays.equals(storedFile.get(), fileDigest))) {
      DigestSink check = new DigestSink();
      read(file, check, sha256());
      same = Arrays.equals(check.finish(), storedAlloc.get());
      if (same) {
        try (KeyValueStore.Batch batch = store.newBatch()) {
          batch.put(Column.INDEXES, FILE_DIGEST_KEY, fileDigest);
          batch.commit();
        }
      }
    }
    if (!same) {
      throw new IllegalStateException(
          "the database holds a chain with genesis "
              + storedHash.map(Hash::toString).orElse("(none)")
              + ", not the one of "
              + file);
    }
    return Blockchain.open(store, config);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  // ---- streaming ----

  /** Receives the allocation as it is read. */
  private interface AllocSink {
    /** A non-zero storage slot of {@code address}; its account's fields follow later. */
    void slot(Address address, UInt256 key, UInt256 value);

    /** The end of {@code address}'s entry, after all its slots. */
    void account(Address address, UInt256 balance, long nonce, byte[] code);
  }

  /** Reads {@code file}, feeding {@code bytes} and, unless null, {@code sink} with the alloc. */
  private static GenesisJson.Template read(Path file, AllocSink sink, MessageDigest bytes) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), bytes);
        JsonParser p = FACTORY.createParser(in)) {
      try {
        return read(p, sink, in);
      } catch (GenesisJson.InvalidGenesisException e) {
        throw new GenesisJson.InvalidGenesisException(file + ": " + e.getMessage());
      }
    } catch (JsonProcessingException e) {
      throw new GenesisJson.InvalidGenesisException(
          file + ": not valid JSON: " + e.getOriginalMessage() + " at " + e.getLocation());
    } catch (IOException e) {
      throw new GenesisJson.InvalidGenesisException(file + ": " + e.getMessage());
    }
  }

  private static GenesisJson.Template read(JsonParser p, AllocSink sink, InputStream in)
      throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new GenesisJson.InvalidGenesisException("a genesis file is a JSON object");
    }
    ObjectNode rest = MAPPER.createObjectNode();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("alloc")) {
        if (value == JsonToken.VALUE_NULL) {
          continue;
        }
        if (value != JsonToken.START_OBJECT) {
          throw new GenesisJson.InvalidGenesisException(
              "alloc must be an object of address -> account");
        }
        if (sink == null) {
          p.skipChildren();
        } else {
          readAlloc(p, sink);
        }
      } else {
        rest.set(name, p.readValueAsTree());
      }
    }
    if (p.nextToken() != null) {
      throw new GenesisJson.InvalidGenesisException(
          "not valid JSON: content after the object at " + p.currentLocation());
    }
    // the digest covers the whole file, trailing whitespace included
    in.transferTo(OutputStream.nullOutputStream());
    return GenesisJson.parseTemplate(rest);
  }

  /** Reads the alloc object's entries; {@code p} is at its START_OBJECT. */
  private static void readAlloc(JsonParser p, AllocSink sink) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      String where = "alloc[" + key + "]";
      Address address;
      try {
        address = Address.fromHex(key.startsWith("0x") ? key : "0x" + key);
      } catch (RuntimeException ex) {
        throw new GenesisJson.InvalidGenesisException(where + ": not a 20-byte hex address");
      }
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new GenesisJson.InvalidGenesisException(where + ": an account is an object");
      }
      try {
        readAccount(p, address, sink);
      } catch (GenesisJson.InvalidGenesisException ex) {
        throw new GenesisJson.InvalidGenesisException(where + "." + ex.getMessage());
      }
    }
  }

  private static void readAccount(JsonParser p, Address address, AllocSink sink)
      throws IOException {
    ObjectNode fields = MAPPER.createObjectNode();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("storage") && value == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          UInt256 key =
              GenesisJson.uint256(
                  GenesisJson.parseQuantity(p.currentName(), "storage key"), "storage key");
          p.nextToken();
          String text = p.currentToken().isScalarValue() ? p.getText() : skipToText(p);
          UInt256 v =
              GenesisJson.uint256(
                  GenesisJson.parseQuantity(text, "storage value"), "storage value");
          if (!v.isZero()) {
            sink.slot(address, key, v);
          }
        }
      } else {
        fields.set(name, p.readValueAsTree());
      }
    }
    UInt256 balance =
        GenesisJson.uint256(GenesisJson.quantity(fields, "balance", BigInteger.ZERO), "balance");
    long nonce = GenesisJson.uint64(fields, "nonce", 0);
    byte[] code = GenesisJson.bytes(fields, "code");
    sink.account(address, balance, nonce, code);
  }

  /** A storage value that is an object or array: as {@link JsonNode#asText()} reads it (""). */
  private static String skipToText(JsonParser p) throws IOException {
    JsonNode node = p.readValueAsTree();
    return node.asText();
  }

  /** Hashes the allocation as parsed, in file order. */
  private static final class DigestSink implements AllocSink {
    private final MessageDigest sha;
    private byte[] result;
    long accounts;
    long slots;

    DigestSink() {
      sha = sha256();
    }

    @Override
    public void slot(Address address, UInt256 key, UInt256 value) {
      sha.update((byte) 1);
      sha.update(address.unsafeBytes());
      sha.update(key.toBytes32());
      sha.update(value.toBytes32());
      slots++;
    }

    @Override
    public void account(Address address, UInt256 balance, long nonce, byte[] code) {
      sha.update((byte) 2);
      sha.update(address.unsafeBytes());
      sha.update(balance.toBytes32());
      sha.update(ByteBuffer.allocate(12).putLong(nonce).putInt(code.length).array());
      sha.update(code);
      accounts++;
    }

    byte[] finish() {
      if (result == null) {
        result = sha.digest();
      }
      return result.clone();
    }
  }

  /** Writes the allocation into a store's world state, committing in chunks. */
  private static final class StateSink implements AllocSink {
    private static final AccountInfo PLACEHOLDER = new AccountInfo(0, UInt256.ZERO, Keccak.EMPTY);

    private final KeyValueStore store;
    private final int commitEvery;
    final DigestSink digest = new DigestSink();
    WorldState state;
    private Address current;
    private Map<UInt256, UInt256> pendingSlots = new LinkedHashMap<>();
    private long sinceCommit;
    private long written;

    StateSink(KeyValueStore store, int commitEvery) {
      this.store = store;
      this.commitEvery = commitEvery;
      this.state = WorldState.empty(store);
    }

    @Override
    public void slot(Address address, UInt256 key, UInt256 value) {
      digest.slot(address, key, value);
      if (!address.equals(current)) {
        current = address;
        pendingSlots = new LinkedHashMap<>();
      }
      pendingSlots.put(key, value);
      if (pendingSlots.size() >= commitEvery) {
        // The account's own fields come at its end; until then it holds placeholder fields.
        apply(address, PLACEHOLDER, Map.of());
      }
    }

    @Override
    public void account(Address address, UInt256 balance, long nonce, byte[] code) {
      digest.account(address, balance, nonce, code);
      if (!address.equals(current)) {
        pendingSlots = new LinkedHashMap<>();
      }
      Hash codeHash = code.length == 0 ? Keccak.EMPTY : Keccak.of(code);
      Map<Hash, byte[]> codes = code.length == 0 ? Map.of() : Map.of(codeHash, code);
      apply(address, new AccountInfo(nonce, balance, codeHash), codes);
      current = null;
      pendingSlots = new LinkedHashMap<>();
    }

    private void apply(Address address, AccountInfo info, Map<Hash, byte[]> code) {
      Map<Address, AccountChange> change = new HashMap<>();
      // storageCleared false: the store is empty, and a cleared flag would wipe the slots of
      // the account's earlier chunks.
      change.put(address, new AccountChange.Updated(info, false, pendingSlots));
      state.apply(new StateChanges(change, code));
      long n = pendingSlots.size() + 1L;
      sinceCommit += n;
      long before = written;
      written += n;
      pendingSlots = new LinkedHashMap<>();
      if (written / PROGRESS_EVERY != before / PROGRESS_EVERY) {
        LOG.info("genesis state: {} accounts and slots written", written);
      }
      if (sinceCommit >= commitEvery) {
        Hash root = state.commit();
        state = WorldState.at(store, root, BlockHashLookup.NONE);
        sinceCommit = 0;
      }
    }
  }

  @Override
  public String toString() {
    return "GenesisFile[" + file + ", sha256 " + Hex.encode(fileDigest) + "]";
  }
}
