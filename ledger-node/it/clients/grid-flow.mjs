// A reservation made the way a farmer, a node and a user make one, with ethers v6 and the grid
// contracts' committed ABIs (contracts/build): twins for all three, a farm, a node registered,
// approved by its farmer (registration counts as its first uptime report), and a node contract
// with its escrow. Prints what it
// did as one JSON object; exits non-zero if a transaction fails.
//
//   node grid-flow.mjs <rpc url> <contracts/build dir> <farmer key> <node key> <user key>
import { readFileSync } from 'node:fs';
import { Contract, JsonRpcProvider, NonceManager, Wallet, hexlify, keccak256, parseEther, randomBytes } from 'ethers';

const [rpcUrl, buildDir, farmerKey, nodeKey, userKey] = process.argv.slice(2);
const provider = new JsonRpcProvider(rpcUrl, undefined, { cacheTimeout: -1 });
// NonceManager counts nonces itself: ethers otherwise reuses a cached pending count for 250 ms.
const signer = (key) => new NonceManager(new Wallet(key, provider));
const abi = (name) => JSON.parse(readFileSync(`${buildDir}/${name}.abi`, 'utf8'));
const at = (name, address, who) => new Contract(address, abi(name), who);

const TWINS = '0x0000000000000000000000000000000000001001';
const FARMS = '0x0000000000000000000000000000000000001002';
const NODES = '0x0000000000000000000000000000000000001003';
const RESERVATIONS = '0x0000000000000000000000000000000000001005';

const farmer = signer(farmerKey);
const node = signer(nodeKey);
const user = signer(userKey);
const statuses = [];

async function send(contract, method, args, overrides = {}) {
  const tx = await contract[method](...args, overrides);
  const receipt = await tx.wait();
  statuses.push({ method, status: receipt.status, gasUsed: receipt.gasUsed.toString() });
  if (receipt.status !== 1) throw new Error(`${method} failed`);
  return receipt;
}

for (const who of [farmer, node, user]) {
  await send(at('TwinRegistry', TWINS, who), 'createTwin', [hexlify(randomBytes(32)), 'relay.example.org']);
}
const farms = at('FarmRegistry', FARMS, farmer);
const farmName = `replay-${Date.now() % 100000}`;
const farmId = await farms.createFarm.staticCall(farmName, 1);
await send(farms, 'createFarm', [farmName, 1]);

const total = { cru: 8n, mru: 16n << 30n, sru: 200n << 30n, hru: 0n };
const nodes = at('NodeRegistry', NODES, node);
const nodeArgs = [farmId, total, hexlify(randomBytes(32)), { country: 'BE', city: 'Ghent', latitudeE6: 51054342, longitudeE6: 3717424 }, 'serial-replay-1'];
const nodeId = await nodes.registerNode.staticCall(...nodeArgs);
await send(nodes, 'registerNode', nodeArgs);
await send(farms, 'approveNode', [nodeId]);

const reservations = at('Reservations', RESERVATIONS, user);
const deployment = randomBytes(200); // stands for the encrypted deployment
const resources = { cru: 1n, mru: 1n << 30n, sru: 10n << 30n, hru: 0n };
const contractArgs = [nodeId, resources, keccak256(deployment), 0, deployment];
const contractId = await reservations.createNodeContract.staticCall(...contractArgs, { value: parseEther('0.1') });
await send(reservations, 'createNodeContract', contractArgs, { value: parseEther('0.1') });

console.log(JSON.stringify({ farmId: farmId.toString(), nodeId: nodeId.toString(), contractId: contractId.toString(), statuses }));
provider.destroy();
