package org.gridledger.core.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.storage.KeyValueStore;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;

/**
 * Reads a go-ethereum style genesis file ({@code geth init} format): {@code config.chainId}, the
 * header fields ({@code gasLimit}, {@code baseFeePerGas}, {@code timestamp}, {@code extraData},
 * {@code difficulty}, {@code mixHash}, {@code coinbase}, {@code nonce}, {@code excessBlobGas},
 * {@code blobGasUsed}, {@code parentBeaconBlockRoot}) and {@code alloc} (balance, nonce, code,
 * storage per address).
 *
 * <p>Gridledger runs the Cancun rules from genesis, so the config must not schedule anything else:
 * every {@code *Block} fork number and {@code shanghaiTime}/{@code cancunTime} must be 0 or absent,
 * later forks ({@code pragueTime}, {@code osakaTime}, ...) must be absent, and difficulty must be 0
 * unless {@code config.terminalTotalDifficulty} is at most block 0's difficulty (merged at genesis;
 * a pre-merge engine section such as {@code ethash} is then ignored). Like go-ethereum, quantities
 * are hex ({@code 0x...}) or decimal, a missing base fee is 1 gwei (EIP-1559's INITIAL_BASE_FEE)
 * and a missing gas limit is 4,712,388.
 */
public final class GenesisJson {
  /** go-ethereum's params.GenesisGasLimit, used when {@code gasLimit} is absent or zero. */
  public static final long DEFAULT_GAS_LIMIT = 4_712_388;

  /** EIP-1559 INITIAL_BASE_FEE, used when {@code baseFeePerGas} is absent. */
  public static final BigInteger DEFAULT_BASE_FEE = BigInteger.valueOf(1_000_000_000);

  /** Time-based forks up to Cancun, which must be 0 when present. */
  private static final Set<String> ACTIVE_TIME_FORKS = Set.of("shanghaiTime", "cancunTime");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A parsed genesis file: the chain's parameters and block 0 with its allocation. */
  public record Loaded(ChainConfig config, Genesis genesis) implements GenesisSource {
    @Override
    public Loaded withConfig(ChainConfig other) {
      return new Loaded(other, genesis);
    }

    @Override
    public Blockchain initialize(KeyValueStore store) {
      return Blockchain.initialize(store, config, genesis);
    }
  }

  private GenesisJson() {}

