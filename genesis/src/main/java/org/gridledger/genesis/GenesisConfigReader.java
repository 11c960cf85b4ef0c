package org.gridledger.genesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hex;

/**
 * Reads a {@link GenesisConfig} from YAML. Every error names the field by its path ({@code
 * pricing.discountTiers[2].discountBps}) and says what is wrong; unknown fields are errors too, so
 * a misspelt name is not silently ignored.
 *
 * <p>Amounts of wei are integers or strings with a unit ({@code "10000 ether"}, {@code "1.5
 * gwei"}); durations are integer seconds or strings with a unit ({@code "90s"}, {@code "10m"},
 * {@code "2h"}, {@code "30d"}). Addresses and hex data should be quoted (YAML reads an unquoted
 * {@code 0x...} as a number; for addresses that is still unambiguous and accepted).
 */
public final class GenesisConfigReader {
  /** The default block gas limit (the devnet's). */
  public static final long DEFAULT_GAS_LIMIT = 30_000_000L;

  /** EIP-1559's initial base fee, 1 gwei. */
  public static final BigInteger DEFAULT_BASE_FEE = BigInteger.valueOf(1_000_000_000L);

  private static final Map<String, BigInteger> UNITS =
      Map.of(
          "wei", BigInteger.ONE,
          "gwei", BigInteger.TEN.pow(9),
          "ether", BigInteger.TEN.pow(18));
  private static final Map<String, Long> TIME_UNITS =
      Map.of("s", 1L, "m", 60L, "h", 3600L, "d", 86_400L);

  private GenesisConfigReader() {}

