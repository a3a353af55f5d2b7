#!/usr/bin/env node
// `npm run setup:cuda [-- --dry-run] [--from-npm-package | --from-dir DIR | --tarball FILE]`
//
// Installs onnxruntime-node's CUDA execution provider beside its libonnxruntime.so.1.
// Default: onnxruntime-node's own installer with its CUDA flag (downloads the provider from
// NuGet: Microsoft.ML.OnnxRuntime.Gpu.Linux of the same version). Opt-in alternatives for
// machines that cannot reach NuGet:
//   --from-npm-package  npm-pack com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9 (ONNX Runtime
//                       1.29.0's CUDA 13 provider, ~230 MB; only for onnxruntime-node 1.29.0)
//   --tarball FILE      the same package's .tgz, already here (e.g. reassembled from parts)
//   --from-dir DIR      a folder holding libonnxruntime_providers_cuda.so and _shared.so
// --dry-run prints what would happen and checks what is present, downloading nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NPM_PACKAGE = 'com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9';
const NPM_PACKAGE_ORT = '1.29.0';
const LIBS = ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so'];
const REQUIRES_OWN = 'an NVIDIA driver, CUDA 12.x (libcudart.so.12, libcublas/libcublasLt.so.12, libcufft.so.11, libcurand.so.10) and cuDNN 9 (libcudnn.so.9)';
const REQUIRES_NPM = 'an NVIDIA driver, CUDA 13 (libcudart.so.13, libcublas/libcublasLt.so.13, libcufft.so.12) and cuDNN 9 (libcudnn.so.9)';

const argv = process.argv.slice(2);
const has = (f) => argv.includes(f);
const value = (f) => {
  const i = argv.indexOf(f);
  return i >= 0 ? argv[i + 1] : undefined;
};
const dryRun = has('--dry-run');
const say = (s = '') => process.stdout.write(s + '\n');
const fail = (lines) => {
  for (const l of [].concat(lines)) process.stderr.write(`setup:cuda: ${l}\n`);
  process.exit(1);
};

if (has('--help') || has('-h')) {
  say(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 13).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}
const known = new Set(['--dry-run', '--from-npm-package', '--from-dir', '--tarball', '--help', '-h']);
for (let i = 0; i < argv.length; i++) {
  if (!known.has(argv[i])) fail(`unknown option ${argv[i]} (see --help)`);
  if (argv[i] === '--from-dir' || argv[i] === '--tarball') i++;
}

// Where onnxruntime-node lives and which version it is.
const require = createRequire(path.join(root, 'package.json'));
let ortDir;
try {
  ortDir = path.dirname(require.resolve('onnxruntime-node/package.json'));
} catch {
  fail('onnxruntime-node is not installed; run "npm install" first');
}
const ortVersion = JSON.parse(fs.readFileSync(path.join(ortDir, 'package.json'), 'utf8')).version;
const napi = fs.readdirSync(path.join(ortDir, 'bin')).filter((d) => d.startsWith('napi-v')).sort().reverse();
const binDir = napi.map((d) => path.join(ortDir, 'bin', d, process.platform, process.arch)).find((d) => fs.existsSync(d));
if (!binDir) fail(`onnxruntime-node ${ortVersion} has no native folder for ${process.platform}/${process.arch}`);
if (process.platform !== 'linux' || process.arch !== 'x64') {
  fail(`CUDA setup is only scripted for linux/x64 (this is ${process.platform}/${process.arch}); on Windows onnxruntime-node bundles DirectML instead`);
}

const source = has('--from-npm-package') ? 'npm' : value('--tarball') ? 'tarball' : value('--from-dir') ? 'dir' : 'own';
say(`onnxruntime-node ${ortVersion}, native folder ${binDir}`);
say(source === 'own' ? `The CUDA provider from onnxruntime-node's own installer needs ${REQUIRES_OWN}.` : `The provider from ${NPM_PACKAGE} needs ${REQUIRES_NPM}.`);
const present = LIBS.filter((l) => fs.existsSync(path.join(binDir, l)));
if (present.length) say(`Already present: ${present.join(', ')}`);

function run(cmd, args, opts = {}) {
  say(`$ ${[cmd, ...args].join(' ')}`);
  if (dryRun) return { status: 0 };
  return spawnSync(cmd, args, { stdio: 'inherit', ...opts });
}

function findLibs(dir) {
  const found = {};
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (LIBS.includes(e.name) && !found[e.name]) found[e.name] = p;
    }
  };
  walk(dir);
  return found;
}

function copyLibs(fromDir) {
  const found = dryRun && !fs.existsSync(fromDir) ? {} : findLibs(fromDir);
  for (const lib of LIBS) {
    const src = found[lib] ?? path.join(fromDir, '…', lib);
    say(`copy ${src} -> ${path.join(binDir, lib)}`);
    if (dryRun) continue;
    if (!found[lib]) fail([`${lib} was not found under ${fromDir}`, `The folder must hold ${LIBS.join(' and ')} (ONNX Runtime ${ortVersion} builds).`]);
    fs.copyFileSync(found[lib], path.join(binDir, lib));
  }
}

