// The ClientProbe flow through viem v2 against a node's JSON-RPC: deploy, send, wait for the receipt,
// read the logs, call, estimateGas, a revert whose reason viem decodes, and newHeads + logs over WebSocket.
//
//   node viem-flow.mjs <http-url> <ClientProbe.json> <private-key>
//
// Prints one JSON object with what it saw on stdout and exits 0; on any failure prints the error on
// stderr and exits 1. The Java test (ledger-node/it) checks the values against what it sent.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  parseEventLogs,
  webSocket,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const [url, artifactPath, key] = process.argv.slice(2);
if (!url || !artifactPath || !key) {
  console.error('usage: node viem-flow.mjs <http-url> <ClientProbe.json> <private-key>');
  process.exit(2);
}
// viem exports no version constant; its package.json is the pinned one.
const viemVersion = createRequire(import.meta.url)('viem/package.json').version;
const artifact = JSON.parse(readFileSync(artifactPath, 'utf8'));
const abi = artifact.abi;
const wsUrl = url.replace(/^http/, 'ws');

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The decoded revert of a failed simulate/estimate/read, as viem reports it. */
function revertOf(error) {
  if (!(error instanceof BaseError)) {
    throw error;
  }
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!reverted) {
    return { message: error.shortMessage };
  }
  return {
    reason: reverted.reason ?? null,
    errorName: reverted.data?.errorName ?? null,
    args: (reverted.data?.args ?? []).map((a) => a.toString()),
  };
}

async function main() {
  const httpClient = createPublicClient({ transport: http(url) });
  const chainId = await httpClient.getChainId();
  const chain = defineChain({
    id: chainId,
    name: 'gridledger-dev',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [url], webSocket: [wsUrl] } },
  });
  const account = privateKeyToAccount(key);
  const publicClient = createPublicClient({ chain, transport: http(url), pollingInterval: 100 });
  const wallet = createWalletClient({ account, chain, transport: http(url) });
  const out = { client: `viem ${viemVersion}`, chainId: String(chainId) };

  // Deploy with constructor argument 5.
  const deployHash = await wallet.deployContract({ abi, bytecode: artifact.bytecode, args: [5n] });
  const deployReceipt = await publicClient.waitForTransactionReceipt({ hash: deployHash, timeout: 30000 });
  const address = deployReceipt.contractAddress;
  out.address = address;
  out.deployStatus = deployReceipt.status;
  out.countAfterDeploy = (await publicClient.readContract({ address, abi, functionName: 'count' })).toString();

  // WebSocket: eth_subscribe newHeads and logs of the contract before transacting.
  const wsClient = createPublicClient({ chain, transport: webSocket(wsUrl) });
  let unwatchBlocks;
  const wsHead = new Promise((resolve, reject) => {
    unwatchBlocks = wsClient.watchBlocks({
      onBlock: (block) => resolve({ number: Number(block.number), hash: block.hash }),
      onError: reject,
    });
  });
  let unwatchEvents;
  const wsEvent = new Promise((resolve, reject) => {
    unwatchEvents = wsClient.watchContractEvent({
      address,
      abi,
      eventName: 'Incremented',
      onLogs: (logs) =>
        resolve({
          by: logs[0].args.by,
          newCount: logs[0].args.newCount.toString(),
          amount: logs[0].args.amount.toString(),
          note: logs[0].args.note,
          blockNumber: Number(logs[0].blockNumber),
          transactionHash: logs[0].transactionHash,
        }),
      onError: reject,
    });
  });
  // The subscriptions are made asynchronously; one round trip on the socket lets them be answered first.
  await wsClient.getBlockNumber();
  await new Promise((r) => setTimeout(r, 200));

  const estimate = await publicClient.estimateContractGas({
    address, abi, functionName: 'increment', args: [7n, 'from viem'], account,
  });
  out.estimateGas = estimate.toString();
  const { request, result } = await publicClient.simulateContract({
    address, abi, functionName: 'increment', args: [7n, 'from viem'], account,
  });
  out.simulatedResult = result.toString();
  const hash = await wallet.writeContract(request);
  const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: 30000 });
  out.txHash = hash;
  out.status = receipt.status;
  out.gasUsed = receipt.gasUsed.toString();
  out.blockNumber = Number(receipt.blockNumber);
  out.blockHash = receipt.blockHash;
  out.logs = parseEventLogs({ abi, logs: receipt.logs }).map((log) => ({
    address: log.address,
    name: log.eventName,
    by: log.args.by,
    newCount: log.args.newCount.toString(),
    amount: log.args.amount.toString(),
    note: log.args.note,
    logIndex: log.logIndex,
  }));

  // eth_getLogs by indexed argument over the receipt's block.
  const queried = await publicClient.getContractEvents({
    address, abi, eventName: 'Incremented', args: { by: account.address },
    fromBlock: receipt.blockNumber, toBlock: receipt.blockNumber,
  });
  out.queriedLogs = queried.map((e) => ({ newCount: e.args.newCount.toString(), transactionHash: e.transactionHash }));

  out.countAfterIncrement = (await publicClient.readContract({ address, abi, functionName: 'count' })).toString();
  out.checkAtMost = (await publicClient.readContract({ address, abi, functionName: 'checkAtMost', args: [100n] })).toString();

  // Reverts: Error(string) through simulate (eth_call) and the custom error through a read.
  try {
    await publicClient.simulateContract({ address, abi, functionName: 'increment', args: [0n, 'zero'], account });
    out.revert = null;
  } catch (e) {
    out.revert = revertOf(e);
  }
  try {
    await publicClient.estimateContractGas({ address, abi, functionName: 'increment', args: [0n, 'zero'], account });
    out.estimateRevert = null;
  } catch (e) {
    out.estimateRevert = revertOf(e);
  }
  try {
    await publicClient.readContract({ address, abi, functionName: 'checkAtMost', args: [1n] });
    out.customError = null;
  } catch (e) {
    out.customError = revertOf(e);
  }

  out.wsEvent = await withTimeout(wsEvent, 30000, 'the Incremented event over WebSocket');
  out.wsHead = await withTimeout(wsHead, 30000, 'a new head over WebSocket');
  out.balance = (await publicClient.getBalance({ address: account.address })).toString();
  unwatchBlocks();
  unwatchEvents();
  return out;
}

main().then(
  (out) => {
    process.stdout.write(JSON.stringify(out) + '\n');
    process.exit(0);
  },
  (error) => {
    console.error(error?.stack ?? String(error));
    process.exit(1);
  },
);
