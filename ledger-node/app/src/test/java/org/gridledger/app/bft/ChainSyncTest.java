package org.gridledger.app.bft;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.gridledger.consensus.engine.Action;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.tx.DynamicFeeTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.tx.TransactionType;
import org.gridledger.core.txpool.AddResult;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.core.txpool.TxPoolLimits;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;
import org.gridledger.network.eth.EthMessage;
import org.gridledger.network.node.EnodeUrl;
import org.gridledger.network.node.NodeId;
import org.gridledger.network.p2p.P2pMessage;
import org.gridledger.network.p2p.P2pPeer;
import org.gridledger.network.p2p.SharedCapabilities;
import org.gridledger.network.peer.EthHandler;
import org.gridledger.network.rlpx.RlpxConnection;
import org.gridledger.network.rlpx.RlpxMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Catch-up over several batches and epoch ends: a node holding 260 blocks of devnet-bft.json, each
 * certified by the commit seals of the four genesis validators (signed here with their test keys),
 * serves a fresh full node over devp2p; the fresh node fetches headers and bodies in batches of
 * 128, has every certificate checked by its engine, executes every block and ends with the same
 * chain up to block 259 (block 260's certificate is in no header yet).
 */
class ChainSyncTest {
  private static final Path DIR =
      Path.of("target", "chain-sync-test", Long.toString(System.nanoTime()));
  private static final List<PrivateKey> SIGNERS =
      HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 14).subList(10, 14);
  private static final int BLOCKS = 260;

  private final List<BftNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(BftNode::close);
  }

  /**
   * {@link #startFollower(Path, PrivateKey, List, Blockchain, InMemoryTransactionPool)} with a
   * fresh pool of default limits.
   */
  private BftNode startFollower(
      Path dir, PrivateKey key, List<EnodeUrl> bootnodes, Blockchain chain) throws Exception {
    return startFollower(
        dir, key, bootnodes, chain, new InMemoryTransactionPool(chain, TxPoolLimits.defaults()));
  }

  /**
   * A follower (no validator key) with node key {@code key} on {@code chain}, listening on an
   * OS-chosen port and dialling {@code bootnodes}; stopped after the test.
   */
  private BftNode startFollower(
      Path dir,
      PrivateKey key,
      List<EnodeUrl> bootnodes,
      Blockchain chain,
      InMemoryTransactionPool pool)
      throws Exception {
    BftNode node =
        BftNode.start(
            new BftNode.Config(
                dir,
                key,
                Optional.empty(),
                "127.0.0.1",
                0,
                bootnodes,
                Address.ZERO,
                Optional.empty()),
            chain,
            pool,
            b -> {});
    nodes.add(node);
    return node;
  }

  /** COMMIT seals of all four validators for {@code block} at round 0. */
  private static CommitCertificate certify(Block block) {
    List<CommitCertificate.SignerVote> votes = new ArrayList<>();
    for (PrivateKey k : SIGNERS) {
      votes.add(
          new CommitCertificate.SignerVote(
              k.address(),
              SignedVote.sign(
                  new Vote(VoteType.COMMIT, block.number(), 0, block.hash()), 1337, k)));
    }
    return CommitCertificate.of(0, votes);
  }

  /**
   * A chain of {@code count} certified blocks, the first holding {@code txs}; certificates stored
   * under {@code dir}.
   */
  private static Blockchain certifiedChain(int count, Path dir, Transaction... txs)
      throws Exception {
    Blockchain source = CertifiedChains.newChain();
    InMemoryTransactionPool sourcePool =
        new InMemoryTransactionPool(source, TxPoolLimits.defaults());
    for (Transaction tx : txs) {
      assertThat(sourcePool.add(tx)).isInstanceOf(AddResult.Added.class);
    }
    BuiltBlocks built = new BuiltBlocks();
    ElectedValidators elected = new ElectedValidators(source.config().bftParams().staking(), 1337);
    PoolBlockCreator creator =
        new PoolBlockCreator(
            source,
            sourcePool,
            new BlockBuilder(source),
            built,
            elected,
            source.config().bftParams().epochLength(),
            Address.ZERO,
            Clock.systemUTC());
    ChainCommitter committer =
        new ChainCommitter(source, built, new HeadCertificateStore(dir), b -> {});
    Files.createDirectories(dir);
    CommitCertificate parentCertificate = CommitCertificate.EMPTY;
    for (int i = 0; i < count; i++) {
      BlockHeader head = source.head();
      Block b =
          creator
              .build(new Action.BuildBlock(head.number() + 1, 0, head, parentCertificate))
              .orElseThrow();
      parentCertificate = certify(b);
      committer.commit(b, parentCertificate);
    }
    return source;
  }

  private static BlockHeader header(long number) {
    return new BlockHeader(
        Hash.ZERO,
        Hash.ZERO,
        Address.ZERO,
        Hash.ZERO,
        Hash.ZERO,
        Hash.ZERO,
        new byte[BlockHeader.BLOOM_SIZE],
        BigInteger.ZERO,
        number,
        30_000_000,
        0,
        number,
        new byte[0],
        Hash.ZERO,
        new byte[BlockHeader.NONCE_SIZE],
        BigInteger.ONE,
        Hash.ZERO,
        0L,
        0L,
        Hash.ZERO);
  }

  private static List<Long> numbers(long start, long limit, long skip, boolean reverse) {
    // a canonical chain of blocks 0..2000
    LongFunction<Optional<BlockHeader>> canonical =
        n -> n >= 0 && n <= 2000 ? Optional.of(header(n)) : Optional.empty();
    EthMessage.GetBlockHeaders get =
        new EthMessage.GetBlockHeaders(1, new EthMessage.ByNumber(start), limit, skip, reverse);
    return ChainSync.headersAnswer(header(start), get, canonical).stream()
        .map(BlockHeader::number)
        .toList();
  }

  /** go-ethereum's eth/68 rules, the corner cases of its devp2p test suite among them. */
  @Test
  void headersAreAnsweredByTheRequestsRules() {
    assertThat(numbers(1, 2, 1, false)).containsExactly(1L, 3L);
    assertThat(numbers(5, 3, 1, true)).containsExactly(5L, 3L, 1L);
    assertThat(numbers(3, 10, 0, true)).containsExactly(3L, 2L, 1L, 0L);
    assertThat(numbers(1998, 10, 0, false)).containsExactly(1998L, 1999L, 2000L);
    assertThat(numbers(0, 0, 0, false)).isEmpty();
    // up to 1024 headers per answer, not fewer
    assertThat(numbers(0, EthMessage.MAX_HEADERS, 0, false)).hasSize(EthMessage.MAX_HEADERS);
    // skip is unsigned: 2^63 - 1 and 2^64 - 1 (a long of -1) step past every block at once
    assertThat(numbers(7, 5, Long.MAX_VALUE, false)).containsExactly(7L);
    assertThat(numbers(7, 5, -1, false)).containsExactly(7L);
    assertThat(numbers(7, 5, -1, true)).containsExactly(7L);
    assertThat(numbers(7, 5, Long.MAX_VALUE - 3, true)).containsExactly(7L);
  }

  @Test
  void receiptsAreAnsweredInOrderUpToTheFirstUnknownBlockAndTheSoftLimit() {
    Receipt transfer = Receipt.of(TransactionType.DYNAMIC_FEE, true, 21_000, List.of());
    Hash a = Hash.fromHex("0x" + "0a".repeat(32));
    Hash b = Hash.fromHex("0x" + "0b".repeat(32));
    Hash empty = Hash.fromHex("0x" + "0e".repeat(32));
    Hash unknown = Hash.fromHex("0x" + "ff".repeat(32));
    Map<Hash, List<Receipt>> stored =
        Map.of(a, List.of(transfer), b, List.of(transfer, transfer), empty, List.of());
    Function<Hash, Optional<List<Receipt>>> lookup = h -> Optional.ofNullable(stored.get(h));
    long big = ChainSync.RECEIPTS_SOFT_LIMIT_BYTES;

    assertThat(ChainSync.receiptsAnswer(List.of(b, empty, a), lookup, big))
        .containsExactly(List.of(transfer, transfer), List.of(), List.of(transfer));
    // Answers are positional: nothing after the first block this node lacks.
    assertThat(ChainSync.receiptsAnswer(List.of(a, unknown, b), lookup, big))
        .containsExactly(List.of(transfer));
    assertThat(ChainSync.receiptsAnswer(List.of(unknown, a), lookup, big)).isEmpty();
    // The limit ends the answer after the block that reaches it, never before the first.
    int one = transfer.encode().length;
    assertThat(ChainSync.receiptsAnswer(List.of(a, b, a), lookup, 1)).hasSize(1);
    assertThat(ChainSync.receiptsAnswer(List.of(a, b, a), lookup, one + 1)).hasSize(2);
    assertThat(ChainSync.receiptsAnswer(List.of(a, b, a), lookup, 3L * one + 1)).hasSize(3);
  }

  @Test
  void bodiesAreAnsweredInOrderUpToTheFirstUnknownBlockAndTheSoftLimit() {
    PrivateKey key = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 1).getFirst();
    Transaction transfer =
        new DynamicFeeTransaction(
                UInt256.of(1337),
                0,
                UInt256.ZERO,
                UInt256.of(1_000_000_000L),
                21_000,
                Optional.of(Address.ofLow(9)),
                UInt256.ONE,
                new byte[0],
                List.of(),
                0,
                UInt256.ZERO,
                UInt256.ZERO)
            .sign(key);
    BlockBody one = new BlockBody(List.of(transfer), List.of(), List.of());
    BlockBody two = new BlockBody(List.of(transfer, transfer), List.of(), List.of());
    Hash a = Hash.fromHex("0x" + "0a".repeat(32));
    Hash b = Hash.fromHex("0x" + "0b".repeat(32));
    Hash empty = Hash.fromHex("0x" + "0e".repeat(32));
    Hash unknown = Hash.fromHex("0x" + "ff".repeat(32));
    Map<Hash, BlockBody> stored = Map.of(a, one, b, two, empty, BlockBody.EMPTY);
    Function<Hash, Optional<BlockBody>> lookup = h -> Optional.ofNullable(stored.get(h));
    long big = ChainSync.BODIES_SOFT_LIMIT_BYTES;

    assertThat(ChainSync.bodiesAnswer(List.of(b, empty, a), lookup, big))
        .containsExactly(two, BlockBody.EMPTY, one);
    assertThat(ChainSync.bodiesAnswer(List.of(a, unknown, b), lookup, big)).containsExactly(one);
    assertThat(ChainSync.bodiesAnswer(List.of(unknown, a), lookup, big)).isEmpty();
    // The limit ends the answer after the body that reaches it, never before the first.
    int size = transfer.encodedSize();
    assertThat(ChainSync.bodiesAnswer(List.of(a, b, a), lookup, 1)).containsExactly(one);
    assertThat(ChainSync.bodiesAnswer(List.of(a, b, a), lookup, size + 1)).hasSize(2);
    assertThat(ChainSync.bodiesAnswer(List.of(a, b, a), lookup, 3L * size + 1)).hasSize(3);
    // 64 bodies of 1,000 transfers (the downloader's batch of full blocks) fit in a few MiB.
    BlockBody full = new BlockBody(Collections.nCopies(1000, transfer), List.of(), List.of());
    List<BlockBody> answer =
        ChainSync.bodiesAnswer(Collections.nCopies(64, a), h -> Optional.of(full), big);
    assertThat(answer.size()).isLessThan(64);
    assertThat(answer.stream().mapToLong(x -> x.encode().length).sum())
        .isLessThan(big + full.encode().length + 1);
  }

  /**
   * eth/70 (EIP-7975, as go-ethereum serves it): the first list from the requested index on, a
   * block cut off at the hard limit and flagged, and nothing of a block whose first receipt does
   * not fit.
   */
  @Test
  void eth70ReceiptsStartAtTheIndexAndCutTheLastBlockAtTheHardLimit() {
    List<Receipt> four = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      four.add(Receipt.of(TransactionType.DYNAMIC_FEE, true, 21_000L + i, List.of()));
    }
    Hash a = Hash.fromHex("0x" + "0a".repeat(32));
    Hash b = Hash.fromHex("0x" + "0b".repeat(32));
    Hash unknown = Hash.fromHex("0x" + "ff".repeat(32));
    Map<Hash, List<Receipt>> stored = Map.of(a, four, b, four.subList(0, 2));
    Function<Hash, Optional<List<Receipt>>> lookup = h -> Optional.ofNullable(stored.get(h));
    long soft = ChainSync.RECEIPTS_SOFT_LIMIT_BYTES;
    long hard = ChainSync.RECEIPTS_HARD_LIMIT_BYTES;
    // Each of these bloom-less receipts is c6 02 01 82xxxx c0 ([type, status, gas, logs]): 7 bytes.
    long one = 7;

    EthMessage.Receipts70 all =
        ChainSync.receiptsAnswer70(
            new EthMessage.GetReceipts70(5, 0, List.of(a, b)), lookup, soft, hard);
    assertThat(all.requestId()).isEqualTo(5);
    assertThat(all.lastBlockIncomplete()).isFalse();
    assertThat(all.blocks()).containsExactly(four, four.subList(0, 2));
    // From index 3 of the first list on; past its end, the first list is empty.
    assertThat(
            ChainSync.receiptsAnswer70(
                    new EthMessage.GetReceipts70(5, 3, List.of(a, b)), lookup, soft, hard)
                .blocks())
        .containsExactly(four.subList(3, 4), four.subList(0, 2));
    for (long past : List.of(4L, 1_000L, -1L)) {
      assertThat(
              ChainSync.receiptsAnswer70(
                      new EthMessage.GetReceipts70(5, past, List.of(a, b)), lookup, soft, hard)
                  .blocks())
          .as("index %s", Long.toUnsignedString(past))
          .containsExactly(List.of(), four.subList(0, 2));
    }
    // Room for five receipts: a whole, then b cut after its first, flagged.
    EthMessage.Receipts70 cut =
        ChainSync.receiptsAnswer70(
            new EthMessage.GetReceipts70(5, 0, List.of(a, b, a)), lookup, soft, 5 * one);
    assertThat(cut.lastBlockIncomplete()).isTrue();
    assertThat(cut.blocks()).containsExactly(four, four.subList(0, 1));
    // Room for three: the first list cut; asking again from index 3 gets the rest.
    EthMessage.Receipts70 first =
        ChainSync.receiptsAnswer70(
            new EthMessage.GetReceipts70(5, 0, List.of(a, b)), lookup, soft, 3 * one);
    assertThat(first.lastBlockIncomplete()).isTrue();
    assertThat(first.blocks()).containsExactly(four.subList(0, 3));
    // Room for four exactly: a fits whole and b's first receipt does not, so b is left out and
    // the answer is complete (the peer asks for b again).
    EthMessage.Receipts70 exact =
        ChainSync.receiptsAnswer70(
            new EthMessage.GetReceipts70(5, 0, List.of(a, b)), lookup, soft, 4 * one);
    assertThat(exact.lastBlockIncomplete()).isFalse();
    assertThat(exact.blocks()).containsExactly(four);
    // Positional, as before: nothing after an unknown block; the soft limit ends after a block.
    assertThat(
            ChainSync.receiptsAnswer70(
                    new EthMessage.GetReceipts70(5, 0, List.of(b, unknown, a)), lookup, soft, hard)
                .blocks())
        .containsExactly(four.subList(0, 2));
    assertThat(
            ChainSync.receiptsAnswer70(
                    new EthMessage.GetReceipts70(5, 0, List.of(b, a, b)), lookup, one, hard)
                .blocks())
        .containsExactly(four.subList(0, 2));
  }

  /**
   * eth/70 over a real session: a peer speaking only eth/70 gets the eth/70 Status and its
   * GetReceipts answered in eth/70's form, from the index it asked for.
   */
  @Test
  void anEth70PeerGetsTheReceiptsFromTheIndexItAsksFor() throws Exception {
    Path dir = DIR.resolve("eth70");
    Blockchain source =
        certifiedChain(
            3,
            dir,
            CertifiedChains.signedTransfer(0, new byte[0]),
            CertifiedChains.signedTransfer(1, new byte[0]),
            CertifiedChains.signedTransfer(2, new byte[0]));
    Hash first = source.blocks().canonicalHeader(1).orElseThrow().hash();
    List<Receipt> stored = source.blocks().receipts(first).orElseThrow();
    assertThat(stored).hasSize(3);
    BftNode server = startFollower(dir, SIGNERS.get(0), List.of(), source);

    SecureRandom random = new SecureRandom();
    PrivateKey key = PrivateKey.random(random);
    List<SharedCapabilities.Supported> caps =
        List.of(
            new SharedCapabilities.Supported(
                EthHandler.capability(EthMessage.ETH70),
                EthMessage.messageCount(EthMessage.ETH70)));
    P2pMessage.Hello hello =
        new P2pMessage.Hello(
            5,
            "raw-eth70",
            caps.stream().map(SharedCapabilities.Supported::capability).toList(),
            0,
            NodeId.of(key));
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.p2pPort());
    try (P2pPeer peer =
        P2pPeer.open(
            RlpxConnection.initiate(socket, key, server.enode().nodeId(), random), hello, caps)) {
      int base = SharedCapabilities.FIRST_OFFSET;
      RlpxMessage status = peer.receive();
      assertThat(status.code()).isEqualTo(base + EthMessage.STATUS);
      EthMessage.Status69 theirs =
          (EthMessage.Status69)
              EthMessage.decode(EthMessage.ETH70, EthMessage.STATUS, status.data());
      assertThat(theirs.version()).isEqualTo(70);
      // Same chain: its own Status back is an acceptable one.
      peer.send(new RlpxMessage(base + EthMessage.STATUS, status.data()));
      peer.send(
          new RlpxMessage(
              base + EthMessage.GET_RECEIPTS,
              new EthMessage.GetReceipts70(42, 1, List.of(first)).encodeData()));
      EthMessage.Receipts70 answer = null;
      for (int i = 0; i < 50 && answer == null; i++) {
        RlpxMessage m = peer.receive();
        if (m.code() == base + EthMessage.RECEIPTS) {
          answer =
              (EthMessage.Receipts70)
                  EthMessage.decode(EthMessage.ETH70, EthMessage.RECEIPTS, m.data());
        }
      }
      assertThat(answer).isNotNull();
      assertThat(answer.requestId()).isEqualTo(42);
      assertThat(answer.lastBlockIncomplete()).isFalse();
      // The bloom-less form decodes to the stored receipts (bloom recomputed).
      assertThat(answer.blocks()).containsExactly(stored.subList(1, 3));
    }
  }

  @Test
  void aFreshNodeCatchesUpOverSeveralBatchesAndEpochEnds() throws Exception {
    Blockchain source = certifiedChain(BLOCKS, DIR.resolve("server"));
    InMemoryTransactionPool sourcePool =
        new InMemoryTransactionPool(source, TxPoolLimits.defaults());
    assertThat(source.head().number()).isEqualTo(BLOCKS);
    // Epoch ends 99 and 199 name the elected set (the genesis four, unchanged).
    assertThat(BftExtraData.of(source.blocks().canonicalHeader(99).orElseThrow()).validators())
        .hasSize(4);

    BftNode server =
        startFollower(DIR.resolve("server"), SIGNERS.get(0), List.of(), source, sourcePool);
    Blockchain fresh = CertifiedChains.newChain();
    startFollower(DIR.resolve("client"), SIGNERS.get(1), List.of(server.enode()), fresh);

    long deadline = System.nanoTime() + 60_000_000_000L;
    while (fresh.head().number() < BLOCKS - 1 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(fresh.head().number()).isEqualTo(BLOCKS - 1);
    for (long n = 1; n < BLOCKS; n++) {
      Optional<Hash> expected = source.blocks().canonicalHash(n);
      assertThat(fresh.blocks().canonicalHash(n)).as("block %d", n).isEqualTo(expected);
    }
  }

  @Test
  void aNodeWithoutItsHeadsCertificateRewindsToTheParent() throws Exception {
    Blockchain chain = certifiedChain(3, DIR.resolve("elsewhere"));
    Hash parent = chain.head().parentHash();
    BftNode node = startFollower(DIR.resolve("rewind"), SIGNERS.get(2), List.of(), chain);
    assertThat(chain.headHash()).isEqualTo(parent);
    assertThat(node.consensusHeight().get()).isEqualTo(3);
  }
}
