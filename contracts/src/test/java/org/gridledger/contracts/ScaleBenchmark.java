package org.gridledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gridledger.contracts.bindings.NodeRegistry;
import org.gridledger.contracts.bindings.Reservations;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Scale invariance (issue 6): the same reservation operations on a grid of 10^2 and of 10^5 nodes,
 * each with one node contract, must cost the same gas, and take the same time. Run with {@code make
 * bench-scale}; excluded from {@code make test} (tag "scale"). Runs on anvil or, with {@code
 * -Dgridledger.chain=gridledger}, on {@code gridledger dev}. The grid is populated on anvil with
 * batched, impersonated transactions, on gridledger with batched signed ones; the measured
 * operations are signed and sent one by one.
 *
 * <p>Gas is compared as execution gas: gasUsed minus the intrinsic cost (21000 plus 4 per zero and
 * 16 per non-zero calldata byte, EIP-2028), because ids like 101 and 100001 differ in their number
 * of non-zero calldata bytes while the work done is the same.
 */
@Tag("scale")
class ScaleBenchmark {
  private static final int REPETITIONS = Integer.getInteger("gridledger.scale.repetitions", 10);

  /**
   * Unrecorded repetitions before the measured ones, so both sizes are measured on a warm node
   * (each size starts a fresh process; the small one has hardly run any code when measured).
   */
  private static final int WARMUP = Integer.getInteger("gridledger.scale.warmup", 5);

  private static final int BATCH = 2000;
  private static final int SIGNED_BATCH = 1000;
  private static final String[] OPS = {
    "registerNode",
    "createNodeContract",
    "reportFulfilment",
    "settle",
    "reportFailure",
    "updateNodeContract",
    "cancel"
  };

  /**
   * Per operation and repetition: execution gas, the latency of executing it (eth_call on the
   * latest state, median of a few calls) and of sending it as a transaction until its receipt (ns).
   */
  record Measurement(
      Map<String, long[]> gas,
      Map<String, long[]> latency,
      Map<String, long[]> txLatency,
      long populateMillis) {}

