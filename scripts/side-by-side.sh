#!/usr/bin/env bash
# Developer check: Wiregrad and PyTorch (Debian python3-torch, 2 threads) measured in alternation,
# ROUNDS times, so both see the same machine conditions; prints the median ratio per config.
# Usage: [MODELS="resnet8"] scripts/side-by-side.sh [ROUNDS] [SECONDS]   (needs /usr/bin/python3 with torch)
#        scripts/side-by-side.sh --e2e [ROUNDS] [MODELS]   whole runs: `wiregrad train` vs the plain
#          PyTorch loop (scripts/pytorch/e2e_loop.py), alternating, median of ROUNDS (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
# PyTorch is measured at its best: each round runs it with OpenMP's default wait policy (spin,
# then sleep: fastest on a quiet machine, ResNet-8 +5–30%) and with passive waits (fastest on a
# loaded one, where spinning threads made it several times slower), and keeps the faster.
if [ "${1:-}" = "--e2e" ]; then
  node scripts/build.mjs --no-renderer
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
  node dist/bench.cjs --e2e --pytorch --rounds "${2:-3}" --model "${3:-mlp,lenet,convnet}"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
  exit 0
fi
rounds=${1:-3}
secs=${2:-2}
out=$(mktemp -d)
node scripts/build.mjs --no-renderer
for r in $(seq "$rounds"); do
  for model in ${MODELS:-mlp lenet convnet resnet8}; do
    # ResNet-8 is compared at batch 64 and 128 (issue 8), the templates at 64 and 256.
    batches=$([ "$model" = resnet8 ] && echo 64,128 || echo 64,256)
    for policy in "-u OMP_WAIT_POLICY" "OMP_WAIT_POLICY=PASSIVE"; do
      # shellcheck disable=SC2086 # $policy is two words for env, or one assignment
      env $policy /usr/bin/python3 scripts/pytorch/bench.py --json --models "$model" --batches "$batches" --seconds "$secs" --rounds 1 | sed "s/}\$/, \"round\": $r}/" >> "$out/torch.jsonl"
    done
    WIREGRAD_PYTHON=/nonexistent node dist/bench.cjs --json --model "$model" --batch "$batches" --seconds "$secs" --steps-per-run auto >> "$out/wiregrad.jsonl" 2>/dev/null
  done
done
node - "$out" <<'JS'
const fs = require('fs');
const dir = process.argv[2];
const read = (f) => fs.readFileSync(`${dir}/${f}`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const key = (r) => `${r.model} b${r.batch} ${r.optimizer}`;
const group = (rows) => rows.reduce((m, r) => m.set(key(r), [...(m.get(key(r)) ?? []), r.samples_per_s]), new Map());
// The middle value; for an even count the mean of the two middle ones (not the higher one).
const median = (a) => { const s = [...a].sort((x, y) => x - y); const h = Math.floor(s.length / 2); return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; };
// PyTorch: the faster wait policy of each round.
const best = new Map();
for (const r of read('torch.jsonl')) {
  const k = `${key(r)}|${r.round}`;
  if (!best.has(k) || best.get(k).samples_per_s < r.samples_per_s) best.set(k, r);
}
const t = group([...best.values()]);
const w = group(read('wiregrad.jsonl'));
console.log('config'.padEnd(22), 'wiregrad'.padStart(10), 'pytorch'.padStart(10), 'ratio'.padStart(7), '  per-round ratios');
for (const [k, ws] of w) {
  const ts = t.get(k) ?? [];
  const ratios = ws.map((x, i) => (ts[i] ? x / ts[i] : NaN));
  console.log(k.padEnd(22), String(Math.round(median(ws))).padStart(10), String(Math.round(median(ts))).padStart(10), `${median(ratios).toFixed(2)}x`.padStart(7), '  ' + ratios.map((r) => r.toFixed(2)).join(' '));
}
JS
