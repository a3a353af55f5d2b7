/**
 * A small seeded byte mutator (flip, overwrite, insert, delete, truncate, splice a chunk,
 * interesting values), AFL-style. Written by the data engineer while the hardening
 * engineer's harness had not landed; the coordinator reconciles the two.
 */
import { Rng } from '../../core/util/rng';

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0x10, 0x20, 0x40];

export function mutate(input: Uint8Array, rng: Rng, maxOps = 4): Uint8Array {
  let b: Uint8Array = Uint8Array.from(input);
  const ops = 1 + rng.int(maxOps);
  for (let k = 0; k < ops; k++) {
    const at = b.length ? rng.int(b.length) : 0;
    switch (rng.int(8)) {
      case 0: // bit flip
        if (b.length) b[at] ^= 1 << rng.int(8);
        break;
      case 1: // random byte
        if (b.length) b[at] = rng.int(256);
        break;
      case 2: // interesting byte
        if (b.length) b[at] = INTERESTING[rng.int(INTERESTING.length)];
        break;
      case 3: {
        // insert random bytes
        const n = 1 + rng.int(16);
        const ins = Uint8Array.from({ length: n }, () => rng.int(256));
        b = concat(b.subarray(0, at), ins, b.subarray(at));
        break;
      }
      case 4: {
        // delete a run
        const n = 1 + rng.int(Math.max(1, Math.min(64, b.length - at)));
        b = concat(b.subarray(0, at), b.subarray(at + n));
        break;
      }
      case 5: // truncate
        b = b.subarray(0, at);
        break;
      case 6: {
        // duplicate a chunk elsewhere
        const n = 1 + rng.int(Math.max(1, Math.min(256, b.length - at)));
        const to = b.length ? rng.int(b.length) : 0;
        b = concat(b.subarray(0, to), b.slice(at, at + n), b.subarray(to));
        break;
      }
      default: // big-endian 32-bit word set to an interesting size (headers, dims)
        if (b.length >= at + 4) new DataView(b.buffer, b.byteOffset).setUint32(at, [0, 1, 0xffffffff, 0x7fffffff, 60000, 28][rng.int(6)], false);
    }
  }
  return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Runs `body` on `runs` seeded mutants of `seed`; the case index and seed are in failures. */
export async function fuzz(seed: Uint8Array, runs: number, rngSeed: number, body: (mutant: Uint8Array, i: number) => Promise<void> | void): Promise<void> {
  const rng = new Rng(rngSeed);
  for (let i = 0; i < runs; i++) {
    const m = mutate(seed, rng);
    try {
      await body(m, i);
    } catch (e) {
      throw new Error(`fuzz case ${i} (rng seed ${rngSeed}): ${(e as Error).message}`);
    }
  }
}
