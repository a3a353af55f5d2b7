/** One CHW sample (bytes 0..255, 1 or 3 channels) drawn at its own pixel size; CSS scales it. */
import { useEffect, useRef } from 'react';
import type { SampleImage } from '../../core/api/contract';

export function SampleCanvas({ s }: { s: SampleImage }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const [ch, h, w] = s.shape.length === 3 ? s.shape : [1, s.shape[0], s.shape[1]];
    c.width = w;
    c.height = h;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(w, h);
    for (let p = 0; p < h * w; p++) {
      const r = s.pixels[p];
      const g = ch === 3 ? s.pixels[h * w + p] : r;
      const b = ch === 3 ? s.pixels[2 * h * w + p] : r;
      img.data[p * 4] = r;
      img.data[p * 4 + 1] = g;
      img.data[p * 4 + 2] = b;
      img.data[p * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [s]);
  return <canvas ref={ref} className="wg-sample__img" aria-hidden />;
}