  public static Loaded read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new InvalidGenesisException(file + ": " + e.getMessage());
    }
  }

  /**
   * Parses a genesis document.
   *
   * @param source names the document in error messages
   * @throws InvalidGenesisException naming the field and what is wrong with it
   */
  public static Loaded read(InputStream in, String source) {
    JsonNode root;
    try {
      root = MAPPER.readTree(in);
    } catch (JsonProcessingException e) {
      throw new InvalidGenesisException(
          source + ": not valid JSON: " + e.getOriginalMessage() + " at " + e.getLocation());
    } catch (IOException e) {
      throw new InvalidGenesisException(source + ": " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidGenesisException(source + ": a genesis file is a JSON object");
    }
    try {
      return parse(root);
    } catch (InvalidGenesisException e) {
      throw new InvalidGenesisException(source + ": " + e.getMessage());
    }
  }

  private static Loaded parse(JsonNode root) {
    Template template = parseTemplate(root);
    Map<Address, GenesisAccount> alloc = parseAlloc(root.get("alloc"));
    BlockHeader header = template.header(Genesis.stateRoot(alloc));
    return new Loaded(template.config(), new Genesis(new Block(header, BlockBody.EMPTY), alloc));
  }

  /**
   * Everything of a genesis file but its allocation: the chain config and block 0's header fields,
   * which take the state root once it is known.
   */
  record Template(ChainConfig config, BlockHeader withoutRoot) {
    /** Block 0's header with {@code stateRoot}. */
    BlockHeader header(Hash stateRoot) {
      return withoutRoot.withStateRoot(stateRoot);
    }
  }

  /** The config and header fields of {@code root} (its {@code alloc} is not read). */
  static Template parseTemplate(JsonNode root) {
    JsonNode config = root.get("config");
    if (config == null || !config.isObject()) {
      throw new InvalidGenesisException("missing \"config\" object");
    }
    BigInteger difficulty = quantity(root, "difficulty", BigInteger.ZERO);
    boolean mergedAtGenesis = mergedAtGenesis(config, difficulty);
    ChainConfig chainConfig = parseConfig(config, mergedAtGenesis);
    if (difficulty.signum() != 0 && !mergedAtGenesis) {
      throw new InvalidGenesisException(
          "difficulty is "
              + difficulty
              + ": Gridledger chains are post-merge, difficulty must be 0 (or reach"
              + " config.terminalTotalDifficulty, a chain merged at genesis)");
    }
    long number = quantity(root, "number", BigInteger.ZERO).longValue();
    if (number != 0) {
      throw new InvalidGenesisException("number must be 0");
    }
    long gasLimit = uint64(root, "gasLimit", 0);
    if (gasLimit == 0) {
      gasLimit = DEFAULT_GAS_LIMIT;
    }
    BigInteger baseFee = quantity(root, "baseFeePerGas", DEFAULT_BASE_FEE);
    long timestamp = uint64(root, "timestamp", 0);
    byte[] extraData = bytes(root, "extraData");
    // A BFT genesis carries epoch 0's validator set in its extra data (decision 0015).
    if (extraData.length > chainConfig.maxExtraData()) {
      throw new InvalidGenesisException(
          "extraData has "
              + extraData.length
              + " bytes, at most "
              + chainConfig.maxExtraData()
              + " are allowed");
    }
    Hash mixHash = hash(root, "mixHash", Hash.ZERO);
    Address coinbase = address(root, "coinbase", Address.ZERO);
    byte[] nonce = Hex.decode(pad(quantityHex(root, "nonce"), BlockHeader.NONCE_SIZE));
    Hash parentHash = hash(root, "parentHash", Hash.ZERO);
    if (!parentHash.equals(Hash.ZERO)) {
      throw new InvalidGenesisException("parentHash of a genesis block must be zero");
    }
    long gasUsed = uint64(root, "gasUsed", 0);
    if (gasUsed != 0) {
      throw new InvalidGenesisException("gasUsed of a genesis block must be 0");
    }
    long blobGasUsed = uint64(root, "blobGasUsed", 0);
    long excessBlobGas = uint64(root, "excessBlobGas", 0);
    Hash beaconRoot = hash(root, "parentBeaconBlockRoot", Hash.ZERO);

    BlockHeader header =
        new BlockHeader(
            Hash.ZERO,
            Keccak.EMPTY_LIST,
            coinbase,
            Keccak.EMPTY_TRIE,
            Keccak.EMPTY_TRIE,
            Keccak.EMPTY_TRIE,
            new byte[BlockHeader.BLOOM_SIZE],
            difficulty,
            0,
            gasLimit,
            0,
            timestamp,
            extraData,
            mixHash,
            nonce,
            baseFee,
            Keccak.EMPTY_TRIE,
            blobGasUsed,
            excessBlobGas,
            beaconRoot);
    return new Template(chainConfig, header);
  }

  /**
   * Whether the chain is proof of stake from block 1 on: {@code config.terminalTotalDifficulty} is
   * set and block 0's difficulty reaches it, as in go-ethereum's post-merge test chains (hive's
   * rpc-compat genesis: difficulty 0x20000, terminal total difficulty 131072, an {@code ethash}
   * section no block after genesis uses). Block 0 keeps its difficulty, so its hash is the chain's.
   */
  private static boolean mergedAtGenesis(JsonNode config, BigInteger difficulty) {
    JsonNode ttd = config.get("terminalTotalDifficulty");
    if (ttd == null || ttd.isNull()) {
      return false;
    }
    return quantity(config, "terminalTotalDifficulty", BigInteger.ZERO).compareTo(difficulty) <= 0;
  }

  private static ChainConfig parseConfig(JsonNode config, boolean mergedAtGenesis) {
    JsonNode chainId = config.get("chainId");
    if (chainId == null || chainId.isNull()) {
      throw new InvalidGenesisException("config.chainId is missing");
    }
    BigInteger id = quantity(config, "chainId", BigInteger.ZERO);
    if (id.signum() <= 0 || id.bitLength() > 63) {
      throw new InvalidGenesisException("config.chainId must be a positive 63-bit integer: " + id);
    }
    for (String engine : new String[] {"clique", "ethash", "aura"}) {
      // a pre-merge engine's section is harmless when no block after genesis is pre-merge
      if (config.has(engine) && !mergedAtGenesis) {
        throw new InvalidGenesisException(
            "config."
                + engine
                + ": Gridledger chains are post-merge; remove the "
                + engine
                + " section");
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = config.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String name = f.getKey();
      if (f.getValue().isNull()) {
        continue;
      }
      if (name.endsWith("Block") || ACTIVE_TIME_FORKS.contains(name)) {
        BigInteger at = quantity(config, name, BigInteger.ZERO);
        if (at.signum() != 0) {
          throw new InvalidGenesisException(
              "config."
                  + name
                  + " is "
                  + at
                  + ": Gridledger runs the Cancun rules from genesis, so every fork up to Cancun"
                  + " must be active at 0");
        }
      } else if (name.endsWith("Time")) {
        throw new InvalidGenesisException(
            "config."
                + name
                + " schedules a fork after Cancun, which Gridledger does not implement;"
                + " remove it");
      }
    }
    JsonNode bft = config.get("bft");
    if (bft == null || bft.isNull()) {
      return new ChainConfig(id.longValueExact());
    }
    return ChainConfig.bft(id.longValueExact(), parseBft(bft));
  }

  /**
   * {@code config.bft}: {@code {"epochLength", "staking", "blockPeriodMs", "roundTimeoutMs"}}, the
   * parameters of a chain finalized by the BFT engine (docs/consensus.md, docs/genesis.md).
   */
  private static BftParams parseBft(JsonNode bft) {
    if (!bft.isObject()) {
      throw new InvalidGenesisException("config.bft must be an object");
    }
    JsonNode staking = bft.get("staking");
    if (staking == null || !staking.isTextual()) {
      throw new InvalidGenesisException("config.bft.staking must be the Staking contract address");
    }
    Address stakingAddress;
    try {
      stakingAddress = Address.fromHex(staking.asText());
    } catch (IllegalArgumentException e) {
      throw new InvalidGenesisException("config.bft.staking: " + e.getMessage());
    }
    try {
      return new BftParams(
          bftLong(bft, "epochLength"),
          stakingAddress,
          bftLong(bft, "blockPeriodMs"),
          bftLong(bft, "roundTimeoutMs"));
    } catch (IllegalArgumentException e) {
      throw new InvalidGenesisException("config.bft: " + e.getMessage());
    }
  }

  private static long bftLong(JsonNode bft, String name) {
    BigInteger v = quantity(bft, name, null);
    if (v == null) {
      throw new InvalidGenesisException("config.bft." + name + " is missing");
    }
    if (v.signum() < 0 || v.bitLength() > 63) {
      throw new InvalidGenesisException("config.bft." + name + " out of range: " + v);
    }
    return v.longValueExact();
  }

  private static Map<Address, GenesisAccount> parseAlloc(JsonNode alloc) {
    Map<Address, GenesisAccount> accounts = new LinkedHashMap<>();
    if (alloc == null || alloc.isNull()) {
      return accounts;
    }
    if (!alloc.isObject()) {
      throw new InvalidGenesisException("alloc must be an object of address -> account");
    }
    Iterator<Map.Entry<String, JsonNode>> entries = alloc.properties().iterator();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> e = entries.next();
      String where = "alloc[" + e.getKey() + "]";
      Address address;
      try {
        String hex = e.getKey().startsWith("0x") ? e.getKey() : "0x" + e.getKey();
        address = Address.fromHex(hex);
      } catch (RuntimeException ex) {
        throw new InvalidGenesisException(where + ": not a 20-byte hex address");
      }
      JsonNode account = e.getValue();
      if (!account.isObject()) {
        throw new InvalidGenesisException(where + ": an account is an object");
      }
      try {
        UInt256 balance = uint256(quantity(account, "balance", BigInteger.ZERO), "balance");
        long nonce = uint64(account, "nonce", 0);
        byte[] code = bytes(account, "code");
        Map<UInt256, UInt256> storage = new LinkedHashMap<>();
        JsonNode slots = account.get("storage");
        if (slots != null && !slots.isNull()) {
          Iterator<Map.Entry<String, JsonNode>> it = slots.properties().iterator();
          while (it.hasNext()) {
            Map.Entry<String, JsonNode> s = it.next();
            UInt256 key = uint256(parseQuantity(s.getKey(), "storage key"), "storage key");
            UInt256 value =
                uint256(parseQuantity(s.getValue().asText(), "storage value"), "storage value");
            if (!value.isZero()) {
              storage.put(key, value);
            }
          }
        }
        accounts.put(address, new GenesisAccount(balance, nonce, code, storage));
      } catch (InvalidGenesisException ex) {
        throw new InvalidGenesisException(where + "." + ex.getMessage());
      }
    }
    return accounts;
  }

  static UInt256 uint256(BigInteger v, String what) {
    if (v.bitLength() > 256) {
      throw new InvalidGenesisException(what + " does not fit in 256 bits");
    }
    return UInt256.of(v);
  }

  static long uint64(JsonNode node, String field, long absent) {
    BigInteger v = quantity(node, field, BigInteger.valueOf(absent));
    if (v.bitLength() > 64) {
      throw new InvalidGenesisException(field + " does not fit in 64 bits: " + v);
    }
    return v.longValue();
  }

  static BigInteger quantity(JsonNode node, String field, BigInteger absent) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return absent;
    }
    if (v.isIntegralNumber()) {
      if (v.bigIntegerValue().signum() < 0) {
        throw new InvalidGenesisException(field + " is negative");
      }
      return v.bigIntegerValue();
    }
    return parseQuantity(v.asText(), field);
  }

  /** Hex with 0x (leading zeros allowed, as in the test fixtures) or decimal. */
  static BigInteger parseQuantity(String text, String field) {
    try {
      String t = text.trim();
      if (t.startsWith("0x") || t.startsWith("0X")) {
        String digits = t.substring(2);
        // BigInteger would take a sign after the prefix ("0x-5" = -5); a hex quantity has none
        if (digits.startsWith("-") || digits.startsWith("+")) {
          throw new NumberFormatException(text);
        }
        return digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits, 16);
      }
      BigInteger v = new BigInteger(t);
      if (v.signum() < 0) {
        throw new InvalidGenesisException(field + " is negative: " + text);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new InvalidGenesisException(
          field + " is not a hex or decimal number: \"" + text + "\"");
    }
  }

  private static String quantityHex(JsonNode node, String field) {
    return quantity(node, field, BigInteger.ZERO).toString(16);
  }

  private static String pad(String hexDigits, int bytes) {
    if (hexDigits.length() > bytes * 2) {
      throw new InvalidGenesisException("value " + hexDigits + " exceeds " + bytes + " bytes");
    }
    return "0x" + "0".repeat(bytes * 2 - hexDigits.length()) + hexDigits;
  }

  static byte[] bytes(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || v.asText().isEmpty()) {
      return new byte[0];
    }
    String text = v.asText();
    try {
      return Hex.decode(text.startsWith("0x") ? text : "0x" + text);
    } catch (RuntimeException e) {
      throw new InvalidGenesisException(field + " is not hex bytes: \"" + text + "\"");
    }
  }

  private static Hash hash(JsonNode node, String field, Hash absent) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return absent;
    }
    try {
      return Hash.fromHex(v.asText());
    } catch (RuntimeException e) {
      throw new InvalidGenesisException(field + " is not a 32-byte hex hash: " + v.asText());
    }
  }

  private static Address address(JsonNode node, String field, Address absent) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return absent;
    }
    try {
      return Address.fromHex(v.asText());
    } catch (RuntimeException e) {
      throw new InvalidGenesisException(field + " is not a 20-byte hex address: " + v.asText());
    }
  }

  /** A genesis file that cannot be used, with the field and the reason. */
  public static final class InvalidGenesisException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidGenesisException(String message) {
      super(message);
    }
  }
}
