// Drives a Gridledger node over devp2p with ethereumjs' independent implementation
// (@ethereumjs/devp2p): RLPx handshake, p2p Hello, eth/68 Status, and then requests whose answers
// the calling Java test checks against the node's JSON-RPC view of the same chain.
//
//   node devp2p-flow.mjs dial <genesis.json> <genesis hash> <enode> <sender private key>
//       ethereumjs dials the node: Status; GetBlockHeaders 0..3, every second one back from 3, and
//       of an unknown hash; a transfer signed by ethers sent in full (Transactions), a second one
//       only announced (NewPooledTransactionHashes) and handed over when the node asks for it
//       (GetPooledTransactions); for each, the node's NewBlockHashes followed with GetBlockBodies
//       until a block holds it, and GetReceipts of that block.
//   node devp2p-flow.mjs listen <genesis.json> <genesis hash> <enode>
//       ethereumjs binds discovery v4 and an RLPx listener, pings the node (bootstrap) and waits
//       for the node to find it and dial in; then Status and GetBlockHeaders of block 0.
//
// Every event is one JSON object per line on stdout; the last line is {"event":"done",...}.
// Exits non-zero on an error or when nothing happens for the timeout.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createCommonFromGethGenesis } from '@ethereumjs/common';
import { DPT, ETH, EthMessageCodes as codes, RLPx } from '@ethereumjs/devp2p';
import { RLP } from '@ethereumjs/rlp';
import { bytesToHex, hexToBytes, bytesToBigInt, bigIntToBytes } from '@ethereumjs/util';
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import { Wallet } from 'ethers';

const [mode, genesisPath, genesisHashHex, enode, senderKey] = process.argv.slice(2);
const TIMEOUT_MS = 60_000;

function out(event, fields = {}) {
  process.stdout.write(JSON.stringify({ event, ...fields }) + '\n');
}
function fail(message) {
  out('error', { message: String(message) });
  process.exit(1);
}
setTimeout(() => fail(`timed out after ${TIMEOUT_MS} ms`), TIMEOUT_MS).unref();

const genesisJson = JSON.parse(readFileSync(genesisPath, 'utf8'));
const genesisHash = hexToBytes(genesisHashHex);
const common = createCommonFromGethGenesis(genesisJson, {
  chain: 'gridledger',
  genesisHash,
  hardfork: 'cancun',
});

function parseEnode(url) {
  const m = /^enode:\/\/([0-9a-f]{128})@([^:]+):(\d+)/.exec(url);
  if (!m) fail(`not an enode URL: ${url}`);
  return { id: hexToBytes('0x' + m[1]), address: m[2], port: Number(m[3]) };
}

const privateKey = randomBytes(32);
let nextRequestId = 1n;
const pending = new Map();
const announced = [];
let seen = 0;
let onAnnounce = () => {};
let onPoolRequest = null;
// Every transaction hash the node announced to us (NewPooledTransactionHashes).
const txAnnouncements = new Set();

function request(eth, code, body) {
  const id = nextRequestId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    eth.sendMessage(code, [bigIntToBytes(id), body]);
  });
}

function headerSummary(raw) {
  const fields = raw;
  return {
    hash: bytesToHex(keccak256(RLP.encode(raw))),
    number: bytesToBigInt(fields[8]).toString(),
    parentHash: bytesToHex(fields[0]),
    stateRoot: bytesToHex(fields[3]),
    transactionsRoot: bytesToHex(fields[4]),
    receiptsRoot: bytesToHex(fields[5]),
    fieldCount: fields.length,
  };
}

// RLP integers are minimal: zero is the empty string (a 0x00 byte is non-canonical).
function uint(n) {
  return n === 0 ? new Uint8Array() : bigIntToBytes(BigInt(n));
}

function text(v) {
  return typeof v === 'string' ? v : new TextDecoder().decode(v);
}

