#!/usr/bin/env bash
# GPU check for Wiregrad, for a machine with NVIDIA GPUs (a few minutes in all).
#
#   scripts/gpu-check.sh [OUT_DIR]        (env: STEPS_MLP, STEPS_CONV, BATCH_MLP, BATCH_CONV, K_GPU, RUN_TIMEOUT)
#
# 1. `wiregrad devices` (CPU, GPUs, CUDA provider, WebGPU provider);
# 2. trains the MLP (MNIST) and ConvNet (CIFAR-shaped random data) templates for a fixed number
#    of SGD steps, no shuffle, on cpu, cuda:0, cuda:0 with K fused steps per run, and cuda:all;
# 3. prints samples/s (steady state: from step 10 on), scaling efficiency of cuda:all over
#    cuda:0, and the worst loss difference against the CPU trajectory (from --metrics files).
# If the CUDA provider does not load, it says why and measures the bundled WebGPU provider
# instead where that works (it needs Vulkan).
#
# GPU_CHECK_SIMULATE=1 runs every step on a CPU-only machine (cpu stands in for cuda:0, cpu:2
# for cuda:all) to check the script itself.
#
# NOT RUN YET: it was written on a machine without a GPU (no GPU machine was available to the
# task that wrote it). It is defensive: every run has a timeout, a failed run is reported and
# the rest go on; the exit code is 1 if any run failed.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=${1:-${OUT:-$ROOT/gpu-check-out}}
mkdir -p "$OUT"
STEPS_MLP=${STEPS_MLP:-300}
STEPS_CONV=${STEPS_CONV:-60}
BATCH_MLP=${BATCH_MLP:-256}
BATCH_CONV=${BATCH_CONV:-128}
K_GPU=${K_GPU:-20}
RUN_TIMEOUT=${RUN_TIMEOUT:-240}
CLI=(node "$ROOT/bin/wiregrad.js")
FAILED=0

say() { printf '\n== %s\n' "$*"; }

# The CUDA 12/13 and cuDNN 9 libraries may come with a PyTorch install (pip wheels under
# site-packages/nvidia/*/lib); put them on the library path unless told not to.
if [ -z "${WIREGRAD_NO_TORCH_LIBS:-}" ] && command -v python3 >/dev/null 2>&1; then
  EXTRA=$(python3 - <<'PY' 2>/dev/null
import glob, os, site
dirs = []
for sp in site.getsitepackages() + [site.getusersitepackages()]:
    dirs += glob.glob(os.path.join(sp, 'nvidia', '*', 'lib')) + glob.glob(os.path.join(sp, 'torch', 'lib'))
print(':'.join(d for d in dirs if os.path.isdir(d)))
PY
)
  if [ -n "$EXTRA" ]; then
    export LD_LIBRARY_PATH="$EXTRA${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    echo "library path: added the CUDA libraries of the Python install ($(echo "$EXTRA" | tr ':' '\n' | wc -l) folders)"
  fi
fi

if [ ! -f dist/cli.cjs ] || [ ! -f dist/replica-worker.cjs ] || [ ! -f dist/train-worker.cjs ]; then
  say "building the Node bundles"
  node scripts/build.mjs --no-renderer || { echo "build failed"; exit 1; }
fi

say "devices"
timeout 120 "${CLI[@]}" devices | tee "$OUT/devices.txt"
timeout 120 "${CLI[@]}" devices --json > "$OUT/devices.json" 2>/dev/null
read -r NGPU CUDA_OK WEBGPU_OK < <(node -e '
  let r = {}; try { r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); } catch {}
  const ok = !!(r.cuda && r.cuda.installed && r.cuda.loadable);
  console.log((r.gpus || []).length, ok ? 1 : 0, r.webgpu && r.webgpu.available ? 1 : 0);' "$OUT/devices.json")
DEV_ONE=cuda:0
DEV_ALL=cuda:all
# GPU_CHECK_SIMULATE=1 exercises every step of this script on a CPU-only machine: "cuda:0" is
# played by cpu and "cuda:all" by two CPU replicas (cpu:2). Figures are then meaningless.
if [ -n "${GPU_CHECK_SIMULATE:-}" ]; then NGPU=2; CUDA_OK=1; DEV_ONE=cpu; DEV_ALL=cpu:2; echo "SIMULATION: cuda:0 -> cpu, cuda:all -> cpu:2"; fi
echo "GPUs: $NGPU, CUDA provider usable: $CUDA_OK, WebGPU usable: $WEBGPU_OK"

# run NAME TEMPLATE STEPS BATCH DEVICE K: one training run with --metrics, under a timeout.
run() {
  local name=$1 tmpl=$2 steps=$3 batch=$4 device=$5 k=$6
  echo "-- $name: $tmpl, $steps steps, batch $batch, --device $device, K=$k"
  timeout "$RUN_TIMEOUT" "${CLI[@]}" train "assets/templates/$tmpl" --steps "$steps" --epochs 1000 --batch-size "$batch" --no-shuffle \
    --optimizer sgd --lr 0.01 --device "$device" --steps-per-run "$k" --metrics "$OUT/$name.jsonl" --json \
    > "$OUT/$name.out" 2> "$OUT/$name.err"
  local rc=$?
  if [ $rc -ne 0 ]; then
    FAILED=1
    echo "   FAILED (exit $rc): $(tail -n 2 "$OUT/$name.err" | tr '\n' ' ')"
    rm -f "$OUT/$name.jsonl"
  fi
}

