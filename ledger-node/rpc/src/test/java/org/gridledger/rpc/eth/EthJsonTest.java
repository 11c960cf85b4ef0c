package org.gridledger.rpc.eth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.tx.BlobTransaction;
import org.gridledger.core.tx.TransactionType;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;

/** Blob transactions, which the test chain does not carry: fields of the tx and its receipt. */
class EthJsonTest {
  static final Hash VERSIONED =
      Hash.fromHex("0x0100000000000000000000000000000000000000000000000000000000000001");

  @Test
  void blobTransactionAndReceipt() {
    BlobTransaction tx =
        new BlobTransaction(
                UInt256.of(1337),
                0,
                UInt256.of(2),
                UInt256.of(1_000_000_000_000L),
                50_000,
                Optional.of(TestNet.CONTRACT),
                UInt256.ZERO,
                new byte[0],
                List.of(),
                UInt256.of(10),
                List.of(VERSIONED, VERSIONED),
                0,
                UInt256.ZERO,
                UInt256.ZERO)
            .sign(TestNet.KEY1);
    BlockHeader header =
        new BlockHeader(
            Hash.ZERO,
            Keccak.EMPTY_LIST,
            Address.ZERO,
            Hash.ZERO,
            Hash.ZERO,
            Hash.ZERO,
            new byte[256],
            BigInteger.ZERO,
            7,
            30_000_000,
            21_000,
            1000,
            new byte[0],
            Hash.ZERO,
            new byte[8],
            BigInteger.valueOf(100),
            Keccak.EMPTY_TRIE,
            262_144L,
            0L,
            Hash.ZERO);
    Hash blockHash = header.hash();
    JsonNode t = EthJson.transaction(tx, TestNet.ADDR1, blockHash, header, 0);
    assertThat(EthApiTest.fields(t))
        .isEqualTo(
            EthApiTest.union(
                EthApiTest.TX_COMMON,
                "chainId",
                "maxFeePerGas",
                "maxPriorityFeePerGas",
                "maxFeePerBlobGas",
                "blobVersionedHashes",
                "accessList",
                "yParity"));
    assertThat(t.get("type").asText()).isEqualTo("0x3");
    assertThat(t.get("gasPrice").asText()).isEqualTo("0x66"); // base fee 100 + tip 2
    assertThat(t.get("maxFeePerBlobGas").asText()).isEqualTo("0xa");
    assertThat(t.get("blobVersionedHashes")).hasSize(2);
    assertThat(t.get("blobVersionedHashes").get(0).asText()).isEqualTo(VERSIONED.toHex());

    Receipt receipt = Receipt.of(TransactionType.BLOB, true, 21_000, List.of());
    JsonNode r = EthJson.receipt(receipt, null, tx, TestNet.ADDR1, blockHash, header, 0, 0);
    assertThat(EthApiTest.fields(r))
        .isEqualTo(EthApiTest.union(EthApiTest.RECEIPT_FIELDS, "blobGasUsed", "blobGasPrice"));
    assertThat(r.get("blobGasUsed").asText()).isEqualTo("0x40000"); // 2 blobs * 131072
    assertThat(r.get("blobGasPrice").asText()).isEqualTo("0x1"); // excess blob gas 0 → 1 wei
    assertThat(r.get("effectiveGasPrice").asText()).isEqualTo("0x66");
    assertThat(r.get("type").asText()).isEqualTo("0x3");
  }

  @Test
  void checksumsFollowEip55() {
    // the examples of EIP-55
    for (String expected :
        List.of(
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")) {
      assertThat(EthApi.checksummed(Address.fromHex(expected.toLowerCase(java.util.Locale.ROOT))))
          .isEqualTo(expected);
    }
  }
}
