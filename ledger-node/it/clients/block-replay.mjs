// Re-executes blocks a Gridledger node produced with ethereumjs' independent EVM (@ethereumjs/vm):
// the genesis state from the go-ethereum style genesis file, then every block from the node's
// debug_getRawBlock, each checked by ethereumjs against its header (state root, receipts root,
// logs bloom, gas used), against its body (transactions root, withdrawals root, ommers hash) and
// against its parent (hash link, number, later timestamp, EIP-1559 base fee, EIP-4844 excess blob
// gas). Prints one JSON line per block and a summary; exits non-zero on the first block ethereumjs
// does not accept.
//
//   node block-replay.mjs <genesis.json> <rpc url> [first block] [last block]
import { readFileSync } from 'node:fs';
import { createCommonFromGethGenesis, parseGethGenesisState } from '@ethereumjs/common';
import { createBlockFromRLP } from '@ethereumjs/block';
import { createVM, runBlock } from '@ethereumjs/vm';
import { bytesToHex, equalsBytes, hexToBytes } from '@ethereumjs/util';
import { loadKZG } from 'kzg-wasm';

const [genesisPath, rpcUrl, firstArg, lastArg] = process.argv.slice(2);
if (!rpcUrl) {
  console.error('usage: node block-replay.mjs <genesis.json> <rpc url> [first block] [last block]');
  process.exit(2);
}

function out(event, fields = {}) {
  process.stdout.write(JSON.stringify({ event, ...fields }) + '\n');
}

async function rpc(method, params) {
  const res = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

const genesis = JSON.parse(readFileSync(genesisPath, 'utf8'));
const genesisHash = hexToBytes((await rpc('eth_getBlockByNumber', ['0x0', false])).hash);
const common = createCommonFromGethGenesis(genesis, {
  chain: 'gridledger',
  genesisHash,
  hardfork: 'cancun',
  customCrypto: { kzg: await loadKZG() },
});
// Gridledger's sealed headers carry 97 bytes of extra data (a validator's signature, decision 0007);
// that is consensus data, not execution, so the header format check is skipped below.
const vm = await createVM({ common });
await vm.stateManager.generateCanonicalGenesis(parseGethGenesisState(genesis));
const genesisRoot = bytesToHex(await vm.stateManager.getStateRoot());
const expectedGenesisRoot = (await rpc('eth_getBlockByNumber', ['0x0', false])).stateRoot;
if (genesisRoot !== expectedGenesisRoot) {
  out('error', { message: `genesis state root ${genesisRoot}, the node's ${expectedGenesisRoot}` });
  process.exit(1);
}
out('genesis', { stateRoot: genesisRoot });

const first = Number(firstArg ?? 1);
const last = Number(lastArg ?? BigInt(await rpc('eth_blockNumber', [])));
const rawBlock = async (n) =>
  createBlockFromRLP(hexToBytes(await rpc('debug_getRawBlock', ['0x' + n.toString(16)])), {
    common,
    skipConsensusFormatValidation: true,
  });
let parent = (await rawBlock(first - 1)).header;
let transactions = 0;
let gas = 0n;
for (let n = first; n <= last; n++) {
  const block = await rawBlock(n);
  const h = block.header;
  const wrong = [];
  if (!equalsBytes(h.parentHash, parent.hash())) wrong.push('parent hash');
  if (h.number !== parent.number + 1n) wrong.push('number');
  if (h.timestamp <= parent.timestamp) wrong.push('timestamp');
  if (h.baseFeePerGas !== parent.calcNextBaseFee()) {
    wrong.push(`base fee ${h.baseFeePerGas}, expected ${parent.calcNextBaseFee()}`);
  }
  if (h.excessBlobGas !== parent.calcNextExcessBlobGas(common)) {
    wrong.push(`excess blob gas ${h.excessBlobGas}, expected ${parent.calcNextExcessBlobGas(common)}`);
  }
  if (!(await block.transactionsTrieIsValid())) wrong.push('transactions root');
  if (!(await block.withdrawalsTrieIsValid())) wrong.push('withdrawals root');
  if (!block.uncleHashIsValid()) wrong.push('ommers hash');
  if (wrong.length > 0) {
    out('error', { number: n, message: 'header: ' + wrong.join(', ') });
    process.exit(1);
  }
  parent = h;
  try {
    // runBlock throws unless the state root, receipts trie, bloom and gas used it computes are the
    // header's.
    const result = await runBlock(vm, { block, skipBlockValidation: true, skipHeaderValidation: true });
    transactions += block.transactions.length;
    gas += result.gasUsed;
    out('block', {
      number: n,
      hash: bytesToHex(block.hash()),
      transactions: block.transactions.length,
      gasUsed: result.gasUsed.toString(),
      stateRoot: bytesToHex(result.stateRoot),
    });
  } catch (e) {
    out('error', { number: n, message: String(e.message ?? e) });
    process.exit(1);
  }
}
out('done', { blocks: last - first + 1, transactions, gasUsed: gas.toString() });
