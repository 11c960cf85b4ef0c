package org.gridledger.core.devnet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
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