for model in mlp conv; do
  if [ $model = mlp ]; then tmpl=mnist-mlp.wiregrad.json; steps=$STEPS_MLP; batch=$BATCH_MLP
  else tmpl=cifar-convnet.wiregrad.json; steps=$STEPS_CONV; batch=$BATCH_CONV; fi
  say "$model on cpu"
  run "$model-cpu" $tmpl $steps $batch cpu 1
  if [ "$CUDA_OK" = 1 ] && [ "$NGPU" -ge 1 ]; then
    say "$model on GPUs"
    run "$model-cuda0" $tmpl $steps $batch $DEV_ONE 1
    run "$model-cuda0-k$K_GPU" $tmpl $steps $batch $DEV_ONE "$K_GPU"
    if [ "$NGPU" -ge 2 ]; then run "$model-cudaall" $tmpl $steps $batch $DEV_ALL 1; fi
  fi
done

if [ "$CUDA_OK" != 1 ]; then
  say "CUDA is not usable here"
  node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(r.cudaMessage || (r.cuda && r.cuda.problem) || "unknown reason")' "$OUT/devices.json" 2>/dev/null
  echo "Provider offline: npm run setup:cuda -- --tarball FILE (com.github.asus4.onnxruntime.linux-x64-gpu-0.4.9.tgz) or --from-dir DIR"
  if [ "$WEBGPU_OK" = 1 ]; then
    say "WebGPU provider instead (single step, same graphs)"
    WG="$ROOT/scripts/.gpu-check-webgpu.ts"
    cat > "$WG" <<'TS'
import { measureThroughput } from '../core/bench/throughput';
import { loadBenchModel } from '../core/bench/models';
(async () => {
  for (const [model, batch] of [['mlp', Number(process.env.BATCH_MLP ?? 256)], ['convnet', Number(process.env.BATCH_CONV ?? 128)]] as const) {
    for (const provider of ['cpu', 'webgpu'] as const) {
      try {
        const r = await measureThroughput(model, loadBenchModel(model), batch, 'sgd', 3, { provider }, 1);
        console.log(JSON.stringify({ model, batch, provider, samples_per_s: Math.round(r.samples_per_s), ms_per_step: r.ms_per_step }));
      } catch (e) { console.log(JSON.stringify({ model, provider, error: String((e as Error).message).slice(0, 300) })); }
    }
  }
})();
TS
    timeout 300 npx --no-install tsx "$WG" | tee "$OUT/webgpu.jsonl" || FAILED=1
    rm -f "$WG"
  fi
fi

say "summary"
node - "$OUT" "$NGPU" "$K_GPU" <<'JS'
const fs = require('fs');
const path = require('path');
const [out, ngpu, k] = [process.argv[2], Number(process.argv[3]), process.argv[4]];
const read = (name) => {
  const f = path.join(out, `${name}.jsonl`);
  if (!fs.existsSync(f)) return null;
  const steps = fs.readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.kind === 'step');
  return steps.length ? steps : null;
};
// Steady-state samples/s from step 10 on (rounded up to a whole block of K fused steps), so
// session creation and first-run costs are left out and fused blocks are counted whole.
const sps = (steps, batch, k = 1) => {
  const s0 = Math.ceil(10 / k) * k;
  const from = steps.find((s) => s.step === s0) ?? steps[0];
  const last = steps[steps.length - 1];
  const dt = last.elapsed_s - from.elapsed_s;
  return dt > 0 ? ((last.step - from.step) * batch) / dt : NaN;
};
const rows = [];
for (const [model, batch] of [['mlp', Number(process.env.BATCH_MLP ?? 256)], ['conv', Number(process.env.BATCH_CONV ?? 128)]]) {
  const cpu = read(`${model}-cpu`);
  const one = read(`${model}-cuda0`);
  for (const [name, label] of [['cpu', 'cpu'], ['cuda0', 'cuda:0'], [`cuda0-k${k}`, `cuda:0 K=${k}`], ['cudaall', `cuda:all (${ngpu})`]]) {
    const s = read(`${model}-${name}`);
    if (!s) { if (fs.existsSync(path.join(out, `${model}-${name}.err`))) rows.push([model, label, 'failed', '', '', '']); continue; }
    const v = sps(s, batch, name.includes('-k') ? Number(k) : 1);
    let worstRel = NaN, worstAbs = NaN;
    if (cpu && name !== 'cpu') {
      worstRel = 0; worstAbs = 0;
      const n = Math.min(cpu.length, s.length);
      for (let i = 0; i < n; i++) {
        const d = Math.abs(s[i].loss - cpu[i].loss);
        worstAbs = Math.max(worstAbs, d);
        worstRel = Math.max(worstRel, d / Math.max(Math.abs(cpu[i].loss), 1e-12));
      }
    }
    const eff = name === 'cudaall' && one && ngpu > 1 ? `${((100 * v) / (ngpu * sps(one, batch))).toFixed(0)}%` : '';
    const vsCpu = cpu && name !== 'cpu' ? `${(v / sps(cpu, batch)).toFixed(2)}x` : '';
    rows.push([model, label, Math.round(v).toString(), vsCpu, eff, Number.isNaN(worstRel) ? '' : `${worstRel.toExponential(2)} (abs ${worstAbs.toExponential(2)})`]);
  }
}
const header = ['model', 'device', 'samples/s', 'vs cpu', 'scaling eff.', 'worst loss diff vs cpu (rel)'];
const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const r of [header, w.map((n) => '-'.repeat(n)), ...rows]) console.log(r.map((c, i) => c.padEnd(w[i])).join('  '));
JS
exit $FAILED