const tempDir = (prefix) => (dryRun ? path.join(os.tmpdir(), `${prefix}XXXXXX`) : fs.mkdtempSync(path.join(os.tmpdir(), prefix)));

function extract(tgz) {
  const dir = tempDir('wiregrad-cuda-');
  const r = run('tar', ['-xzf', tgz, '-C', dir]);
  if (r.status !== 0) fail([`could not unpack ${tgz}`, 'Is it complete? (npm pack output, ~165 MB; parts must be joined in order with cat)']);
  return dir;
}

function requireOrt129() {
  if (ortVersion !== NPM_PACKAGE_ORT) {
    fail([`${NPM_PACKAGE} carries ONNX Runtime ${NPM_PACKAGE_ORT}'s provider, which loads only into onnxruntime-node ${NPM_PACKAGE_ORT}; this is ${ortVersion}.`, 'Use the default installer (npm run setup:cuda) instead.']);
  }
}

if (source === 'own') {
  const installer = path.join(ortDir, 'script', 'install.js');
  if (!fs.existsSync(installer)) fail(`onnxruntime-node's installer is missing (${installer})`);
  // ONNXRUNTIME_NODE_INSTALL beats npm_config_onnxruntime_node_install (an .npmrc may say "skip").
  const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'cuda12' };
  delete env.npm_config_onnxruntime_node_install;
  say(`Downloading the CUDA provider (Microsoft.ML.OnnxRuntime.Gpu.Linux ${ortVersion} from NuGet) with onnxruntime-node's installer:`);
  const r = run(process.execPath, [installer, '--onnxruntime-node-install=cuda12'], { cwd: ortDir, env });
  if (r.status !== 0) {
    fail([
      `onnxruntime-node's installer failed (exit ${r.status}). It needs to reach https://api.nuget.org (set GLOBAL_AGENT_HTTPS_PROXY for a proxy).`,
      `Missing: ${LIBS.filter((l) => !fs.existsSync(path.join(binDir, l))).join(', ') || 'nothing?'} in ${binDir}.`,
      `Without NuGet: "npm run setup:cuda -- --from-npm-package" (onnxruntime-node ${NPM_PACKAGE_ORT} only, CUDA 13), or --tarball/--from-dir with those files.`,
    ]);
  }
} else if (source === 'npm') {
  requireOrt129();
  const dir = tempDir('wiregrad-npm-pack-');
  say(`Fetching ${NPM_PACKAGE} (~230 MB unpacked) with npm pack:`);
  const r = run('npm', ['pack', NPM_PACKAGE, '--pack-destination', dir, '--silent'], { cwd: dir });
  if (r.status !== 0) fail([`npm pack ${NPM_PACKAGE} failed; is the npm registry reachable?`, 'Elsewhere: npm pack it, carry the .tgz over, and run "npm run setup:cuda -- --tarball FILE".']);
  const tgz = dryRun ? path.join(dir, 'com.github.asus4.onnxruntime.linux-x64-gpu-0.4.9.tgz') : fs.readdirSync(dir).filter((f) => f.endsWith('.tgz')).map((f) => path.join(dir, f))[0];
  if (!tgz) fail(`npm pack left no .tgz in ${dir}`);
  copyLibs(extract(tgz));
} else if (source === 'tarball') {
  requireOrt129();
  const tgz = path.resolve(value('--tarball'));
  if (!dryRun && !fs.existsSync(tgz)) fail(`${tgz} does not exist`);
  copyLibs(extract(tgz));
} else {
  copyLibs(path.resolve(value('--from-dir')));
}

// What the provider still needs from the system: ldd names the missing CUDA/cuDNN libraries.
const cudaLib = path.join(binDir, LIBS[0]);
if (fs.existsSync(cudaLib)) {
  const ldd = spawnSync('ldd', [cudaLib], { encoding: 'utf8' });
  const missing = (ldd.stdout ?? '').split('\n').filter((l) => l.includes('not found')).map((l) => l.trim().split(/\s/)[0]);
  if (missing.length) {
    say(`\nThe provider is installed but these libraries are not found: ${missing.join(', ')}.`);
    say(`Install them (${source === 'own' ? REQUIRES_OWN : REQUIRES_NPM}) or add their folder to LD_LIBRARY_PATH`);
    say('(e.g. a PyTorch install carries them under site-packages/nvidia/*/lib).');
    process.exit(dryRun ? 0 : 1);
  }
  say(`\n${dryRun ? 'The provider is present.' : 'Done.'} Check with: node bin/wiregrad.js devices`);
} else if (dryRun) {
  say('\n(dry run: nothing was downloaded or copied)');
}
