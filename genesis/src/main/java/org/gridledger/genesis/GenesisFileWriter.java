package org.gridledger.genesis;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.UInt256;

/**
 * Writes a go-ethereum style genesis file as a stream, so a state of any size is written without
 * holding the document in memory. The output is a function of its inputs alone: fixed field order
 * for the header and the config, accounts in ascending address order, slots in ascending key order,
 * account fields in alphabetical order, two-space indentation and {@code \n} line ends. Quantities
 * are minimal hex ({@code 0x3b9aca00}); storage keys and values are 32-byte hex.
 */
final class GenesisFileWriter {
  private GenesisFileWriter() {}

  /** {@code config.bft}: what {@code GenesisJson} reads into {@code BftParams}. */
  record BftSection(long epochLength, Address staking, long blockPeriodMs, long roundTimeoutMs) {}

  /**
   * Writes the genesis of {@code chain} with the accounts of {@code state} to {@code out}; {@code
   * bft} (null for none) goes into {@code config.bft} and {@code extraData} into block 0's header.
   */
  static void write(
      GenesisConfig.Chain chain,
      BftSection bft,
      byte[] extraData,
      BuildState state,
      OutputStream out) {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter pretty =
        new DefaultPrettyPrinter()
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter)
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.setPrettyPrinter(pretty);
      g.writeStartObject();
      g.writeObjectFieldStart("config");
      g.writeNumberField("chainId", chain.chainId());
      for (String fork :
          new String[] {
            "homesteadBlock",
            "eip150Block",
            "eip155Block",
            "eip158Block",
            "byzantiumBlock",
            "constantinopleBlock",
            "petersburgBlock",
            "istanbulBlock",
            "berlinBlock",
            "londonBlock"
          }) {
        g.writeNumberField(fork, 0);
      }
      g.writeNumberField("terminalTotalDifficulty", 0);
      g.writeNumberField("shanghaiTime", 0);
      g.writeNumberField("cancunTime", 0);
      if (bft != null) {
        g.writeObjectFieldStart("bft");
        g.writeNumberField("epochLength", bft.epochLength());
        g.writeStringField("staking", bft.staking().toHex());
        g.writeNumberField("blockPeriodMs", bft.blockPeriodMs());
        g.writeNumberField("roundTimeoutMs", bft.roundTimeoutMs());
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeStringField("nonce", "0x0");
      g.writeStringField("timestamp", quantity(BigInteger.valueOf(chain.timestamp())));
      g.writeStringField("extraData", Hex.encode(extraData));
      g.writeStringField("gasLimit", quantity(BigInteger.valueOf(chain.gasLimit())));
      g.writeStringField("difficulty", "0x0");
      g.writeStringField("baseFeePerGas", quantity(chain.baseFeePerGas()));
      g.writeStringField("mixHash", Hash.ZERO.toHex());
      g.writeStringField("coinbase", chain.coinbase().toHex());
      g.writeObjectFieldStart("alloc");
      state.forEachAccount(
          (address, info, code, storage) -> {
            try {
              g.writeObjectFieldStart(address.toHex());
              g.writeStringField("balance", quantity(info.balance().toBigInteger()));
              if (code.length > 0) {
                g.writeStringField("code", Hex.encode(code));
              }
              if (info.nonce() != 0) {
                g.writeStringField("nonce", "0x" + Long.toUnsignedString(info.nonce(), 16));
              }
              boolean[] opened = {false};
              storage.accept(
                  (key, value) -> {
                    try {
                      if (!opened[0]) {
                        g.writeObjectFieldStart("storage");
                        opened[0] = true;
                      }
                      g.writeStringField(word(key), word(value));
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  });
              if (opened[0]) {
                g.writeEndObject();
              }
              g.writeEndObject();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      g.writeEndObject();
      g.writeEndObject();
      g.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the genesis file", e);
    }
  }

  private static String quantity(BigInteger v) {
    return "0x" + v.toString(16);
  }

  private static String word(UInt256 v) {
    return Hex.encode(v.toBytes32());
  }
}
