package org.gridledger.app.bft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.gridledger.consensus.BftConfig;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.BftExtraDataException;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.header.FinalityResult;
import org.gridledger.consensus.header.FinalityVerifier;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.VoteVerifier;
import org.gridledger.consensus.validator.Validator;
import org.gridledger.consensus.validator.ValidatorSet;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.evm.types.Hash;
import org.gridledger.rpc.RpcError;
import org.gridledger.rpc.RpcException;
import org.gridledger.rpc.RpcMethods;
import org.gridledger.rpc.RpcParams;
import org.gridledger.rpc.RpcResult;
import org.gridledger.rpc.eth.ChainView;
import org.gridledger.rpc.json.BlockParameter;
import org.gridledger.rpc.json.BlockTag;
import org.gridledger.rpc.json.JsonResults;
import org.gridledger.rpc.json.ParamParsers;

/**
 * The {@code bft} JSON-RPC namespace (docs/rpc.md, "bft namespace"): commit certificates, validator
 * sets and the consensus status of a BFT node. On a chain without {@code config.bft} every method
 * answers {@value #NOT_SUPPORTED} "not a BFT chain".
 */
public final class BftRpc {
  /** EIP-1474's "method not supported". */
  public static final int NOT_SUPPORTED = -32004;

  private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(2);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Blockchain chain;
  private final ChainView view;
  private final Optional<BftNode> node;

  /**
   * @param node the running consensus node; empty on a chain without {@code config.bft}
   */
  public BftRpc(Blockchain chain, Optional<BftNode> node) {
    this.chain = chain;
    this.view = new ChainView(chain);
    this.node = node;
  }

  public void registerTo(RpcMethods.Builder methods) {
    methods.add("bft_getCommitCertificate", 1, this::commitCertificate);
    methods.add("bft_getValidators", 1, this::validators);
    methods.add("bft_status", 0, params -> status());
  }

  private BftNode requireNode() {
    return node.orElseThrow(
        () ->
            new RpcException(
                new RpcError.Custom(
                    NOT_SUPPORTED,
                    "not a BFT chain: the genesis has no config.bft",
                    Optional.empty())));
  }

  private ChainView.Located block(RpcParams params, boolean required) {
    BlockParameter p =
        required
            ? params.required(0, "block", ParamParsers.BLOCK_NUMBER_OR_HASH)
            : params.optional(0, "block", ParamParsers.BLOCK_NUMBER_OR_HASH, BlockTag.LATEST);
    return view.require(p);
  }

  private RpcResult commitCertificate(RpcParams params) {
    BftNode n = requireNode();
    ChainView.Located block = block(params, true);
    long number = block.header().number();
    if (number == 0) {
      throw new RpcException(
          new RpcError.ServerError("the genesis block has no commit certificate"));
    }
    CommitCertificate certificate = certificateOf(n, block);
    BftConfig config = n.bftConfig();
    ValidatorSet set = ValidatorSets.at(chain, config, number);
    VoteVerifier verifier = new VoteVerifier(config.chainId());
    FinalityResult result =
        new FinalityVerifier(verifier).verify(number, block.hash(), certificate, set);
    ObjectNode out = JSON.objectNode();
    out.set("number", JsonResults.quantity(number));
    out.set("hash", JsonResults.hash(block.hash()));
    out.set("round", JsonResults.quantity(certificate.round()));
    ArrayNode signers = out.putArray("signers");
    ArrayNode seals = out.putArray("seals");
    for (SignedVote v : certificate.votes(number, block.hash())) {
      verifier.signer(v).ifPresent(a -> signers.add(JsonResults.address(a)));
      seals.add(JsonResults.data(SignedVote.encodeSignature(v.signature())));
    }
    out.set("signedWeight", JsonResults.quantity(result.weight()));
    out.set("totalWeight", JsonResults.quantity(set.totalWeight()));
    out.put("final", result.isFinal());
    return RpcResult.success(out);
  }

  /** From the child's header, or for the head from the node's stored head certificate. */
  private CommitCertificate certificateOf(BftNode n, ChainView.Located block) {
    Optional<BlockHeader> child =
        view.byNumber(block.header().number() + 1)
            .map(ChainView.Located::header)
            .filter(h -> h.parentHash().equals(block.hash()));
    if (child.isPresent()) {
      try {
        return BftExtraData.of(child.get()).parentCertificate();
      } catch (BftExtraDataException e) {
        throw new RpcException(
            new RpcError.InternalError("block " + child.get().number() + ": " + e.getMessage()));
      }
    }
    return n.headCertificate(block.hash())
        .orElseThrow(
            () ->
                new RpcException(
                    new RpcError.ServerError(
                        "no commit certificate known for block "
                            + block.header().number()
                            + " (not final, or not the head any more): retry")));
  }

  private RpcResult validators(RpcParams params) {
    BftNode n = requireNode();
    ChainView.Located block = block(params, false);
    long number = block.header().number();
    BftConfig config = n.bftConfig();
    ValidatorSet set = ValidatorSets.at(chain, config, number);
    ObjectNode out = JSON.objectNode();
    out.set("number", JsonResults.quantity(number));
    out.set("hash", JsonResults.hash(block.hash()));
    out.set("epoch", JsonResults.quantity(config.epochOf(number)));
    out.set("epochLength", JsonResults.quantity(config.epochLength()));
    out.set("validators", validatorList(set));
    out.set("totalWeight", JsonResults.quantity(set.totalWeight()));
    if (config.isEpochEnd(number)) {
      try {
        BftExtraData extra = BftExtraData.of(block.header());
        if (!extra.validators().isEmpty()) {
          out.set("nextValidators", validatorList(new ValidatorSet(extra.validators())));
        }
      } catch (BftExtraDataException | IllegalArgumentException e) {
        // a final block's list was checked by the validators; nothing to add otherwise
      }
    }
    return RpcResult.success(out);
  }

  private static ArrayNode validatorList(ValidatorSet set) {
    ArrayNode list = JSON.arrayNode();
    for (Validator v : set.validators()) {
      ObjectNode entry = list.addObject();
      entry.set("address", JsonResults.address(v.signer()));
      entry.set("weight", JsonResults.quantity(v.weight()));
    }
    return list;
  }

  private RpcResult status() {
    BftNode n = requireNode();
    BftNode.Status s;
    try {
      s = n.status(STATUS_TIMEOUT);
    } catch (TimeoutException e) {
      throw new RpcException(
          new RpcError.ServerError("the consensus thread did not answer within 2 s"));
    }
    Hash headHash = chain.headHash();
    ObjectNode out = JSON.objectNode();
    out.set("height", JsonResults.quantity(s.height()));
    out.set("round", JsonResults.quantity(s.round()));
    out.set("head", JsonResults.quantity(chain.head().number()));
    out.set("headHash", JsonResults.hash(headHash));
    out.set("epoch", JsonResults.quantity(n.bftConfig().epochOf(s.height())));
    out.put("isValidator", s.validator());
    JsonNode signer = s.signer().<JsonNode>map(JsonResults::address).orElse(JsonResults.nothing());
    out.set("signer", signer);
    out.set("validators", JsonResults.quantity(s.validators().size()));
    out.set("peers", JsonResults.quantity(s.peers()));
    out.put("enode", n.enode().format());
    return RpcResult.success(out);
  }
}
