package org.gridledger.consensus.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.consensus.sim.BftSimulation;
import org.gridledger.consensus.validator.Validator;
import org.gridledger.core.chain.ChainConfig;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.junit.jupiter.api.Test;

class BftExtraDataTest {
  @Test
  void roundTripsAndFitsTheChainConfigLimitAtFullSize() {
    List<PrivateKey> keys = BftSimulation.keys(3);
    List<Validator> validators = new java.util.ArrayList<>();
    for (int i = 0; i < BftExtraData.MAX_ENTRIES; i++) {
      validators.add(
          new Validator(Address.ofLow(i + 1), BigInteger.TEN.pow(24).add(BigInteger.valueOf(i))));
    }
    SignedVote seal = SignedVote.sign(new Vote(VoteType.COMMIT, 9, 1, Hash.ZERO), 1, keys.get(0));
    List<org.gridledger.evm.crypto.Signature> seals =
        java.util.Collections.nCopies(BftExtraData.MAX_ENTRIES, seal.signature());
    BftExtraData extra =
        new BftExtraData(new byte[32], validators, new CommitCertificate(1, seals));
    byte[] encoded = extra.encode();
    assertThat(encoded.length).isLessThanOrEqualTo(ChainConfig.BFT_EXTRA_DATA);
    assertThat(BftExtraData.decode(encoded)).isEqualTo(extra);
  }

  @Test
  void layoutIsTheDocumentedRlpList() {
    BftExtraData empty = new BftExtraData(new byte[32], List.of(), CommitCertificate.EMPTY);
    // rlp([32 zero bytes, [], 0, []]): a list of 36 bytes (e4): a0 + 32 zero bytes, c0, 80, c0
    assertThat(Hex.encode(empty.encode())).isEqualTo("0xe4a0" + "00".repeat(32) + "c080c0");
  }

  @Test
  void malformedExtraDataIsRejected() {
    for (String bad :
        List.of(
            "0x",
            "0x00",
            "0xc0",
            "0xe39f" + "00".repeat(31) + "c080c0", // vanity of 31 bytes
            "0xe5a0" + "00".repeat(32) + "c080c000", // an extra item
            "0xe4a0" + "00".repeat(32) + "c080", // truncated
            "0xe6a0" + "00".repeat(32) + "c080c281ff", // a seal of 1 byte
            "0xf83ba0" + "00".repeat(32) + "d7d694" + "11".repeat(20) + "8080c0")) { // weight 0
      assertThatThrownBy(() -> BftExtraData.decode(Hex.decode(bad)))
          .as(bad)
          .isInstanceOf(BftExtraDataException.class);
    }
  }
}
