package org.gridledger.genesis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.devnet.DevnetGenesis;

/**
 * The devnet {@code gridledger dev} starts from: {@code genesis/devnet.json}, built from {@code
 * genesis/devnet.yaml} and embedded in this module's jar. Chain id 1337, the ten test-mnemonic
 * accounts with 10,000 ETH each (keys: {@link
 * org.gridledger.core.devnet.DevnetGenesis#accountKeys}) and the grid contracts at their fixed
 * addresses, initialised with dev account 0 as governance and pricing owner.
 */
public final class GridDevnet {
  static final String RESOURCE = "devnet.json";

  private GridDevnet() {}

  /** The embedded genesis with a sealed chain config (blocks carry the validator's seal). */
  public static GenesisJson.Loaded load() {
    try (InputStream in = open()) {
      GenesisJson.Loaded loaded = GenesisJson.read(in, RESOURCE);
      return new GenesisJson.Loaded(loaded.config().withSeals(), loaded.genesis());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The embedded genesis with {@code gridledger dev}'s chain id, gas limit and base fee options
   * applied.
   */
  public static GenesisJson.Loaded load(DevnetGenesis.Options options) {
    return DevnetGenesis.withOptions(json(), RESOURCE, options);
  }

  /** The embedded file's text. */
  public static String json() {
    try (InputStream in = open()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open() {
    InputStream in = GridDevnet.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException(RESOURCE + " is missing from the class path");
    }
    return in;
  }
}
