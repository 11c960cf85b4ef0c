package org.gridledger.core.devnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import org.gridledger.core.block.FeeRules;
import org.gridledger.core.chain.ChainConfig;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.evm.crypto.PrivateKey;

/**
 * The devnet's accounts and a bare devnet genesis: {@code devnet-genesis.json} embedded next to
 * this class, in go-ethereum's format, with the funded accounts only. {@code gridledger dev} starts
 * from the genesis module's {@code GridDevnet} instead (the same chain id and accounts plus the
 * grid contracts predeployed, built from {@code genesis/devnet.yaml}); this one serves core's own
 * tests, which cannot depend on that module.
 *
 * <ul>
 *   <li>Chain id 1337, the id of {@code geth --dev} (anvil and hardhat use 31337); wallets such as
 *       MetaMask know it as a local network.
 *   <li>Ten accounts with 10,000 ETH each: m/44'/60'/0'/0/0..9 of {@link HdKeys#TEST_MNEMONIC}, the
 *       accounts anvil and hardhat print. Their keys are public: never use them on a chain with
 *       real value.
 *   <li>Gas limit 30,000,000, base fee 1 gwei, timestamp 0, no contracts (not even the EIP-4788
 *       beacon roots contract, which the chain calls only if it has code).
 * </ul>
 */
public final class DevnetGenesis {
  public static final long CHAIN_ID = 1337;
  public static final int ACCOUNT_COUNT = 10;
  static final String RESOURCE = "devnet-genesis.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DevnetGenesis() {}

  /** The embedded genesis with its chain config (sealed: extraData carries the validator seal). */
  public static GenesisJson.Loaded load() {
    try (InputStream in = DevnetGenesis.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      GenesisJson.Loaded loaded = GenesisJson.read(in, RESOURCE);
      return new GenesisJson.Loaded(loaded.config().withSeals(), loaded.genesis());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What {@code gridledger dev} may change in the embedded genesis, as anvil's options of the same
   * names do.
   *
   * @param chainId the EIP-155 chain id (default {@link #CHAIN_ID})
   * @param gasLimit the genesis block's gas limit, which the producer then keeps
   * @param baseFee the genesis base fee; zero makes a chain whose every block has base fee zero
   *     ({@link org.gridledger.core.chain.ChainConfig#zeroBaseFee()}, decision 0010)
   */
  public record Options(long chainId, long gasLimit, BigInteger baseFee) {
    public Options {
      if (chainId <= 0) {
        throw new IllegalArgumentException("chain id must be positive: " + chainId);
      }
      if (gasLimit < FeeRules.MIN_GAS_LIMIT) {
        throw new IllegalArgumentException(
            "gas limit must be at least " + FeeRules.MIN_GAS_LIMIT + ": " + gasLimit);
      }
      if (baseFee.signum() < 0) {
        throw new IllegalArgumentException("base fee must not be negative: " + baseFee);
      }
    }

    /** The embedded genesis unchanged: chain 1337, gas limit 30,000,000, base fee 1 gwei. */
    public static Options defaults() {
      return new Options(CHAIN_ID, 30_000_000, BigInteger.valueOf(1_000_000_000));
    }
  }

  /** The embedded genesis with {@code options} applied. */
  public static GenesisJson.Loaded load(Options options) {
    return withOptions(json(), RESOURCE, options);
  }

  /**
   * A development genesis in go-ethereum's format ({@code json}, named {@code source} in errors)
   * with {@code options} applied and a sealed chain config; also used for the devnet with the grid
   * contracts predeployed.
   */
  public static GenesisJson.Loaded withOptions(String json, String source, Options options) {
    try {
      ObjectNode root = (ObjectNode) MAPPER.readTree(json);
      ((ObjectNode) root.get("config")).put("chainId", options.chainId());
      root.put("gasLimit", "0x" + Long.toHexString(options.gasLimit()));
      root.put("baseFeePerGas", "0x" + options.baseFee().toString(16));
      GenesisJson.Loaded loaded =
          GenesisJson.read(
              new java.io.ByteArrayInputStream(MAPPER.writeValueAsBytes(root)), source);
      ChainConfig config = loaded.config().withSeals();
      if (options.baseFee().signum() == 0) {
        config = config.withZeroBaseFee();
      }
      return new GenesisJson.Loaded(config, loaded.genesis());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The embedded file's text, for export. */
  public static String json() {
    try (InputStream in = DevnetGenesis.class.getResourceAsStream(RESOURCE)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The keys of the ten funded accounts, in order. */
  public static List<PrivateKey> accountKeys() {
    return HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, ACCOUNT_COUNT);
  }
}
