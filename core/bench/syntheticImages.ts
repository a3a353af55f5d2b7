import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { pool } from '../data/decodeCache';
import { Rng } from '../util/rng';

/**
 * `count` RGB PNGs of size×size in `classes` class folders: each class a different
 * gradient direction and hue plus per-image noise, so a small ConvNet has something to
 * learn. Skips the work when the folder already holds them (the bench reuses it).
 */
export async function writeSyntheticImageFolder(dir: string, count: number, size: number, classes = 10): Promise<void> {
  const marker = path.join(dir, `.complete-${count}-${size}-${classes}`);
  if (fs.existsSync(marker)) return;
  fs.rmSync(dir, { recursive: true, force: true });
  for (let c = 0; c < classes; c++) fs.mkdirSync(path.join(dir, `class${c}`), { recursive: true });
  const jobs = Array.from({ length: count }, (_, i) => i);
  await pool(jobs, 4, async (i) => {
    const c = i % classes;
    const rng = new Rng(i);
    const px = Buffer.alloc(size * size * 3);
    const angle = (c / classes) * Math.PI;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const t = ((x * Math.cos(angle) + y * Math.sin(angle)) / size + 1) / 2;
        const o = 3 * (y * size + x);
        px[o] = Math.min(255, Math.max(0, 255 * t * ((c % 3) / 2) + rng.int(64)));
        px[o + 1] = Math.min(255, Math.max(0, 255 * (1 - t) + rng.int(64)));
        px[o + 2] = Math.min(255, Math.max(0, 128 * t + 25 * c + rng.int(64)));
      }
    }
    await sharp(px, { raw: { width: size, height: size, channels: 3 } }).png({ compressionLevel: 1 }).toFile(path.join(dir, `class${c}`, `${String(i).padStart(6, '0')}.png`));
  });
  fs.writeFileSync(marker, '');
}
