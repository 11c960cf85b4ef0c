package org.gridledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gridledger.testsupport.DevNode;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.protocol.websocket.WebSocketService;
import org.web3j.protocol.websocket.events.LogNotification;
import org.web3j.protocol.websocket.events.NewHeadsNotification;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * web3j (Java, test scope) against {@code gridledger dev --block-time 0} as a real process: deploy
 * ClientProbe, transact, read the receipt and its event, call, estimateGas, a reverted call with
 * its reason, and newHeads + logs subscriptions over WebSocket.
 */
class Web3jClientTest {
  private static final Event INCREMENTED =
      new Event(
          "Incremented",
          List.of(
              new TypeReference<Address>(true) {},
              new TypeReference<Uint256>(true) {},
              new TypeReference<Uint256>() {},
              new TypeReference<Utf8String>() {}));

  @Test
  void web3jFlowAgainstDev() throws Exception {
    ProbeContract probe = ProbeContract.load();
    Path log = Path.of("target", "web3j-client-test", System.nanoTime() + ".log");
    Credentials sender = DevAccounts.credentials(6);
    try (DevNode node = DevNode.start(log, "--block-time", "0")) {
      Web3j web3j = Web3j.build(new HttpService(node.rpcUrl()));
      WebSocketService ws = new WebSocketService(node.wsUrl(), false);
      ws.connect();
      Web3j web3jWs = Web3j.build(ws);
      try {
        assertThat(web3j.ethChainId().send().getChainId()).isEqualTo(BigInteger.valueOf(1337));
        RawTransactionManager txs = new RawTransactionManager(web3j, sender, 1337);
        PollingTransactionReceiptProcessor receipts =
            new PollingTransactionReceiptProcessor(web3j, 100, 300);
        BigInteger tip = BigInteger.valueOf(1_000_000_000L);
        BigInteger maxFee = BigInteger.valueOf(20_000_000_000L);

        // Deploy with constructor argument 5.
        String deployData =
            probe.bytecode() + FunctionEncoder.encodeConstructor(List.of(new Uint256(5)));
        TransactionReceipt deployed =
            send(txs, receipts, tip, maxFee, BigInteger.valueOf(1_000_000), "", deployData, true);
        assertThat(deployed.isStatusOK()).isTrue();
        String contract = deployed.getContractAddress();
        assertThat(web3j.ethGetCode(contract, DefaultBlockParameterName.LATEST).send().getCode())
            .isEqualTo("0x" + probe.deployedBytecodeHex());
        assertThat(callCount(web3j, sender, contract)).isEqualTo(5);

        // Subscriptions first, so the transaction below is seen on both.
        CompletableFuture<NewHeadsNotification> head = new CompletableFuture<>();
        CompletableFuture<LogNotification> logEvent = new CompletableFuture<>();
        var headSub =
            web3jWs.newHeadsNotifications().subscribe(head::complete, head::completeExceptionally);
        var logSub =
            web3jWs
                .logsNotifications(List.of(contract), List.of(EventEncoder.encode(INCREMENTED)))
                .subscribe(logEvent::complete, logEvent::completeExceptionally);
        Thread.sleep(200);

        // estimateGas, then the transaction.
        String incrementData =
            FunctionEncoder.encode(
                new Function(
                    "increment", List.of(new Uint256(7), new Utf8String("from web3j")), List.of()));
        EthEstimateGas estimate =
            web3j
                .ethEstimateGas(
                    Transaction.createEthCallTransaction(
                        sender.getAddress(), contract, incrementData))
                .send();
        assertThat(estimate.hasError()).as("%s", estimate.getError()).isFalse();
        TransactionReceipt receipt =
            send(
                txs,
                receipts,
                tip,
                maxFee,
                estimate.getAmountUsed(),
                contract,
                incrementData,
                false);
        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(estimate.getAmountUsed()).isGreaterThanOrEqualTo(receipt.getGasUsed());
        assertThat(receipt.getFrom()).isEqualTo(sender.getAddress());
        assertThat(receipt.getTo()).isEqualTo(contract);
        assertThat(receipt.getLogs()).hasSize(1);
        assertIncremented(
            receipt.getLogs().get(0).getAddress(),
            receipt.getLogs().get(0).getTopics(),
            receipt.getLogs().get(0).getData(),
            sender,
            contract,
            12,
            7,
            "from web3j");
        assertThat(callCount(web3j, sender, contract)).isEqualTo(12);

        // eth_getLogs over the receipt's block, filtered by the indexed sender.
        EthFilter filter =
            new EthFilter(
                    org.web3j.protocol.core.DefaultBlockParameter.valueOf(receipt.getBlockNumber()),
                    org.web3j.protocol.core.DefaultBlockParameter.valueOf(receipt.getBlockNumber()),
                    contract)
                .addSingleTopic(EventEncoder.encode(INCREMENTED))
                .addSingleTopic("0x" + "0".repeat(24) + sender.getAddress().substring(2));
        EthLog logs = web3j.ethGetLogs(filter).send();
        assertThat(logs.getLogs()).hasSize(1);
        Log queried = (Log) logs.getLogs().get(0).get();
        assertThat(queried.getTransactionHash()).isEqualTo(receipt.getTransactionHash());
        assertIncremented(
            queried.getAddress(),
            queried.getTopics(),
            queried.getData(),
            sender,
            contract,
            12,
            7,
            "from web3j");

        // A reverted call carries its Error(string) reason.
        String zero =
            FunctionEncoder.encode(
                new Function("increment", List.of(new Uint256(0), new Utf8String("")), List.of()));
        EthCall reverted =
            web3j
                .ethCall(
                    Transaction.createEthCallTransaction(sender.getAddress(), contract, zero),
                    DefaultBlockParameterName.LATEST)
                .send();
        assertThat(reverted.isReverted()).isTrue();
        assertThat(reverted.getRevertReason()).contains("ClientProbe: amount is zero");

        // Both subscriptions delivered.
        LogNotification note = logEvent.get(30, TimeUnit.SECONDS);
        assertIncremented(
            note.getParams().getResult().getAddress(),
            note.getParams().getResult().getTopics(),
            note.getParams().getResult().getData(),
            sender,
            contract,
            12,
            7,
            "from web3j");
        assertThat(note.getParams().getResult().getTransactionHash())
            .isEqualTo(receipt.getTransactionHash());
        NewHeadsNotification newHead = head.get(30, TimeUnit.SECONDS);
        BigInteger headNumber = Numeric.decodeQuantity(newHead.getParams().getResult().getNumber());
        assertThat(headNumber).isPositive();
        assertThat(
                web3j
                    .ethGetBlockByNumber(
                        org.web3j.protocol.core.DefaultBlockParameter.valueOf(headNumber), false)
                    .send()
                    .getBlock()
                    .getHash())
            .isEqualTo(newHead.getParams().getResult().getHash());
        headSub.dispose();
        logSub.dispose();
        // dispose() sends eth_unsubscribe without waiting; let the answers arrive before closing.
        Thread.sleep(300);
      } finally {
        ws.close();
        web3j.shutdown();
      }
    }
  }

