/**
 * Decodes one image file to a CHW uint8 sample of the requested shape with sharp (libvips):
 * resized so it covers the target and centre-cropped when the aspect differs (torchvision's
 * Resize + CenterCrop), alpha dropped, greyscale by PIL's luma (L = R*299/1000 + G*587/1000
 * + B*114/1000, what ImageFolder's .convert('L') gives). BMP, which libvips cannot read, is
 * decoded by the pure-JS bmp-js package and handed to sharp as raw pixels.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type Sharp from 'sharp';
import { decode } from 'bmp-js';
import { DataError } from './errors';

type Img = ReturnType<typeof Sharp>;

let loaded: typeof Sharp | undefined;

/**
 * sharp on first use: loading libvips costs a few hundred milliseconds, which every CLI
 * command and training thread paid before, though only image folders need it.
 */
function sharp(...args: Parameters<typeof Sharp>): Img {
  if (!loaded) {
    const req = typeof require === 'function' && typeof require.resolve === 'function' ? require : createRequire(import.meta.url);
    loaded = req('sharp') as typeof Sharp;
    // Many small images: one libvips thread per image, several images in flight (decodePool).
    loaded.concurrency(1);
    loaded.cache(false);
  }
  return loaded(...args);
}

export async function decodeImage(file: string, channels: number, height: number, width: number, out: Uint8Array, outOffset: number): Promise<void> {
  let img: Img;
  try {
    img = file.toLowerCase().endsWith('.bmp') ? await bmpToSharp(file) : sharp(file, { failOn: 'error', limitInputPixels: 1 << 28 });
  } catch (e) {
    throw new DataError('bad_image', `${file}: cannot read the image (${(e as Error).message})`, file);
  }
  let data: Buffer;
  try {
    const r = await img.resize(width, height, { fit: 'cover', position: 'centre' }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    if (r.info.channels !== 3 || r.info.width !== width || r.info.height !== height) throw new Error(`decoded to ${r.info.width}×${r.info.height}×${r.info.channels}`);
    data = r.data;
  } catch (e) {
    throw new DataError('bad_image', `${file}: cannot decode the image (${(e as Error).message})`, file);
  }
  const plane = height * width;
  if (channels === 1) {
    for (let p = 0, q = 0; p < plane; p++, q += 3) out[outOffset + p] = ((data[q] * 19595 + data[q + 1] * 38470 + data[q + 2] * 7471 + 0x8000) >> 16);
  } else {
    // HWC -> CHW
    for (let p = 0, q = 0; p < plane; p++, q += 3) {
      out[outOffset + p] = data[q];
      out[outOffset + plane + p] = data[q + 1];
      out[outOffset + 2 * plane + p] = data[q + 2];
    }
  }
}

/** BMP files larger than this many pixels are refused before decoding (as sharp's limitInputPixels does). */
const MAX_BMP_PIXELS = 1 << 26;

async function bmpToSharp(file: string): Promise<Img> {
  const bytes = await fs.promises.readFile(file);
  // Check the header's size first: bmp-js would allocate whatever a corrupt header claims.
  if (bytes.length < 26 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) throw new Error('not a BMP file');
  const pixels = Math.abs(bytes.readInt32LE(18)) * Math.abs(bytes.readInt32LE(22));
  if (!(pixels > 0 && pixels <= MAX_BMP_PIXELS)) throw new Error(`implausible size in the BMP header (${bytes.readInt32LE(18)}×${bytes.readInt32LE(22)})`);
  const bmp = decode(bytes);
  if (!(bmp.width > 0 && bmp.height > 0) || bmp.data.length < bmp.width * bmp.height * 4) throw new Error('not a valid BMP');
  // bmp-js gives ABGR bytes; sharp wants RGB(A).
  const n = bmp.width * bmp.height;
  const rgb = Buffer.allocUnsafe(n * 3);
  for (let i = 0; i < n; i++) {
    rgb[3 * i] = bmp.data[4 * i + 3];
    rgb[3 * i + 1] = bmp.data[4 * i + 2];
    rgb[3 * i + 2] = bmp.data[4 * i + 1];
  }
  return sharp(rgb, { raw: { width: bmp.width, height: bmp.height, channels: 3 } });
}