function onPeer(peer, rlpx, dpt) {
  const eth = peer.getProtocols().find((p) => p instanceof ETH);
  if (!eth) fail('no eth protocol shared with the node');
  out('peer', {
    id: bytesToHex(peer.getId()),
    clientId: text(peer.getHelloMessage().clientId),
    protocolVersion: peer.getHelloMessage().protocolVersion,
    capabilities: peer.getHelloMessage().capabilities.map((c) => `${c.name}/${c.version}`),
    ethVersion: eth.getVersion(),
  });
  eth.events.on('message', (code, payload) => {
    const answers = [codes.BLOCK_HEADERS, codes.BLOCK_BODIES, codes.RECEIPTS, codes.POOLED_TRANSACTIONS];
    if (answers.includes(code)) {
      const id = bytesToBigInt(payload[0]);
      const resolve = pending.get(id);
      if (!resolve) fail(`answer with unknown request id ${id}`);
      pending.delete(id);
      resolve(payload[1]);
    } else if (code === codes.GET_POOLED_TRANSACTIONS && onPoolRequest) {
      onPoolRequest(payload);
      onPoolRequest = null;
    } else if (code === codes.NEW_POOLED_TRANSACTION_HASHES) {
      const hashes = eth.getVersion() >= 68 ? payload[2] : payload;
      for (const hash of hashes) txAnnouncements.add(bytesToHex(hash));
    } else if (code === codes.NEW_BLOCK_HASHES) {
      for (const [hash, number] of payload) {
        announced.push({ hash: bytesToHex(hash), number: bytesToBigInt(number).toString() });
      }
      onAnnounce();
    } else if (code !== codes.STATUS) {
      out('message', { code });
    }
  });
  eth.events.once('status', async (status) => {
    out('status', {
      networkId: bytesToBigInt(status.chainId).toString(),
      bestHash: bytesToHex(status.bestHash),
      genesisHash: bytesToHex(status.genesisHash),
      forkHash: bytesToHex(status.forkId[0]),
      forkNext: bytesToBigInt(status.forkId[1]).toString(),
    });
    try {
      await (mode === 'dial' ? dialFlow(eth) : listenFlow(eth));
    } catch (e) {
      fail(e.stack ?? e);
    }
    out('txAnnouncements', { hashes: [...txAnnouncements] });
    out('done');
    rlpx.destroy();
    dpt?.destroy();
    process.exit(0);
  });
  eth.sendStatus({ td: uint(0), bestHash: genesisHash, genesisHash });
}

async function dialFlow(eth) {
  const headers = await request(eth, codes.GET_BLOCK_HEADERS, [uint(0), uint(4), uint(0), uint(0)]);
  out('headers', { headers: headers.map(headerSummary) });
  const reversed = await request(eth, codes.GET_BLOCK_HEADERS, [
    keccak256(RLP.encode(headers[3])),
    uint(3),
    uint(1),
    uint(1),
  ]);
  out('reversedHeaders', { headers: reversed.map(headerSummary) });

  const unknown = await request(eth, codes.GET_BLOCK_HEADERS, [keccak256(new Uint8Array([1])), uint(1), uint(0), uint(0)]);
  out('unknownHeaders', { count: unknown.length });

  // go-ethereum's devp2p test suite's corner cases: block 2^64 - 1 asked for ten times (answered
  // empty, no disconnect), a skip of 2^64 - 1 (only the first header), a limit of 2,000 (at most
  // 1,024 headers, not a breach of protocol).
  const max = (1n << 64n) - 1n;
  let nonexistent = 0;
  for (let i = 0; i < 10; i++) {
    nonexistent += (await request(eth, codes.GET_BLOCK_HEADERS, [uint(max), uint(1), uint(0), uint(0)])).length;
  }
  const hugeSkip = await request(eth, codes.GET_BLOCK_HEADERS, [uint(0), uint(5), uint(max), uint(0)]);
  const hugeLimit = await request(eth, codes.GET_BLOCK_HEADERS, [uint(0), uint(2000), uint(0), uint(0)]);
  out('edgeHeaders', {
    nonexistent,
    hugeSkip: hugeSkip.map(headerSummary).map((h) => h.number),
    hugeLimit: hugeLimit.length,
  });

  // Two transfers signed by ethers: the first goes out in full (Transactions), the second only
  // announced (NewPooledTransactionHashes), so the node must fetch it with GetPooledTransactions.
  // The blocks they land in are found through the node's announcements and read over eth/68.
  const wallet = new Wallet(senderKey);
  const transfer = (nonce) =>
    wallet.signTransaction({
      type: 2,
      chainId: common.chainId(),
      nonce,
      to: '0x000000000000000000000000000000000000dEaD',
      value: 12345n,
      gasLimit: 21000n,
      maxFeePerGas: 10n ** 10n,
      maxPriorityFeePerGas: 10n ** 9n,
    });
  const sent = hexToBytes(await transfer(0));
  const sentHash = bytesToHex(keccak256(sent));
  eth.sendMessage(codes.TX, [sent]);
  out('sent', { txHash: sentHash, from: wallet.address });
  await readBack(eth, sentHash, 'sentIn');

  const offered = hexToBytes(await transfer(1));
  const offeredHash = bytesToHex(keccak256(offered));
  const fetched = new Promise((resolve) => (onPoolRequest = resolve));
  eth.sendMessage(codes.NEW_POOLED_TRANSACTION_HASHES, [
    new Uint8Array([2]),
    [uint(offered.length)],
    [keccak256(offered)],
  ]);
  const [requestId, hashes] = await fetched;
  out('poolRequest', { hashes: hashes.map(bytesToHex) });
  eth.sendMessage(codes.POOLED_TRANSACTIONS, [requestId, [offered]]);
  out('announced', { txHash: offeredHash });
  await readBack(eth, offeredHash, 'announcedIn');
}

