package org.gridledger.app.bft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.gridledger.consensus.engine.Action;
import org.gridledger.consensus.evidence.EquivocationDetector;
import org.gridledger.consensus.evidence.Evidence;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.message.Commit;
import org.gridledger.consensus.message.ConsensusMessage;
import org.gridledger.consensus.message.Prepare;
import org.gridledger.consensus.message.Proposal;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.consensus.message.VoteVerifier;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.core.txpool.TxPoolLimits;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.genesis.GenesisBuilder;
import org.gridledger.genesis.GenesisConfigReader;
import org.gridledger.network.node.NodeId;
import org.junit.jupiter.api.Test;

/**
 * The test-only fault injection pieces (docs/consensus.md, "Fault testing"): the cut-off file's
 * format, and the equivocator's twins, which must be real equivocations (same signer, height, round
 * and type, another value; a twin proposal is a block the honest validators accept) that the
 * engine's detector turns into evidence.
 */
class FaultInjectionTest {
  private static final Path REPO = Path.of(System.getProperty("gridledger.repo.root", "../.."));
  private static final long CHAIN_ID = 1337;
  private static final List<PrivateKey> KEYS = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 14);

  @Test
  void theCutOffFileListsEnodeUrlsOrNodeIdsAndSkipsCommentsBlanksAndGarbage() {
    NodeId a = NodeId.of(KEYS.get(10));
    NodeId b = NodeId.of(KEYS.get(11));
    String text =
        "# partition\n\nenode://"
            + a.toHex()
            + "@127.0.0.1:30303\n  0x"
            + b.toHex()
            + "  \nnot a node\nenode://zz@1.2.3.4:1\n";
    assertThat(CutOffFile.parse(text)).containsExactlyInAnyOrder(a, b);
    assertThat(CutOffFile.parse("")).isEmpty();
    assertThat(new CutOffFile.Reader(Path.of("target", "no-such-cut-off-file")).read())
        .contains(Set.of());
  }

  @Test
  void twinsConflictWithTheOriginalsAndATwinProposalIsAValidBlock() throws Exception {
    String yaml = Files.readString(REPO.resolve("genesis/devnet-bft.yaml"));
    byte[] json = new GenesisBuilder(GenesisConfigReader.parse(yaml, "test")).toJson();
    GenesisJson.Loaded genesis = GenesisJson.read(new ByteArrayInputStream(json), "test");
    Blockchain chain =
        Blockchain.initialize(new InMemoryKeyValueStore(), genesis.config(), genesis.genesis());
    InMemoryTransactionPool pool = new InMemoryTransactionPool(chain, TxPoolLimits.defaults());
    BlockBuilder builder = new BlockBuilder(chain);
    BuiltBlocks built = new BuiltBlocks();
    ElectedValidators elected =
        new ElectedValidators(chain.config().bftParams().staking(), CHAIN_ID);
    PoolBlockCreator creator =
        new PoolBlockCreator(
            chain, pool, builder, built, elected, 100, Address.ofLow(7), Clock.systemUTC());
    BlockHeader head = chain.head();
    Block block =
        creator.build(new Action.BuildBlock(1, 0, head, CommitCertificate.EMPTY)).orElseThrow();

    PrivateKey key = KEYS.get(10);
    Equivocator equivocator = new Equivocator(key, CHAIN_ID);
    VoteVerifier verifier = new VoteVerifier(CHAIN_ID);
    EquivocationDetector detector = new EquivocationDetector();
    List<ConsensusMessage> originals =
        List.of(
            new Proposal(sign(VoteType.PROPOSAL, block, key), block, List.of(), List.of()),
            new Prepare(sign(VoteType.PREPARE, block, key)),
            new Commit(sign(VoteType.COMMIT, block, key)));
    for (ConsensusMessage original : originals) {
      ConsensusMessage twin = equivocator.twin(original).orElseThrow();
      Vote o = original.vote().vote();
      Vote t = twin.vote().vote();
      assertThat(List.of(t.type(), t.height(), t.round()))
          .isEqualTo(List.of(o.type(), o.height(), o.round()));
      assertThat(t.value()).isNotEqualTo(o.value());
      assertThat(verifier.signer(twin.vote())).contains(key.address());
      assertThat(detector.observe(key.address(), original.vote())).isEmpty();
      Evidence evidence = detector.observe(key.address(), twin.vote()).orElseThrow();
      assertThat(evidence.signer()).isEqualTo(key.address());
      if (twin instanceof Proposal p) {
        assertThat(p.block().hash()).isEqualTo(t.value()).isNotEqualTo(block.hash());
        RebuildingBlockValidator validator =
            new RebuildingBlockValidator(
                chain, builder, new BuiltBlocks(), elected, 100, Clock.systemUTC());
        assertThat(validator.validate(p.block())).as("the twin block is valid").isTrue();
        assertThat(validator.validate(block)).as("so is the original").isTrue();
      }
    }
  }

  private static SignedVote sign(VoteType type, Block block, PrivateKey key) {
    return SignedVote.sign(new Vote(type, block.number(), 0, block.hash()), CHAIN_ID, key);
  }
}