  /** Reads {@code file}. */
  public static GenesisConfig read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new InvalidConfigException(file + ": cannot read: " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  /**
   * Parses YAML text.
   *
   * @param source names the document in error messages
   * @throws InvalidConfigException naming the field and the problem
   */
  public static GenesisConfig parse(String yaml, String source) {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(
          source
              + ": not valid YAML: "
              + e.getOriginalMessage()
              + (e.getLocation() == null
                  ? ""
                  : " at line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidConfigException(source + ": a genesis config is a YAML mapping");
    }
    try {
      return config(new Field(root, ""));
    } catch (InvalidConfigException e) {
      throw new InvalidConfigException(source + ": " + e.getMessage());
    }
  }

  private static GenesisConfig config(Field root) {
    root.only(
        "chain",
        "accounts",
        "governance",
        "pricing",
        "reservations",
        "nodeRegistry",
        "staking",
        "bft",
        "validators");
    Field bft = root.optional("bft");
    Field validators = root.optional("validators");
    if (validators != null && bft == null) {
      throw validators.error("needs a bft section (validators run the BFT engine)");
    }
    if (bft != null && validators == null) {
      throw root.child("validators").error("is missing: a BFT chain needs its first validators");
    }
    return new GenesisConfig(
        chain(root.required("chain")),
        accounts(root.optional("accounts")),
        root.required("governance").address(),
        pricing(root.required("pricing")),
        reservations(root.required("reservations")),
        nodeRegistry(root.required("nodeRegistry")),
        staking(root.required("staking")),
        bft == null ? null : bft(bft),
        validators == null ? List.of() : validators(validators));
  }

  private static GenesisConfig.Bft bft(Field f) {
    f.only("blockPeriod", "roundTimeout");
    long period = f.required("blockPeriod").millis();
    long timeout = f.required("roundTimeout").millis();
    if (timeout == 0) {
      throw f.child("roundTimeout").error("must be positive");
    }
    return new GenesisConfig.Bft(period, timeout);
  }

  private static List<GenesisConfig.GenesisValidator> validators(Field f) {
    List<GenesisConfig.GenesisValidator> out = new ArrayList<>();
    Set<Address> signers = new HashSet<>();
    Set<Address> operators = new HashSet<>();
    for (Field v : f.elements()) {
      v.only("signer", "operator", "selfStake", "commissionBps");
      GenesisConfig.GenesisValidator gv =
          new GenesisConfig.GenesisValidator(
              v.required("signer").address(),
              v.required("operator").address(),
              v.required("selfStake").wei(256),
              (int) v.required("commissionBps").uint(16));
      if (gv.commissionBps() > 10_000) {
        throw v.child("commissionBps").error("must be at most 10000, got " + gv.commissionBps());
      }
      if (gv.selfStake().signum() == 0) {
        throw v.child("selfStake").error("must be positive");
      }
      if (!signers.add(gv.signer())) {
        throw v.child("signer").error(gv.signer() + " is listed twice");
      }
      if (!operators.add(gv.operator())) {
        throw v.child("operator").error(gv.operator() + " is listed twice");
      }
      out.add(gv);
    }
    if (out.isEmpty()) {
      throw f.error("must list at least one validator");
    }
    return out;
  }

  private static GenesisConfig.Chain chain(Field f) {
    f.only("chainId", "gasLimit", "baseFeePerGas", "timestamp", "extraData", "coinbase");
    long chainId = f.required("chainId").uint(63);
    if (chainId == 0) {
      throw f.child("chainId").error("must be positive");
    }
    Field gasLimit = f.optional("gasLimit");
    Field baseFee = f.optional("baseFeePerGas");
    Field timestamp = f.optional("timestamp");
    Field extraData = f.optional("extraData");
    Field coinbase = f.optional("coinbase");
    byte[] extra = extraData == null ? new byte[0] : extraData.hexBytes();
    if (extra.length > 32) {
      throw extraData.error("has " + extra.length + " bytes, at most 32 are allowed in block 0");
    }
    return new GenesisConfig.Chain(
        chainId,
        gasLimit == null ? DEFAULT_GAS_LIMIT : gasLimit.uint(63),
        baseFee == null ? DEFAULT_BASE_FEE : baseFee.wei(256),
        timestamp == null ? 0 : timestamp.uint(63),
        extra,
        coinbase == null ? Address.ZERO : coinbase.address());
  }

  private static List<GenesisConfig.FundedAccount> accounts(Field f) {
    List<GenesisConfig.FundedAccount> accounts = new ArrayList<>();
    if (f == null) {
      return accounts;
    }
    f.only("testMnemonic", "list");
    Field mnemonic = f.optional("testMnemonic");
    if (mnemonic != null) {
      mnemonic.only("count", "balance");
      long count = mnemonic.required("count").uint(16);
      BigInteger balance = mnemonic.required("balance").wei(256);
      for (PrivateKey key : HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, (int) count)) {
        accounts.add(new GenesisConfig.FundedAccount(key.address(), balance));
      }
    }
    Field list = f.optional("list");
    if (list != null) {
      for (Field entry : list.elements()) {
        entry.only("address", "balance");
        accounts.add(
            new GenesisConfig.FundedAccount(
                entry.required("address").address(), entry.required("balance").wei(256)));
      }
    }
    Set<Address> seen = new HashSet<>();
    for (GenesisConfig.FundedAccount a : accounts) {
      if (!seen.add(a.address())) {
        throw f.error("account " + a.address() + " is listed twice");
      }
    }
    return accounts;
  }

  private static GenesisConfig.Pricing pricing(Field f) {
    f.only("owner", "protocolFeeBps", "defaultPolicy", "discountTiers");
    Field p = f.required("defaultPolicy");
    p.only(
        "name",
        "cuPricePerHour",
        "suPricePerHour",
        "ipuPricePerHour",
        "nuPricePerGiB",
        "namePricePerHour",
        "dedicatedDiscountBps");
    GenesisConfig.Policy policy =
        new GenesisConfig.Policy(
            p.required("name").text(),
            p.required("cuPricePerHour").wei(128),
            p.required("suPricePerHour").wei(128),
            p.required("ipuPricePerHour").wei(128),
            p.required("nuPricePerGiB").wei(128),
            p.required("namePricePerHour").wei(128),
            (int) p.required("dedicatedDiscountBps").uint(16));
    Field tiersField = f.required("discountTiers");
    List<Field> elements = tiersField.elements();
    if (elements.size() != 4) {
      throw tiersField.error(
          "needs exactly 4 tiers (PricingPolicy.TIER_COUNT), got " + elements.size());
    }
    List<GenesisConfig.DiscountTier> tiers = new ArrayList<>();
    for (Field t : elements) {
      t.only("minHours", "discountBps");
      tiers.add(
          new GenesisConfig.DiscountTier(
              t.required("minHours").uint(32), (int) t.required("discountBps").uint(16)));
    }
    return new GenesisConfig.Pricing(
        f.required("owner").address(), (int) f.required("protocolFeeBps").uint(16), policy, tiers);
  }

  private static GenesisConfig.ReservationsParams reservations(Field f) {
    f.only("billingPeriod", "gracePeriod", "maxDeploymentBytes");
    return new GenesisConfig.ReservationsParams(
        f.required("billingPeriod").seconds(),
        f.required("gracePeriod").seconds(),
        f.required("maxDeploymentBytes").uint(32));
  }

  private static GenesisConfig.NodeRegistryParams nodeRegistry(Field f) {
    f.only("uptimeInterval", "minReportInterval");
    return new GenesisConfig.NodeRegistryParams(
        f.required("uptimeInterval").seconds(), f.required("minReportInterval").seconds());
  }

  private static GenesisConfig.StakingParams staking(Field f) {
    f.only(
        "minSelfStake",
        "maxCandidates",
        "validatorCount",
        "epochLength",
        "unbondingPeriod",
        "slashBps",
        "reporterRewardBps");
    return new GenesisConfig.StakingParams(
        f.required("minSelfStake").wei(256),
        f.required("maxCandidates").uint(32),
        f.required("validatorCount").uint(32),
        f.required("epochLength").uint(64),
        f.required("unbondingPeriod").seconds(),
        (int) f.required("slashBps").uint(16),
        (int) f.required("reporterRewardBps").uint(16));
  }

  /** A node of the YAML tree with its path, for error messages. */
  private record Field(JsonNode node, String path) {

    InvalidConfigException error(String problem) {
      return new InvalidConfigException((path.isEmpty() ? "(top level)" : path) + ": " + problem);
    }

    Field child(String name) {
      return new Field(node.get(name), path.isEmpty() ? name : path + "." + name);
    }

    Field required(String name) {
      Field c = child(name);
      if (c.node == null || c.node.isNull()) {
        throw c.error("is missing");
      }
      return c;
    }

    Field optional(String name) {
      Field c = child(name);
      return c.node == null || c.node.isNull() ? null : c;
    }

    /** Fails on any field not in {@code allowed} (a misspelt name). */
    void only(String... allowed) {
      if (!node.isObject()) {
        throw error("must be a mapping of " + String.join(", ", allowed));
      }
      Set<String> names = Set.of(allowed);
      Iterator<String> it = node.fieldNames();
      while (it.hasNext()) {
        String name = it.next();
        if (!names.contains(name)) {
          throw child(name).error("unknown field; expected one of " + String.join(", ", allowed));
        }
      }
    }

    List<Field> elements() {
      if (!node.isArray()) {
        throw error("must be a list");
      }
      List<Field> out = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        out.add(new Field(node.get(i), path + "[" + i + "]"));
      }
      return out;
    }

    String text() {
      if (!node.isTextual()) {
        throw error("must be a string, got " + node);
      }
      return node.asText();
    }

    /** An unsigned integer below 2^bits. */
    long uint(int bits) {
      BigInteger v = integer();
      checkBits(v, Math.min(bits, 63));
      return v.longValue();
    }

    private BigInteger integer() {
      if (node.isIntegralNumber()) {
        return node.bigIntegerValue();
      }
      if (node.isTextual()) {
        String t = node.asText().trim().replace("_", "");
        try {
          return t.startsWith("0x") ? new BigInteger(t.substring(2), 16) : new BigInteger(t);
        } catch (NumberFormatException e) {
          throw error("must be an integer, got \"" + node.asText() + "\"");
        }
      }
      throw error("must be an integer, got " + node);
    }

    private void checkBits(BigInteger v, int bits) {
      if (v.signum() < 0) {
        throw error("must not be negative: " + v);
      }
      if (v.bitLength() > bits) {
        throw error(v + " does not fit in " + bits + " bits");
      }
    }

    /** Wei: an integer, or a string "amount unit" with unit wei, gwei or ether. */
    BigInteger wei(int bits) {
      BigInteger v;
      if (node.isTextual() && node.asText().trim().contains(" ")) {
        String[] parts = node.asText().trim().split("\\s+");
        BigInteger unit = parts.length == 2 ? UNITS.get(parts[1]) : null;
        if (unit == null) {
          throw error("must be wei or \"<amount> wei|gwei|ether\", got \"" + node.asText() + "\"");
        }
        try {
          v =
              new BigDecimal(parts[0].replace("_", ""))
                  .multiply(new BigDecimal(unit))
                  .toBigIntegerExact();
        } catch (NumberFormatException | ArithmeticException e) {
          throw error("\"" + node.asText() + "\" is not a whole number of wei");
        }
      } else {
        v = integer();
      }
      checkBits(v, bits);
      return v;
    }

    /** Milliseconds: {@code "<n>ms"} (fast test chains), else {@link #seconds()} times 1000. */
    long millis() {
      if (node.isTextual() && node.asText().trim().endsWith("ms")) {
        String t = node.asText().trim();
        try {
          long n = Long.parseLong(t.substring(0, t.length() - 2).trim());
          if (n < 0) {
            throw error("must not be negative: " + t);
          }
          return n;
        } catch (NumberFormatException e) {
          throw error("must be seconds, \"<n>ms\" or \"<n>s|m|h|d\", got \"" + t + "\"");
        }
      }
      return Math.multiplyExact(seconds(), 1000L);
    }

    /** Seconds: an integer, or a string with the unit s, m, h or d ("10m"). */
    long seconds() {
      if (node.isTextual()) {
        String t = node.asText().trim();
        Long unit = t.isEmpty() ? null : TIME_UNITS.get(t.substring(t.length() - 1));
        if (unit != null) {
          try {
            long n = Long.parseLong(t.substring(0, t.length() - 1).trim());
            if (n < 0) {
              throw error("must not be negative: " + t);
            }
            return Math.multiplyExact(n, unit);
          } catch (NumberFormatException | ArithmeticException e) {
            throw error("must be seconds or \"<n>s|m|h|d\", got \"" + t + "\"");
          }
        }
      }
      return uint(64);
    }

    Address address() {
      if (node.isIntegralNumber()) {
        // YAML 1.1 reads an unquoted 0x... as an integer; its value still names one address.
        BigInteger v = node.bigIntegerValue();
        if (v.signum() < 0 || v.bitLength() > 160) {
          throw error("is not a 20-byte address: " + node);
        }
        String hex = v.toString(16);
        return Address.fromHex("0x" + "0".repeat(40 - hex.length()) + hex);
      }
      String t = text().trim();
      if (!t.matches("0x[0-9a-fA-F]{40}")) {
        throw error("is not a 20-byte hex address (0x and 40 hex digits): \"" + t + "\"");
      }
      return Address.fromHex(t.toLowerCase(java.util.Locale.ROOT));
    }

    byte[] hexBytes() {
      if (!node.isTextual()) {
        throw error("must be a quoted hex string such as \"0x\", got " + node);
      }
      String t = node.asText().trim();
      if (!t.matches("0x([0-9a-fA-F]{2})*")) {
        throw error("is not hex bytes (0x and an even number of hex digits): \"" + t + "\"");
      }
      return Hex.decode(t);
    }
  }
}