/** Follows the node's NewBlockHashes until a block holds {@code txHash}; prints its body and receipts. */
async function readBack(eth, txHash, event) {
  for (;;) {
    while (seen === announced.length) {
      await new Promise((resolve) => (onAnnounce = resolve));
    }
    const block = announced[seen++];
    const [body] = await request(eth, codes.GET_BLOCK_BODIES, [hexToBytes(block.hash)]);
    const hashes = body[0].map((t) => bytesToHex(keccak256(t instanceof Uint8Array ? t : RLP.encode(t))));
    if (!hashes.includes(txHash)) continue;
    const [receipts] = await request(eth, codes.GET_RECEIPTS, [hexToBytes(block.hash)]);
    out(event, {
      block,
      transactions: hashes,
      uncles: body[1].length,
      withdrawals: body.length > 2 ? body[2].length : null,
      receipts: receipts.map((r) => {
        const typed = r instanceof Uint8Array;
        const fields = typed ? RLP.decode(r.subarray(1)) : r;
        return {
          type: typed ? r[0] : 0,
          status: bytesToBigInt(fields[0]).toString(),
          cumulativeGasUsed: bytesToBigInt(fields[1]).toString(),
          logs: fields[3].length,
        };
      }),
    });
    return;
  }
}

async function listenFlow(eth) {
  const headers = await request(eth, codes.GET_BLOCK_HEADERS, [uint(0), uint(1), uint(0), uint(0)]);
  out('headers', { headers: headers.map(headerSummary) });
}

const target = parseEnode(enode);
if (mode === 'dial') {
  const rlpx = new RLPx(privateKey, { capabilities: [ETH.eth68], common, maxPeers: 1 });
  rlpx.events.on('error', fail);
  rlpx.events.on('peer:error', (_p, e) => fail(e.stack ?? e));
  rlpx.events.on('peer:added', (peer) => onPeer(peer, rlpx, null));
  rlpx.events.on('peer:removed', (_p, reason, disconnectWe) =>
    fail(`disconnected (reason ${reason}, by us: ${disconnectWe})`),
  );
  await rlpx.connect({ id: target.id, address: target.address, tcpPort: target.port });
} else if (mode === 'listen') {
  // Discovery and RLPx on one port pair chosen by the OS: bind TCP first, reuse its number for UDP.
  const rlpx = new RLPx(privateKey, { capabilities: [ETH.eth68], common, maxPeers: 1 });
  rlpx.events.on('error', fail);
  rlpx.events.on('peer:error', (_p, e) => fail(e.stack ?? e));
  rlpx.events.on('peer:removed', (_p, reason, disconnectWe) =>
    fail(`disconnected (reason ${reason}, by us: ${disconnectWe})`),
  );
  rlpx.listen(0, '127.0.0.1');
  await new Promise((r) => rlpx.events.once('listening', r));
  const tcpPort = rlpx._server.address().port;
  const dpt = new DPT(privateKey, {
    endpoint: { address: '127.0.0.1', udpPort: tcpPort, tcpPort },
    refreshInterval: 5_000,
    common,
  });
  dpt.events.on('error', (e) => out('discoveryError', { message: String(e) }));
  dpt.events.on('peer:added', (p) => out('discovered', { id: bytesToHex(p.id), udpPort: p.udpPort, tcpPort: p.tcpPort }));
  dpt.bind(tcpPort, '127.0.0.1');
  out('listening', { enode: `enode://${bytesToHex(dpt.id).slice(2)}@127.0.0.1:${tcpPort}` });
  rlpx.events.on('peer:added', (peer) => {
    out('inbound', {});
    onPeer(peer, rlpx, dpt);
  });
  await dpt.bootstrap({ id: target.id, address: target.address, udpPort: target.port, tcpPort: target.port });
  out('bootstrapped', {});
} else {
  fail(`usage: devp2p-flow.mjs dial|listen <genesis.json> <genesis hash> <enode> [sender key]`);
}
