package org.gridledger.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.devnet.DevnetGenesis;
import org.junit.jupiter.api.Test;

class ChainConfigTest {
  /** A devnet genesis with base fee zero whose gas use is above the EIP-1559 target. */
  static BlockHeader fullParentWithZeroBaseFee() {
    BlockHeader g =
        DevnetGenesis.load(new DevnetGenesis.Options(1337, 30_000_000, BigInteger.ZERO))
            .genesis()
            .block()
            .header();
    return new BlockHeader(
        g.parentHash(),
        g.ommersHash(),
        g.coinbase(),
        g.stateRoot(),
        g.transactionsRoot(),
        g.receiptsRoot(),
        g.logsBloom(),
        g.difficulty(),
        g.number(),
        g.gasLimit(),
        g.gasLimit(), // full: above the target of half the limit
        g.timestamp(),
        g.extraData(),
        g.mixHash(),
        g.nonce(),
        g.baseFeePerGas(),
        g.withdrawalsRoot(),
        g.blobGasUsed(),
        g.excessBlobGas(),
        g.parentBeaconBlockRoot());
  }

  @Test
  void eip1559RaisesAZeroBaseFeeAfterAFullBlockButAZeroBaseFeeChainKeepsIt() {
    BlockHeader parent = fullParentWithZeroBaseFee();
    // EIP-1559: delta = max(parentBaseFee * excess / target / 8, 1), so 0 becomes 1.
    assertThat(new ChainConfig(1337).nextBaseFee(parent)).isEqualTo(BigInteger.ONE);
    assertThat(new ChainConfig(1337).withZeroBaseFee().nextBaseFee(parent)).isZero();
  }

  @Test
  void devnetOptionsSetChainIdGasLimitAndTheZeroBaseFeeRule() {
    GenesisJson.Loaded zero =
        DevnetGenesis.load(new DevnetGenesis.Options(31337, 60_000_000, BigInteger.ZERO));
    assertThat(zero.config().chainId()).isEqualTo(31337);
    assertThat(zero.config().zeroBaseFee()).isTrue();
    assertThat(zero.config().maxExtraData()).isEqualTo(ChainConfig.SEALED_EXTRA_DATA);
    assertThat(zero.genesis().block().header().gasLimit()).isEqualTo(60_000_000);
    assertThat(zero.genesis().block().header().baseFeePerGas()).isZero();
    GenesisJson.Loaded standard = DevnetGenesis.load(DevnetGenesis.Options.defaults());
    assertThat(standard.config().zeroBaseFee()).isFalse();
    assertThat(standard.genesis().block().hash())
        .isEqualTo(DevnetGenesis.load().genesis().block().hash());
  }

  @Test
  void bftChainsAllowRoomForValidatorsAndCommitSeals() {
    ChainConfig bft = ChainConfig.bft(7);
    assertThat(bft.chainId()).isEqualTo(7);
    assertThat(bft.maxExtraData()).isEqualTo(32 * 1024);
    assertThat(bft.zeroBaseFee()).isFalse();
    assertThat(bft.withZeroBaseFee().maxExtraData()).isEqualTo(ChainConfig.BFT_EXTRA_DATA);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ChainConfig(7, 1000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A child of {@code parent} stamped {@code timestamp}, valid in every other header rule. */
  private static BlockHeader child(BlockHeader parent, long timestamp, ChainConfig config) {
    return new BlockHeader(
        parent.hash(),
        parent.ommersHash(),
        parent.coinbase(),
        parent.stateRoot(),
        parent.transactionsRoot(),
        parent.receiptsRoot(),
        parent.logsBloom(),
        BigInteger.ZERO,
        parent.number() + 1,
        parent.gasLimit(),
        0,
        timestamp,
        new byte[0],
        parent.mixHash(),
        parent.nonce(),
        config.nextBaseFee(parent),
        parent.withdrawalsRoot(),
        parent.blobGasUsed(),
        parent.excessBlobGas(),
        parent.parentBeaconBlockRoot());
  }

  private static java.util.Optional<InvalidReason> timestampCheck(
      BlockHeader parent, long timestamp, ChainConfig config) {
    return BlockValidator.validateHeader(child(parent, timestamp, config), parent, config)
        .map(ImportResult.Invalid::reason);
  }

  @Test
  void blocksShareASecondOnlyOnBftChainsWithASubSecondPeriod() {
    BlockHeader genesis =
        DevnetGenesis.load(DevnetGenesis.Options.defaults()).genesis().block().header();
    long t = 1_800_000_000L;
    BlockHeader parent = child(genesis, t, new ChainConfig(1337));
    org.gridledger.evm.types.Address staking =
        org.gridledger.evm.types.Address.fromHex("0x0000000000000000000000000000000000001006");
    ChainConfig ethereum = new ChainConfig(1337);
    ChainConfig bftOneSecond = ChainConfig.bft(1337, new BftParams(100, staking, 1000, 2000));
    ChainConfig bftHalfSecond = ChainConfig.bft(1337, new BftParams(100, staking, 500, 2000));

    assertThat(ethereum.minTimestampStep()).isEqualTo(1);
    assertThat(bftOneSecond.minTimestampStep()).isEqualTo(1);
    assertThat(bftHalfSecond.minTimestampStep()).isZero();
    for (ChainConfig strict : java.util.List.of(ethereum, bftOneSecond)) {
      assertThat(timestampCheck(parent, t, strict)).contains(InvalidReason.TIMESTAMP);
      assertThat(timestampCheck(parent, t + 1, strict)).isEmpty();
    }
    assertThat(timestampCheck(parent, t, bftHalfSecond)).isEmpty();
    assertThat(timestampCheck(parent, t + 1, bftHalfSecond)).isEmpty();
    assertThat(timestampCheck(parent, t - 1, bftHalfSecond)).contains(InvalidReason.TIMESTAMP);
  }
}
