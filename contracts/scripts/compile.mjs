// Compiles contracts/solidity with the pinned solc-js (package.json) through standard-JSON input, offline.
//
//   node scripts/compile.mjs [--out <dir>]      (default: build/)
//
// Writes, per contract, <Name>.json (abi, bytecode, deployedBytecode, storageLayout, metadata) plus
// <Name>.abi and <Name>.bin for the Web3j wrapper generator; contracts under solidity/test/ go to <out>/test/.
// build-info.json records the compiler version and the exact settings. Any solc warning fails the build.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import solc from 'solc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'solidity');

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? args[outIndex + 1] : join(root, 'build');
if (outIndex >= 0 && !outDir) {
  console.error('compile: --out needs a directory');
  process.exit(2);
}

// Settings are part of the reproducible build: changing them changes every artifact.
const settings = {
  evmVersion: 'cancun',
  optimizer: { enabled: true, runs: 200 },
  viaIR: false,
  metadata: { bytecodeHash: 'ipfs', appendCBOR: true },
  outputSelection: {
    '*': {
      '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'storageLayout', 'metadata'],
    },
  },
};

function listSources(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      found.push(...listSources(path));
    } else if (name.endsWith('.sol')) {
      found.push(path);
    }
  }
  return found;
}

const sources = {};
for (const path of listSources(sourceDir)) {
  // Source unit names use '/' on every OS so the metadata hash does not depend on the machine.
  const unit = relative(sourceDir, path).split(sep).join('/');
  sources[unit] = { content: readFileSync(path, 'utf8') };
}

const input = { language: 'Solidity', sources, settings };
const output = JSON.parse(solc.compile(JSON.stringify(input)));

const problems = (output.errors ?? []).filter((e) => e.severity !== 'info');
for (const problem of problems) {
  console.error(problem.formattedMessage ?? problem.message);
}
if (problems.length > 0) {
  console.error(`compile: ${problems.length} error(s)/warning(s); no artifacts written`);
  process.exit(1);
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(join(outDir, 'test'), { recursive: true });

const written = [];
for (const unit of Object.keys(output.contracts).sort()) {
  for (const name of Object.keys(output.contracts[unit]).sort()) {
    const c = output.contracts[unit][name];
    const bytecode = c.evm.bytecode.object;
    if (bytecode.length === 0 || c.abi.length === 0) {
      continue; // interfaces, abstract contracts, libraries of internal functions only
    }
    const target = unit.startsWith('test/') ? join(outDir, 'test') : outDir;
    const artifact = {
      contractName: name,
      sourceName: unit,
      abi: c.abi,
      bytecode: '0x' + bytecode,
      deployedBytecode: '0x' + c.evm.deployedBytecode.object,
      storageLayout: c.storageLayout,
      metadata: c.metadata,
    };
    writeFileSync(join(target, `${name}.json`), JSON.stringify(artifact, null, 2) + '\n');
    writeFileSync(join(target, `${name}.abi`), JSON.stringify(c.abi) + '\n');
    writeFileSync(join(target, `${name}.bin`), bytecode);
    written.push(relative(outDir, join(target, name)));
  }
}

const buildInfo = {
  compiler: `solc-js ${solc.version()}`,
  language: 'Solidity',
  settings,
  sources: Object.keys(sources),
  contracts: written,
};
writeFileSync(join(outDir, 'build-info.json'), JSON.stringify(buildInfo, null, 2) + '\n');
console.log(`compile: ${written.length} contracts with solc ${solc.version()} -> ${relative(process.cwd(), outDir) || '.'}`);