  @Test
  void operationsCostTheSameAtOneHundredAndOneHundredThousandNodes() throws Exception {
    int[] sizes =
        Arrays.stream(System.getProperty("gridledger.scale.sizes", "100,100000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    Map<Integer, Measurement> results = new LinkedHashMap<>();
    for (int size : sizes) {
      results.put(size, measure(size));
    }
    String table = "Chain: " + ChainNode.selected() + "\n\n" + table(results, sizes);
    System.out.println(table);
    Path report =
        Path.of(
            System.getProperty("gridledger.scale.reportDir", "target"),
            "scale-report-" + ChainNode.selected() + ".md");
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, table);

    Measurement small = results.get(sizes[0]);
    Measurement large = results.get(sizes[sizes.length - 1]);
    for (String op : OPS) {
      assertThat(large.gas().get(op))
          .as("execution gas of %s, per repetition", op)
          .containsExactly(small.gas().get(op));
    }
  }

  private static Measurement measure(int size) throws Exception {
    Path contractsDir =
        Path.of(System.getProperty("gridledger.contracts.dir", ".")).toAbsolutePath();
    boolean gridledger = ChainNode.selected().equals("gridledger");
    try (ChainNode node =
        gridledger
            // A block gas limit far above what a population block of 2000 transactions uses
            // (anvil: --disable-block-gas-limit).
            ? GridledgerNode.start(contractsDir, List.of("--gas-limit", "1000000000000"))
            : AnvilNode.start(
                contractsDir,
                // anvil keeps every block's state in memory unless told otherwise: at 10^5 nodes
                // that exhausts the machine, so keep two states and a few blocks of receipts.
                List.of(
                    "--disable-block-gas-limit",
                    "--prune-history",
                    "2",
                    "--transaction-block-keeper",
                    "64"))) {
      Chain chain = new Chain(node.url());
      try {
        Grid grid = Grid.deploy(chain);
        Scenario s = Scenario.standard(grid);
        long started = System.nanoTime();
        if (gridledger) {
          populateSigned(grid, s, node.url(), size);
        } else {
          populate(grid, s, node.url(), size);
        }
        long populateMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(Actor.view(s.user.nodes.nodeCount()).intValue()).isEqualTo(size + 1);
        assertThat(Actor.view(s.user.reservations.contractCount()).intValue()).isEqualTo(size);
        return run(grid, s, populateMillis);
      } finally {
        chain.shutdown();
      }
    }
  }

  /**
   * The population of {@link #populate} on a chain without impersonation ({@code gridledger dev}):
   * the same calls as signed transactions, each node from a key derived from its index, in blocks
   * of at most {@link #SIGNED_BATCH} transactions per sender (the pool's per-sender limit is 1024).
   */
  private static void populateSigned(Grid grid, Scenario s, String url, int size) throws Exception {
    Rpc rpc = new Rpc(url);
    rpc.call("evm_setAutomine", "false");
    long chainId = grid.chain.chainId();
    long farmerNonce = nonceOf(grid, s.farmer.address);
    long userNonce = nonceOf(grid, s.user.address);
    NodeRegistry.Resources total = Scenario.nodeResources(8, 32 * Grid.GIB, 1024 * Grid.GIB, 0);
    NodeRegistry.Location here =
        new NodeRegistry.Location("BE", "Ghent", BigInteger.ZERO, BigInteger.ZERO);
    Reservations.Resources r = Scenario.small();
    byte[] spec = Scenario.payload("population");
    BigInteger deposit = Scenario.ether(1);
    int firstNodeId = Actor.view(s.user.nodes.nodeCount()).intValue() + 1;
    for (int start = 0; start < size; start += SIGNED_BATCH) {
      int end = Math.min(size, start + SIGNED_BATCH);
      List<String> registrations =
          java.util.stream.IntStream.range(start, end)
              .parallel()
              .mapToObj(
                  i -> {
                    org.web3j.crypto.Credentials key = nodeKey(i);
                    String node = key.getAddress();
                    return List.of(
                        signed(
                            key,
                            chainId,
                            0,
                            grid.at.twins(),
                            s.user.twins.createTwin(Scenario.key(node), "").encodeFunctionCall(),
                            BigInteger.ZERO),
                        signed(
                            key,
                            chainId,
                            1,
                            grid.at.nodes(),
                            s.user
                                .nodes
                                .registerNode(s.farmId, total, Scenario.key("n" + node), here, "")
                                .encodeFunctionCall(),
                            BigInteger.ZERO));
                  })
              .flatMap(List::stream)
              .toList();
      rpc.batchRaw(registrations);
      rpc.call("evm_mine");
      List<String> approvals = new ArrayList<>();
      List<String> contracts = new ArrayList<>();
      for (int i = start; i < end; i++) {
        BigInteger nodeId = BigInteger.valueOf(firstNodeId + i);
        approvals.add(
            s.farmer.farms.approveNode(nodeId).encodeFunctionCall() + "@" + farmerNonce++);
        contracts.add(
            s.user
                    .reservations
                    .createNodeContract(
                        nodeId, r, Scenario.hash(spec), BigInteger.ZERO, spec, deposit)
                    .encodeFunctionCall()
                + "@"
                + userNonce++);
      }
      rpc.batchRaw(signAll(s.farmer, chainId, grid.at.farms(), approvals, BigInteger.ZERO));
      rpc.call("evm_mine");
      rpc.batchRaw(signAll(s.user, chainId, grid.at.reservations(), contracts, deposit));
      rpc.call("evm_mine");
    }
    rpc.call("evm_setAutomine", "true");
    rpc.call("anvil_setBlockTimestampInterval", "1");
  }

  private static long nonceOf(Grid grid, String address) throws IOException {
    return grid.chain
        .web3j()
        .ethGetTransactionCount(address, org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
        .send()
        .getTransactionCount()
        .longValueExact();
  }

  /** Signs "calldata@nonce" entries as {@code actor}, in parallel. */
  private static List<String> signAll(
      Actor actor, long chainId, String to, List<String> callsAtNonce, BigInteger value) {
    return callsAtNonce.parallelStream()
        .map(
            c -> {
              int at = c.lastIndexOf('@');
              return signed(
                  actor.credentials,
                  chainId,
                  Long.parseLong(c.substring(at + 1)),
                  to,
                  c.substring(0, at),
                  value);
            })
        .toList();
  }

  private static org.web3j.crypto.Credentials nodeKey(int i) {
    return org.web3j.crypto.Credentials.create(
        org.web3j.crypto.ECKeyPair.create(BigInteger.valueOf(0x5ca1e0000000L + i + 1)));
  }

  /** A legacy EIP-155 transaction with gas price 0 and the population's gas limit, signed. */
  private static String signed(
      org.web3j.crypto.Credentials key,
      long chainId,
      long nonce,
      String to,
      String data,
      BigInteger value) {
    org.web3j.crypto.RawTransaction tx =
        org.web3j.crypto.RawTransaction.createTransaction(
            BigInteger.valueOf(nonce),
            BigInteger.ZERO,
            BigInteger.valueOf(2_000_000),
            to,
            value,
            data);
    return Numeric.toHexString(org.web3j.crypto.TransactionEncoder.signMessage(tx, chainId, key));
  }

  /**
   * Registers {@code size} nodes in the scenario's farm, each with one node contract of the user.
   */
  private static void populate(Grid grid, Scenario s, String url, int size) throws Exception {
    Rpc rpc = new Rpc(url);
    rpc.call("anvil_autoImpersonateAccount", "true");
    rpc.call("evm_setAutomine", "false");
    long farmerNonce =
        grid.chain
            .web3j()
            .ethGetTransactionCount(
                s.farmer.address, org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
            .send()
            .getTransactionCount()
            .longValueExact();
    long userNonce =
        grid.chain
            .web3j()
            .ethGetTransactionCount(
                s.user.address, org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
            .send()
            .getTransactionCount()
            .longValueExact();
    NodeRegistry.Resources total = Scenario.nodeResources(8, 32 * Grid.GIB, 1024 * Grid.GIB, 0);
    NodeRegistry.Location here =
        new NodeRegistry.Location("BE", "Ghent", BigInteger.ZERO, BigInteger.ZERO);
    Reservations.Resources r = Scenario.small();
    byte[] spec = Scenario.payload("population");
    BigInteger deposit = Scenario.ether(1);
    int firstNodeId = Actor.view(s.user.nodes.nodeCount()).intValue() + 1;
    for (int start = 0; start < size; start += BATCH) {
      int end = Math.min(size, start + BATCH);
      List<String> registrations = new ArrayList<>();
      for (int i = start; i < end; i++) {
        String node = nodeAddress(i);
        registrations.add(
            tx(
                node,
                grid.at.twins(),
                s.user.twins.createTwin(Scenario.key(node), "").encodeFunctionCall(),
                BigInteger.ZERO,
                0));
        registrations.add(
            tx(
                node,
                grid.at.nodes(),
                s.user
                    .nodes
                    .registerNode(s.farmId, total, Scenario.key("n" + node), here, "")
                    .encodeFunctionCall(),
                BigInteger.ZERO,
                1));
      }
      rpc.batch(registrations);
      rpc.call("evm_mine");
      List<String> approvals = new ArrayList<>();
      for (int i = start; i < end; i++) {
        BigInteger nodeId = BigInteger.valueOf(firstNodeId + i);
        approvals.add(
            tx(
                s.farmer.address,
                grid.at.farms(),
                s.user.farms.approveNode(nodeId).encodeFunctionCall(),
                BigInteger.ZERO,
                farmerNonce++));
      }
      rpc.batch(approvals);
      rpc.call("evm_mine");
      List<String> contracts = new ArrayList<>();
      for (int i = start; i < end; i++) {
        BigInteger nodeId = BigInteger.valueOf(firstNodeId + i);
        String data =
            s.user
                .reservations
                .createNodeContract(nodeId, r, Scenario.hash(spec), BigInteger.ZERO, spec, deposit)
                .encodeFunctionCall();
        contracts.add(tx(s.user.address, grid.at.reservations(), data, deposit, userNonce++));
      }
      rpc.batch(contracts);
      rpc.call("evm_mine");
    }
    rpc.call("evm_setAutomine", "true");
    rpc.call("anvil_autoImpersonateAccount", "false");
    // From here every block is exactly one second after the previous one (plus explicit time
    // travel), so elapsed times, and with them the storage writes of billing, repeat exactly.
    rpc.call("anvil_setBlockTimestampInterval", "1");
  }

  private static Measurement run(Grid grid, Scenario s, long populateMillis) {
    Map<String, long[]> gas = new LinkedHashMap<>();
    Map<String, long[]> latency = new LinkedHashMap<>();
    Map<String, long[]> txLatency = new LinkedHashMap<>();
    for (String op : OPS) {
      gas.put(op, new long[REPETITIONS]);
      latency.put(op, new long[REPETITIONS]);
      txLatency.put(op, new long[REPETITIONS]);
    }
    Timer t = new Timer(grid, gas, latency, txLatency);
    NodeRegistry.Resources total = Scenario.nodeResources(8, 32 * Grid.GIB, 1024 * Grid.GIB, 0);
    NodeRegistry.Location here =
        new NodeRegistry.Location("BE", "Ghent", BigInteger.ZERO, BigInteger.ZERO);
    for (int rep = -WARMUP; rep < REPETITIONS; rep++) {
      Actor node = Scenario.twin(grid.newActor());
      TransactionReceipt registered =
          t.timed(
              node,
              node.nodes.registerNode(s.farmId, total, Scenario.key("bench" + rep), here, "bench"),
              BigInteger.ZERO,
              "registerNode",
              rep);
      BigInteger nodeId = NodeRegistry.getNodeRegisteredEvents(registered).get(0).nodeId;
      s.farmer.send(s.farmer.farms.approveNode(nodeId));
      byte[] spec = Scenario.payload("bench");
      TransactionReceipt created =
          t.timed(
              s.user,
              s.user.reservations.createNodeContract(
                  nodeId,
                  Scenario.small(),
                  Scenario.hash(spec),
                  BigInteger.ZERO,
                  spec,
                  Scenario.ether(1)),
              Scenario.ether(1),
              "createNodeContract",
              rep);
      BigInteger id = Reservations.getNodeContractCreatedEvents(created).get(0).contractId;
      t.timed(
          node,
          node.reservations.reportFulfilment(id, Scenario.payload("result")),
          BigInteger.ZERO,
          "reportFulfilment",
          rep);
      grid.chain.advance(600);
      t.timed(s.farmer, s.farmer.reservations.settle(id), BigInteger.ZERO, "settle", rep);
      // Not longer: with the 600 s above, the node (registered, never reporting uptime) must stay
      // within its uptime interval for the update below.
      grid.chain.advance(120);
      // Settles the 120 s and stops billing; the untimed fulfilment after it starts billing again,
      // so the update and the cancel below settle as they would without the failure.
      t.timed(
          node,
          node.reservations.reportFailure(id, Scenario.payload("failed")),
          BigInteger.ZERO,
          "reportFailure",
          rep);
      node.send(node.reservations.reportFulfilment(id, Scenario.payload("result")));
      byte[] spec2 = Scenario.payload("bench v2");
      t.timed(
          s.user,
          s.user.reservations.updateNodeContract(
              id,
              Scenario.res(4, 8 * Grid.GIB, 100 * Grid.GIB, 0),
              Scenario.hash(spec2),
              spec2,
              BigInteger.ZERO),
          BigInteger.ZERO,
          "updateNodeContract",
          rep);
      t.timed(s.user, s.user.reservations.cancel(id), BigInteger.ZERO, "cancel", rep);
    }
    return new Measurement(gas, latency, txLatency, populateMillis);
  }

  /** Measures one operation: execution latency by eth_call, then the transaction itself. */
  private record Timer(
      Grid grid,
      Map<String, long[]> gas,
      Map<String, long[]> latency,
      Map<String, long[]> txLatency) {
    TransactionReceipt timed(
        Actor actor,
        RemoteFunctionCall<TransactionReceipt> call,
        BigInteger value,
        String op,
        int rep) {
      String data = call.encodeFunctionCall();
      String to = toOf(op);
      long[] calls = new long[5];
      for (int i = 0; i < calls.length; i++) {
        long start = System.nanoTime();
        ethCall(actor, to, data, value);
        calls[i] = System.nanoTime() - start;
      }
      long start = System.nanoTime();
      TransactionReceipt receipt = actor.send(call);
      long sent = System.nanoTime() - start;
      if (rep >= 0) { // warm-up repetitions are negative
        latency.get(op)[rep] = median(calls);
        txLatency.get(op)[rep] = sent;
        gas.get(op)[rep] = receipt.getGasUsed().longValueExact() - intrinsicGas(data);
      }
      return receipt;
    }

    private String toOf(String op) {
      return op.equals("registerNode") ? grid.at.nodes() : grid.at.reservations();
    }

    private void ethCall(Actor actor, String to, String data, BigInteger value) {
      try {
        var result =
            grid.chain
                .web3j()
                .ethCall(
                    org.web3j.protocol.core.methods.request.Transaction
                        .createFunctionCallTransaction(
                            actor.address, null, BigInteger.ZERO, Grid.GAS_LIMIT, to, value, data),
                    org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
                .send();
        if (result.hasError()) {
          throw new AssertionError(
              "dry run of the measured call reverted: " + result.getError().getData());
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** EIP-2028 intrinsic gas of a call: 21000 + 4 per zero byte + 16 per non-zero byte. */
  static long intrinsicGas(String data) {
    long gas = 21_000;
    for (byte b : Numeric.hexStringToByteArray(data)) {
      gas += b == 0 ? 4 : 16;
    }
    return gas;
  }

  private static String table(Map<Integer, Measurement> results, int[] sizes) {
    StringBuilder out = new StringBuilder();
    out.append("| operation |");
    for (int size : sizes) {
      out.append(String.format(Locale.ROOT, " gas at %,d |", size));
    }
    for (int size : sizes) {
      out.append(String.format(Locale.ROOT, " execution at %,d (ms) |", size));
    }
    out.append(" ratio |");
    for (int size : sizes) {
      out.append(String.format(Locale.ROOT, " transaction at %,d (ms) |", size));
    }
    out.append(" ratio |\n|---|");
    out.append("---:|".repeat(sizes.length * 3 + 2)).append('\n');
    for (String op : OPS) {
      out.append("| `").append(op).append("` |");
      for (int size : sizes) {
        out.append(String.format(Locale.ROOT, " %,d |", median(results.get(size).gas().get(op))));
      }
      appendLatencies(out, results, sizes, op, false);
      appendLatencies(out, results, sizes, op, true);
      out.append('\n');
    }
    out.append('\n');
    for (int size : sizes) {
      out.append(
          String.format(
              Locale.ROOT,
              "Populating %,d nodes and %,d node contracts took %,d s.%n",
              size,
              size,
              results.get(size).populateMillis() / 1000));
    }
    boolean equal = true;
    for (String op : OPS) {
      for (int size : sizes) {
        equal &=
            Arrays.equals(results.get(size).gas().get(op), results.get(sizes[0]).gas().get(op));
      }
    }
    out.append(
        String.format(
            Locale.ROOT,
            "Gas is the median execution gas (gasUsed minus intrinsic calldata gas) of %d repetitions per"
                + " size (after %d unrecorded warm-up repetitions); repetition by repetition it was %s"
                + " at every size.%n",
            REPETITIONS,
            WARMUP,
            equal ? "equal" : "NOT equal"));
    return out.toString();
  }

  private static void appendLatencies(
      StringBuilder out, Map<Integer, Measurement> results, int[] sizes, String op, boolean tx) {
    double first = 0;
    double last = 0;
    for (int i = 0; i < sizes.length; i++) {
      Measurement m = results.get(sizes[i]);
      double ms = median((tx ? m.txLatency() : m.latency()).get(op)) / 1e6;
      if (i == 0) {
        first = ms;
      }
      last = ms;
      out.append(String.format(Locale.ROOT, " %.2f |", ms));
    }
    out.append(String.format(Locale.ROOT, " %.3f |", last / first));
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String nodeAddress(int i) {
    return String.format(Locale.ROOT, "0x5ca1e%035x", i + 1);
  }

  private static String tx(String from, String to, String data, BigInteger value, long nonce) {
    return "{\"from\":\""
        + from
        + "\",\"to\":\""
        + to
        + "\",\"data\":\""
        + data
        + "\",\"value\":\"0x"
        + value.toString(16)
        + "\",\"gas\":\"0x1e8480\",\"gasPrice\":\"0x0\",\"nonce\":\"0x"
        + Long.toHexString(nonce)
        + "\"}";
  }

  /** Minimal JSON-RPC over HTTP with batches, for populating fast. */
  private static final class Rpc {
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI uri;
    private long id;

    Rpc(String url) {
      this.uri = URI.create(url);
    }

    void call(String method, String... params) throws IOException, InterruptedException {
      String body =
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + (++id)
              + ",\"method\":\""
              + method
              + "\",\"params\":["
              + String.join(",", params)
              + "]}";
      check(post(body), method);
    }

    /**
     * Sends transactions in JSON-RPC batches of at most 500 requests (anvil's batch limit is lower
     * than 4000).
     */
    void batch(List<String> transactions) throws IOException, InterruptedException {
      for (int from = 0; from < transactions.size(); from += 500) {
        List<String> chunk = transactions.subList(from, Math.min(transactions.size(), from + 500));
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < chunk.size(); i++) {
          if (i > 0) {
            body.append(',');
          }
          body.append("{\"jsonrpc\":\"2.0\",\"id\":")
              .append(++id)
              .append(",\"method\":\"eth_sendTransaction\",\"params\":[")
              .append(chunk.get(i))
              .append("]}");
        }
        check(post(body.append(']').toString()), "eth_sendTransaction batch");
      }
    }

    /** Sends signed transactions (eth_sendRawTransaction) in batches of at most 500. */
    void batchRaw(List<String> signedTransactions) throws IOException, InterruptedException {
      for (int from = 0; from < signedTransactions.size(); from += 500) {
        List<String> chunk =
            signedTransactions.subList(from, Math.min(signedTransactions.size(), from + 500));
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < chunk.size(); i++) {
          if (i > 0) {
            body.append(',');
          }
          body.append("{\"jsonrpc\":\"2.0\",\"id\":")
              .append(++id)
              .append(",\"method\":\"eth_sendRawTransaction\",\"params\":[\"")
              .append(chunk.get(i))
              .append("\"]}");
        }
        check(post(body.append(']').toString()), "eth_sendRawTransaction batch");
      }
    }

    private String post(String body) throws IOException, InterruptedException {
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void check(String response, String what) {
      if (response.contains("\"error\"")) {
        throw new IllegalStateException(
            what + " failed: " + response.substring(0, Math.min(500, response.length())));
      }
    }
  }
}
