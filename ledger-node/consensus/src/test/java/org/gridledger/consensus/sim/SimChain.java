package org.gridledger.consensus.sim;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.validator.Validator;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;

/** Synthetic BFT blocks: real headers with BFT extra data, empty bodies, no execution. */
public final class SimChain {
  private SimChain() {}

  public static byte[] vanity(String text) {
    return Arrays.copyOf(text.getBytes(StandardCharsets.UTF_8), 32);
  }

  public static BlockHeader genesis(List<Validator> validators) {
    return header(
        Hash.ZERO, 0, 0, new BftExtraData(vanity("genesis"), validators, CommitCertificate.EMPTY));
  }

  public static Block block(
      BlockHeader parent,
      String vanity,
      List<Validator> nextValidators,
      CommitCertificate parentCertificate) {
    BftExtraData extra = new BftExtraData(vanity(vanity), nextValidators, parentCertificate);
    return new Block(
        header(parent.hash(), parent.number() + 1, parent.timestamp() + 1, extra), BlockBody.EMPTY);
  }

  static BlockHeader header(Hash parent, long number, long timestamp, BftExtraData extra) {
    return new BlockHeader(
        parent,
        Keccak.EMPTY_LIST,
        Address.ZERO,
        Keccak.of(("state " + number).getBytes(StandardCharsets.UTF_8)),
        Keccak.EMPTY_TRIE,
        Keccak.EMPTY_TRIE,
        new byte[256],
        BigInteger.ZERO,
        number,
        30_000_000L,
        0L,
        timestamp,
        extra.encode(),
        Hash.ZERO,
        new byte[8],
        BigInteger.valueOf(7),
        Keccak.EMPTY_TRIE,
        0L,
        0L,
        Hash.ZERO);
  }
}