  /** Signs and sends an EIP-1559 transaction through web3j and waits for its receipt. */
  private static TransactionReceipt send(
      RawTransactionManager txs,
      PollingTransactionReceiptProcessor receipts,
      BigInteger tip,
      BigInteger maxFee,
      BigInteger gas,
      String to,
      String data,
      boolean create)
      throws Exception {
    EthSendTransaction sent =
        txs.sendEIP1559Transaction(1337, tip, maxFee, gas, to, data, BigInteger.ZERO, create);
    assertThat(sent.hasError()).as("%s", sent.getError()).isFalse();
    return receipts.waitForTransactionReceipt(sent.getTransactionHash());
  }

  private static long callCount(Web3j web3j, Credentials from, String contract) throws Exception {
    Function count = new Function("count", List.of(), List.of(new TypeReference<Uint256>() {}));
    EthCall answer =
        web3j
            .ethCall(
                Transaction.createEthCallTransaction(
                    from.getAddress(), contract, FunctionEncoder.encode(count)),
                DefaultBlockParameterName.LATEST)
            .send();
    @SuppressWarnings("rawtypes")
    List<Type> values =
        FunctionReturnDecoder.decode(answer.getValue(), count.getOutputParameters());
    return ((BigInteger) values.get(0).getValue()).longValueExact();
  }

  private static void assertIncremented(
      String address,
      List<String> topics,
      String logData,
      Credentials by,
      String contract,
      long newCount,
      long amount,
      String note) {
    assertThat(address).isEqualTo(contract);
    assertThat(topics).hasSize(3);
    assertThat(topics.get(0)).isEqualTo(EventEncoder.encode(INCREMENTED));
    assertThat(
            FunctionReturnDecoder.decodeIndexedValue(topics.get(1), new TypeReference<Address>() {})
                .getValue())
        .isEqualTo(by.getAddress());
    assertThat(
            FunctionReturnDecoder.decodeIndexedValue(topics.get(2), new TypeReference<Uint256>() {})
                .getValue())
        .isEqualTo(BigInteger.valueOf(newCount));
    @SuppressWarnings("rawtypes")
    List<Type> data = FunctionReturnDecoder.decode(logData, INCREMENTED.getNonIndexedParameters());
    assertThat(data.get(0).getValue()).isEqualTo(BigInteger.valueOf(amount));
    assertThat(data.get(1).getValue()).isEqualTo(note);
  }
}
