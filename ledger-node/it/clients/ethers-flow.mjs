// The ClientProbe flow through ethers v6 against a node's JSON-RPC: deploy, send, wait for the receipt,
// read the logs, call, estimateGas, a revert whose reason ethers decodes, and newHeads + logs over WebSocket.
//
//   node ethers-flow.mjs <http-url> <ClientProbe.json> <private-key>
//
// Prints one JSON object with what it saw on stdout and exits 0; on any failure prints the error on
// stderr and exits 1. The Java test (ledger-node/it) checks the values against what it sent.
import { readFileSync } from 'node:fs';
import { ethers } from 'ethers';

const [url, artifactPath, key] = process.argv.slice(2);
if (!url || !artifactPath || !key) {
  console.error('usage: node ethers-flow.mjs <http-url> <ClientProbe.json> <private-key>');
  process.exit(2);
}
const artifact = JSON.parse(readFileSync(artifactPath, 'utf8'));

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  // cacheTimeout -1: ethers otherwise shares identical requests made within 250 ms, so on a chain that
  // mines per transaction (as anvil and gridledger dev do) the nonce read for the second transaction can
  // be the cached answer from before the first one was mined ("nonce has already been used").
  const provider = new ethers.JsonRpcProvider(url, undefined, { staticNetwork: true, polling: true, pollingInterval: 100, cacheTimeout: -1 });
  if (process.env.ETHERS_DEBUG) provider.on('debug', (e) => console.error(JSON.stringify(e, (k, v) => (typeof v === 'bigint' ? v.toString() : v)).slice(0, 300)));
  const network = await provider.getNetwork();
  const wallet = new ethers.Wallet(key, provider);
  const out = { client: `ethers ${ethers.version}`, chainId: network.chainId.toString() };

  // Deploy with constructor argument 5.
  const factory = new ethers.ContractFactory(artifact.abi, artifact.bytecode, wallet);
  const contract = await factory.deploy(5n);
  const deployReceipt = await withTimeout(contract.deploymentTransaction().wait(), 30000, 'deploy receipt');
  const address = await contract.getAddress();
  out.address = address;
  out.deployStatus = deployReceipt.status;
  out.deployContractAddress = deployReceipt.contractAddress;
  out.countAfterDeploy = (await contract.count()).toString();

  // WebSocket: subscribe to newHeads and to the contract's Incremented logs before transacting.
  const wsProvider = new ethers.WebSocketProvider(url.replace(/^http/, 'ws'), undefined, { staticNetwork: true });
  const wsContract = new ethers.Contract(address, artifact.abi, wsProvider);
  const heads = [];
  const headSeen = new Promise((resolve) => {
    wsProvider.on('block', (n) => {
      heads.push(n);
      resolve(n);
    });
  });
  const wsEvent = new Promise((resolve) => {
    wsContract.on('Incremented', (by, newCount, amount, note, event) => {
      resolve({
        by,
        newCount: newCount.toString(),
        amount: amount.toString(),
        note,
        blockNumber: event.log.blockNumber,
        transactionHash: event.log.transactionHash,
      });
    });
  });
  // ethers subscribes lazily; give the eth_subscribe calls a moment to be answered.
  await wsProvider.send('eth_blockNumber', []);

  // estimateGas and a transaction with a receipt and an event.
  const estimate = await contract.increment.estimateGas(7n, 'from ethers');
  out.estimateGas = estimate.toString();
  const tx = await contract.increment(7n, 'from ethers');
  const receipt = await withTimeout(tx.wait(), 30000, 'increment receipt');
  out.txHash = tx.hash;
  out.status = receipt.status;
  out.gasUsed = receipt.gasUsed.toString();
  out.blockNumber = receipt.blockNumber;
  out.blockHash = receipt.blockHash;
  out.logs = receipt.logs.map((log) => {
    const parsed = contract.interface.parseLog(log);
    return {
      address: log.address,
      name: parsed.name,
      by: parsed.args.by,
      newCount: parsed.args.newCount.toString(),
      amount: parsed.args.amount.toString(),
      note: parsed.args.note,
      logIndex: log.index,
    };
  });

  // eth_getLogs through a filter query over the receipt's block.
  const queried = await contract.queryFilter(contract.filters.Incremented(wallet.address), receipt.blockNumber, receipt.blockNumber);
  out.queriedLogs = queried.map((e) => ({ newCount: e.args.newCount.toString(), transactionHash: e.transactionHash }));

  // eth_call.
  out.countAfterIncrement = (await contract.count()).toString();
  out.checkAtMost = (await contract.checkAtMost(100n)).toString();

  // Reverts: Error(string) through estimateGas and call, and the custom error through call.
  try {
    await contract.increment.estimateGas(0n, 'zero');
    out.revertReason = null;
  } catch (e) {
    out.revertCode = e.code;
    out.revertReason = e.reason ?? null;
  }
  try {
    await contract.increment.staticCall(0n, 'zero');
    out.callRevertReason = null;
  } catch (e) {
    out.callRevertReason = e.reason ?? null;
  }
  try {
    await contract.checkAtMost(1n);
    out.customError = null;
  } catch (e) {
    out.customError = e.revert ? { name: e.revert.name, args: e.revert.args.map((a) => a.toString()) } : { message: e.shortMessage };
  }

  out.wsEvent = await withTimeout(wsEvent, 30000, 'the Incremented event over WebSocket');
  out.wsHead = await withTimeout(headSeen, 30000, 'a new head over WebSocket');
  out.balance = (await provider.getBalance(wallet.address)).toString();

  await wsProvider.destroy();
  provider.destroy();
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
