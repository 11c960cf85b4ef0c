package org.gridledger.app.bft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.gridledger.consensus.BftConfig;
import org.gridledger.consensus.engine.Action;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.message.ConsensusMessageCodec;
import org.gridledger.consensus.message.Proposal;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.consensus.validator.Validator;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.tx.DynamicFeeTransaction;
import org.gridledger.core.txpool.AddResult;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.core.txpool.TxPoolLimits;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;
import org.gridledger.genesis.GenesisBuilder;
import org.gridledger.genesis.GenesisConfigReader;
import org.gridledger.network.gbft.GbftMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The block seams on a chain of genesis/devnet-bft.yaml with 4-block epochs: the creator's blocks
 * pass the validator and commit; tampered blocks (state root, a validator list outside an epoch
 * end, a wrong or missing list at an epoch end) are refused; the epoch-end list is the genesis set
 * with its stakes, as Staking elected it; the head certificate survives in its file.
 */
class BlockSeamsTest {
  private static final Path REPO = Path.of(System.getProperty("gridledger.repo.root", "../.."));
  private static final long EPOCH = 4;

  private Blockchain chain;
  private InMemoryTransactionPool pool;
  private PoolBlockCreator creator;
  private RebuildingBlockValidator validator;
  private ChainCommitter committer;
  private HeadCertificateStore certificates;

  @BeforeEach
  void chain() throws Exception {
    String yaml =
        Files.readString(REPO.resolve("genesis/devnet-bft.yaml"))
            .replace("epochLength: 100", "epochLength: " + EPOCH);
    byte[] json = new GenesisBuilder(GenesisConfigReader.parse(yaml, "test")).toJson();
    GenesisJson.Loaded genesis = GenesisJson.read(new ByteArrayInputStream(json), "test");
    chain = Blockchain.initialize(new InMemoryKeyValueStore(), genesis.config(), genesis.genesis());
    pool = new InMemoryTransactionPool(chain, TxPoolLimits.defaults());
    BlockBuilder builder = new BlockBuilder(chain);
    BuiltBlocks built = new BuiltBlocks();
    ElectedValidators elected =
        new ElectedValidators(chain.config().bftParams().staking(), chain.config().chainId());
    creator =
        new PoolBlockCreator(
            chain, pool, builder, built, elected, EPOCH, Address.ofLow(7), Clock.systemUTC());
    validator =
        new RebuildingBlockValidator(chain, builder, built, elected, EPOCH, Clock.systemUTC());
    Path dir = Path.of("target", "block-seams-test", Long.toString(System.nanoTime()));
    Files.createDirectories(dir);
    certificates = new HeadCertificateStore(dir);
    committer = new ChainCommitter(chain, built, certificates, b -> pool.onNewHead());
  }

  private Block build() {
    BlockHeader head = chain.head();
    return creator
        .build(new Action.BuildBlock(head.number() + 1, 0, head, CommitCertificate.EMPTY))
        .orElseThrow();
  }

  private static Block withHeader(Block b, BlockHeader h) {
    return new Block(h, b.body());
  }

  @Test
  void validBlocksPassTamperedOnesAreRefusedAndEpochEndsNameTheElectedSet() {
    List<Validator> genesisSet =
        BftExtraData.of(chain.blocks().canonicalHeader(0).orElseThrow()).validators();
    assertThat(genesisSet).hasSize(4);
    assertThat(genesisSet)
        .allSatisfy(v -> assertThat(v.weight()).isEqualTo(BigInteger.TEN.pow(21)));

    Block first = build();
    assertThat(validator.validate(first)).isTrue();
    assertThat(validator.validate(withHeader(first, first.header().withStateRoot(Hash.ZERO))))
        .as("wrong state root")
        .isFalse();
    BftExtraData extra = BftExtraData.of(first.header());
    Block listed =
        withHeader(
            first,
            new BftExtraData(extra.vanity(), genesisSet, extra.parentCertificate())
                .applyTo(first.header()));
    assertThat(validator.validate(listed)).as("a list outside an epoch end").isFalse();

    committer.commit(first, CommitCertificate.EMPTY);
    assertThat(chain.head().number()).isEqualTo(1);
    assertThat(certificates.load(first.hash())).contains(CommitCertificate.EMPTY);
    assertThat(certificates.load(Hash.ZERO)).isEmpty();
    committer.commit(build(), new CommitCertificate(2, List.of()));
    assertThat(certificates.load(chain.headHash())).contains(new CommitCertificate(2, List.of()));

    Block epochEnd = build(); // block 3 = EPOCH - 1 elects epoch 1's set
    assertThat(epochEnd.number()).isEqualTo(EPOCH - 1);
    BftExtraData endExtra = BftExtraData.of(epochEnd.header());
    assertThat(endExtra.validators()).containsExactlyElementsOf(genesisSet);
    assertThat(validator.validate(epochEnd)).isTrue();
    for (List<Validator> wrong : List.of(List.<Validator>of(), genesisSet.subList(0, 3))) {
      Block tampered =
          withHeader(
              epochEnd,
              new BftExtraData(endExtra.vanity(), wrong, endExtra.parentCertificate())
                  .applyTo(epochEnd.header()));
      assertThat(validator.validate(tampered)).as("epoch-end list %s", wrong).isFalse();
    }
    committer.commit(epochEnd, CommitCertificate.EMPTY);
    assertThat(chain.head().number()).isEqualTo(EPOCH - 1);
    assertThat(ValidatorSets.at(chain, BftConfig.defaults(1337, EPOCH), EPOCH).validators())
        .containsExactlyElementsOf(genesisSet);
  }

  @Test
  void aProposalAlwaysFitsInOneConsensusMessage() {
    // Twelve transactions of 100 KB of call data each (1.6 million gas): 1.2 MB in all, within the
    // block gas limit (30 million) but not within one consensus message.
    List<PrivateKey> keys = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 10);
    BigInteger maxFee = chain.config().nextBaseFee(chain.head()).multiply(BigInteger.TWO);
    byte[] data = new byte[100_000];
    Arrays.fill(data, (byte) 0x5a);
    int sent = 0;
    for (PrivateKey key : List.of(keys.get(0), keys.get(5), keys.get(6), keys.get(7))) {
      long nonce = chain.headState().account(key.address()).nonce();
      for (int i = 0; i < 3; i++) {
        DynamicFeeTransaction tx =
            new DynamicFeeTransaction(
                    UInt256.of(chain.config().chainId()),
                    nonce + i,
                    UInt256.ZERO,
                    UInt256.of(maxFee),
                    2_000_000,
                    Optional.of(Address.ofLow(0x1234)),
                    UInt256.ZERO,
                    data,
                    List.of(),
                    0,
                    UInt256.ZERO,
                    UInt256.ZERO)
                .sign(key);
        assertThat(pool.add(tx)).isInstanceOf(AddResult.Added.class);
        sent++;
      }
    }

    int included = 0;
    while (included < sent) {
      Block block = build();
      byte[] proposal =
          ConsensusMessageCodec.encode(
              new Proposal(
                  SignedVote.sign(
                      new Vote(VoteType.PROPOSAL, block.number(), 0, block.hash()),
                      chain.config().chainId(),
                      keys.get(1)),
                  block,
                  List.of(),
                  List.of()));
      assertThat(proposal.length).isLessThanOrEqualTo(GbftMessage.MAX_PAYLOAD);
      int txs = block.body().transactions().size();
      assertThat(txs).as("block %d", block.number()).isPositive().isLessThan(sent);
      committer.commit(block, CommitCertificate.EMPTY);
      included += txs;
    }
    assertThat(included).isEqualTo(sent);
  }
}
