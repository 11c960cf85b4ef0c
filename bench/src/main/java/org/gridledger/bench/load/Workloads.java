package org.gridledger.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.core.tx.DynamicFeeTransaction;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.interpreter.ContractAddress;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;

/**
 * The transactions of the load benchmark, signed in advance and identical for every node (same
 * chain id, keys, nonces and fees): the setup (funding the senders, deploying {@code LoadToken} and
 * handing out tokens) and, per group, a list ordered by sending time whose i-th transaction comes
 * from sender {@code i % senders} with nonce {@code i / senders}. Every transaction pays to a fresh
 * recipient, so each one creates an account (native) or a storage slot (ERC-20).
 */
final class Workloads {
  static final long CHAIN_ID = DevnetGenesis.CHAIN_ID;
  static final UInt256 TIP = UInt256.of(1_000_000_000L);

  /** 500 gwei: far above the base fee the runs reach (1 gwei plus 12.5% per full block). */
  static final UInt256 MAX_FEE = UInt256.of(500_000_000_000L);

  static final long TRANSFER_GAS = 21_000;

  /** An ERC-20 transfer to a new recipient uses about 52k gas; the limit leaves room. */
  static final long TOKEN_TRANSFER_GAS = 70_000;

  static final long DEPLOY_GAS = 1_000_000;
  static final UInt256 SENDER_FUNDS = UInt256.of(new BigInteger("30000000000000000000")); // 30 ETH
  static final UInt256 TOKEN_SUPPLY = UInt256.of(BigInteger.TEN.pow(30));
  static final UInt256 SENDER_TOKENS = UInt256.of(BigInteger.TEN.pow(24));

  /** The kind of transaction a group sends. */
  enum Kind {
    NATIVE,
    ERC20
  }

  /**
   * One group of senders: what they send and over which transport.
   *
   * @param index 0..3: group {@code index} is funded by devnet account {@code index}
   */
  record Group(int index, Kind kind, String transport) {
    String label() {
      return (kind == Kind.NATIVE ? "native transfer" : "ERC-20 transfer") + " / " + transport;
    }
  }

  static final List<Group> GROUPS =
      List.of(
          new Group(0, Kind.NATIVE, "http"),
          new Group(1, Kind.NATIVE, "ws"),
          new Group(2, Kind.ERC20, "http"),
          new Group(3, Kind.ERC20, "ws"));

  /** Devnet account 4 deploys the token and hands it out. */
  private static final int DEPLOYER = 4;

  private final List<PrivateKey> devKeys = DevnetGenesis.accountKeys();
  private final int sendersPerGroup;
  private final Address token;

  Workloads(int sendersPerGroup) {
    this.sendersPerGroup = sendersPerGroup;
    this.token = ContractAddress.create(devKeys.get(DEPLOYER).address(), 0);
  }

  Address token() {
    return token;
  }

  int sendersPerGroup() {
    return sendersPerGroup;
  }

  static List<PrivateKey> senders(Group g, int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                PrivateKey.fromBytes(
                    Keccak.hash(
                        ("gridledger-load/sender/" + g.index() + "/" + i)
                            .getBytes(StandardCharsets.UTF_8))))
        .toList();
  }

  /** Funding of every group's senders, the token deployment and the token hand-out, in order. */
  List<SignedTx> setup() throws IOException {
    List<DynamicFeeTransaction> txs = new ArrayList<>();
    for (Group g : GROUPS) {
      PrivateKey funder = devKeys.get(g.index());
      List<PrivateKey> senders = senders(g, sendersPerGroup);
      for (int i = 0; i < senders.size(); i++) {
        txs.add(
            unsigned(
                    i,
                    TRANSFER_GAS,
                    Optional.of(senders.get(i).address()),
                    SENDER_FUNDS,
                    new byte[0])
                .sign(funder));
      }
    }
    PrivateKey deployer = devKeys.get(DEPLOYER);
    byte[] init = concat(tokenBytecode(), word(TOKEN_SUPPLY));
    txs.add(unsigned(0, DEPLOY_GAS, Optional.empty(), UInt256.ZERO, init).sign(deployer));
    long nonce = 1;
    for (Group g : GROUPS) {
      if (g.kind() != Kind.ERC20) {
        continue;
      }
      for (PrivateKey s : senders(g, sendersPerGroup)) {
        txs.add(
            unsigned(
                    nonce++,
                    TOKEN_TRANSFER_GAS,
                    Optional.of(token),
                    UInt256.ZERO,
                    transferCall(s.address(), SENDER_TOKENS))
                .sign(deployer));
      }
    }
    return txs.parallelStream().map(SignedTx::of).toList();
  }

  /** The first {@code count} transactions of group {@code g}, signed in parallel. */
  List<SignedTx> group(Group g, int count) {
    List<PrivateKey> senders = senders(g, sendersPerGroup);
    return IntStream.range(0, count)
        .parallel()
        .mapToObj(
            i -> {
              PrivateKey from = senders.get(i % sendersPerGroup);
              long nonce = i / sendersPerGroup;
              Address to = recipient(g, i);
              DynamicFeeTransaction tx =
                  g.kind() == Kind.NATIVE
                      ? unsigned(nonce, TRANSFER_GAS, Optional.of(to), UInt256.ONE, new byte[0])
                      : unsigned(
                          nonce,
                          TOKEN_TRANSFER_GAS,
                          Optional.of(token),
                          UInt256.ZERO,
                          transferCall(to, UInt256.ONE));
              return SignedTx.of(tx.sign(from));
            })
        .toList();
  }

  private static Address recipient(Group g, int i) {
    byte[] h =
        Keccak.hash(
            ("gridledger-load/recipient/" + g.index() + "/" + i).getBytes(StandardCharsets.UTF_8));
    byte[] a = new byte[Address.SIZE];
    System.arraycopy(h, 0, a, 0, Address.SIZE);
    return Address.of(a);
  }

  private static DynamicFeeTransaction unsigned(
      long nonce, long gas, Optional<Address> to, UInt256 value, byte[] data) {
    return new DynamicFeeTransaction(
        UInt256.of(CHAIN_ID),
        nonce,
        TIP,
        MAX_FEE,
        gas,
        to,
        value,
        data,
        List.of(),
        0,
        UInt256.ZERO,
        UInt256.ZERO);
  }

  /** {@code transfer(address,uint256)}: selector 0xa9059cbb and two ABI words. */
  static byte[] transferCall(Address to, UInt256 amount) {
    byte[] toWord = new byte[32];
    System.arraycopy(to.toArray(), 0, toWord, 12, Address.SIZE);
    return concat(Hex.decode("0xa9059cbb"), toWord, word(amount));
  }

  private static byte[] word(UInt256 v) {
    return v.toBytes32();
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }

  /** The creation bytecode of bench/solidity/LoadToken.sol, compiled and committed. */
  static byte[] tokenBytecode() throws IOException {
    try (InputStream in = Workloads.class.getResourceAsStream("LoadToken.json")) {
      if (in == null) {
        throw new IOException("LoadToken.json missing from the bench jar");
      }
      JsonNode artifact = JsonRpc.JSON.readTree(in);
      return Hex.decode(artifact.get("bytecode").asText());
    }
  }
}
