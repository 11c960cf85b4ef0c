// Compiles bench/solidity/LoadToken.sol with the solc-js the contracts module pins (contracts/package.json)
// into bench/src/main/resources/org/gridledger/bench/load/LoadToken.json (abi and creation bytecode).
// Run from anywhere: node bench/scripts/compile-load-token.mjs (needs contracts/node_modules: make contracts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(bench, '..', 'contracts', 'package.json'));
const solc = require('solc');

const input = {
  language: 'Solidity',
  sources: { 'LoadToken.sol': { content: readFileSync(join(bench, 'solidity', 'LoadToken.sol'), 'utf8') } },
  settings: {
    evmVersion: 'cancun',
    optimizer: { enabled: true, runs: 200 },
    metadata: { bytecodeHash: 'none', appendCBOR: false },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const problems = (output.errors ?? []).filter((e) => e.severity !== 'info');
for (const p of problems) {
  console.error(p.formattedMessage ?? p.message);
}
if (problems.length > 0) {
  process.exit(1);
}
const c = output.contracts['LoadToken.sol'].LoadToken;
const outDir = join(bench, 'src', 'main', 'resources', 'org', 'gridledger', 'bench', 'load');
mkdirSync(outDir, { recursive: true });
const artifact = { compiler: `solc-js ${solc.version()}`, abi: c.abi, bytecode: '0x' + c.evm.bytecode.object };
writeFileSync(join(outDir, 'LoadToken.json'), JSON.stringify(artifact, null, 2) + '\n');
console.log(`LoadToken compiled with solc ${solc.version()}`);
