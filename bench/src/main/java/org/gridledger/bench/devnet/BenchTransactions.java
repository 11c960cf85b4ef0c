package org.gridledger.bench.devnet;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.gridledger.bench.load.SignedTx;
import org.gridledger.core.tx.DynamicFeeTransaction;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;
import org.gridledger.genesis.GridContract;
import org.gridledger.genesis.SyntheticGrid;

/**
 * The load of the devnet benchmark, signed in advance and identical for every setup. Senders are
 * the synthetic grid's users (docs/genesis.md, "Synthetic grids"): each holds 1,000,000 ether, has
 * a twin and has sent two transactions at genesis, so its next nonce is 2. Users {@code 0..S-1}
 * create node contracts, users {@code S..2S-1} send native transfers. The i-th transaction of a
 * workload comes from its sender {@code i mod S} with nonce {@code 2 + i / S}.
 */
final class BenchTransactions {
  static final long CHAIN_ID = 1337;

  /** The nonce of every synthetic user after genesis (createTwin, createNodeContract). */
  static final long FIRST_NONCE = 2;

  static final UInt256 TIP = UInt256.of(1_000_000_000L);
  static final UInt256 MAX_FEE = UInt256.of(500_000_000_000L);
  static final long TRANSFER_GAS = 21_000;

  /** Generous: creating a node contract to a new node slot used about 300k gas when measured. */
  static final long RESERVATION_GAS = 600_000;

  /**
   * Escrow sent with each reservation: far more than one billing period of a 1-core contract at the
   * devnet prices (the contract keeps the excess as escrow).
   */
  static final UInt256 RESERVATION_DEPOSIT = UInt256.of(BigInteger.TEN.pow(17)); // 0.1 ether

  private static final long GIB = 1L << 30;

  /** {@code createNodeContract(uint32,(uint64,uint64,uint64,uint64),bytes32,uint8,bytes)}. */
  private static final byte[] CREATE_NODE_CONTRACT =
      selector("createNodeContract(uint32,(uint64,uint64,uint64,uint64),bytes32,uint8,bytes)");

  private final int senders;
  private final int gridNodes;
  private final List<PrivateKey> reservationSenders;
  private final List<PrivateKey> transferSenders;

  /**
   * @param senders S, the senders per workload (the genesis has 2S synthetic users)
   * @param gridNodes the synthetic grid's node count; reservation j goes to node {@code j mod N +
   *     1}
   */
  BenchTransactions(int senders, int gridNodes) {
    this.senders = senders;
    this.gridNodes = gridNodes;
    this.reservationSenders =
        IntStream.range(0, senders).parallel().mapToObj(i -> SyntheticGrid.key("user", i)).toList();
    this.transferSenders =
        IntStream.range(senders, 2 * senders)
            .parallel()
            .mapToObj(i -> SyntheticGrid.key("user", i))
            .toList();
  }

  int senders() {
    return senders;
  }

  /** The first {@code count} native transfers of 1 wei, each to a new account. */
  List<SignedTx> transfers(int count) {
    return IntStream.range(0, count)
        .parallel()
        .mapToObj(
            i ->
                SignedTx.of(
                    unsigned(i, TRANSFER_GAS, recipient(i), UInt256.ONE, new byte[0])
                        .sign(transferSenders.get(i % senders))))
        .toList();
  }

  /** The first {@code count} node-contract creations (1 core, 1 GiB, 10 GiB SSD). */
  List<SignedTx> reservations(int count) {
    Address reservations = GridContract.RESERVATIONS.address();
    return IntStream.range(0, count)
        .parallel()
        .mapToObj(
            i ->
                SignedTx.of(
                    unsigned(
                            i,
                            RESERVATION_GAS,
                            reservations,
                            RESERVATION_DEPOSIT,
                            createNodeContract(i % gridNodes + 1, deployment(i)))
                        .sign(reservationSenders.get(i % senders))))
        .toList();
  }

  private DynamicFeeTransaction unsigned(int i, long gas, Address to, UInt256 value, byte[] data) {
    return new DynamicFeeTransaction(
        UInt256.of(CHAIN_ID),
        FIRST_NONCE + i / senders,
        TIP,
        MAX_FEE,
        gas,
        Optional.of(to),
        value,
        data,
        List.of(),
        0,
        UInt256.ZERO,
        UInt256.ZERO);
  }

  private static byte[] deployment(int i) {
    return ("bench deployment " + i).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * ABI call data (Solidity ABI specification): the selector, then the head — node id, the four
   * static resource words inline, the deployment hash, the public IP count, the offset of the bytes
   * (8 words) — then the bytes' length and content padded to a word.
   */
  static byte[] createNodeContract(long nodeId, byte[] deployment) {
    int padded = (deployment.length + 31) / 32 * 32;
    byte[] out = new byte[4 + 32 * 9 + padded];
    System.arraycopy(CREATE_NODE_CONTRACT, 0, out, 0, 4);
    int w = 4;
    w = putWord(out, w, UInt256.of(nodeId));
    w = putWord(out, w, UInt256.of(1)); // cru
    w = putWord(out, w, UInt256.of(GIB)); // mru
    w = putWord(out, w, UInt256.of(10 * GIB)); // sru
    w = putWord(out, w, UInt256.ZERO); // hru
    System.arraycopy(Keccak.hash(deployment), 0, out, w, 32);
    w += 32;
    w = putWord(out, w, UInt256.ZERO); // publicIpCount
    w = putWord(out, w, UInt256.of(8 * 32)); // offset of encryptedDeployment
    w = putWord(out, w, UInt256.of(deployment.length));
    System.arraycopy(deployment, 0, out, w, deployment.length);
    return out;
  }

  private static int putWord(byte[] out, int at, UInt256 v) {
    System.arraycopy(v.toBytes32(), 0, out, at, 32);
    return at + 32;
  }

  private static Address recipient(int i) {
    byte[] h = Keccak.hash(("gridledger-devnet/recipient/" + i).getBytes(StandardCharsets.UTF_8));
    byte[] a = new byte[Address.SIZE];
    System.arraycopy(h, 0, a, 0, Address.SIZE);
    return Address.of(a);
  }

  private static byte[] selector(String signature) {
    byte[] h = Keccak.hash(signature.getBytes(StandardCharsets.UTF_8));
    byte[] s = new byte[4];
    System.arraycopy(h, 0, s, 0, 4);
    return s;
  }
}
