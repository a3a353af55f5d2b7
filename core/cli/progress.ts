import type { DoneEvent, TrainEvent } from '../train/events';
import { formatDuration } from '../util/duration';

/**
 * Renders training progress on stderr: a live bar on a terminal (redrawn at most ~10×/s),
 * one line per epoch otherwise, so logs stay readable when piped.
 */
export class ProgressView {
  private lastDraw = 0;
  private stepsPerEpoch = 1;
  private epochs = 1;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  private get tty(): boolean {
    return !!this.out.isTTY;
  }

  handle(e: TrainEvent): void {
    if (e.kind === 'start') {
      this.stepsPerEpoch = e.stepsPerEpoch;
      this.epochs = e.epochs;
      const held = [e.validationSamples ? `${e.validationSamples} validation` : '', e.testSamples ? `${e.testSamples} test` : 'no test set'].filter(Boolean).join(', ');
      this.out.write(`training ${e.parameters.toLocaleString('en')} parameters on ${e.device}: ${e.trainSamples} samples (${held}), ${e.epochs} epoch(s) of ${e.stepsPerEpoch} steps (batch ${e.batchSize})\n`);
      if (e.classNames) this.out.write(`classes: ${e.classNames.map((n, i) => `${i} ${n}`).join(', ')}\n`);
      for (const w of e.dataWarnings ?? []) this.out.write(`warning: ${w.message}\n`);
    } else if (e.kind === 'step' && this.tty) {
      const now = Date.now();
      const inEpoch = (e.step - 1) % this.stepsPerEpoch + 1;
      if (now - this.lastDraw < 100 && inEpoch !== this.stepsPerEpoch) return;
      this.lastDraw = now;
      const width = 24;
      const filled = Math.round((inEpoch / this.stepsPerEpoch) * width);
      const acc = e.accuracy !== undefined ? ` acc ${(e.accuracy * 100).toFixed(1)}%` : '';
      this.out.write(`\r\x1b[2Kepoch ${e.epoch}/${this.epochs} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${inEpoch}/${this.stepsPerEpoch} loss ${e.loss.toFixed(4)}${acc} · ${Math.round(e.samplesPerSec)} samples/s · ETA ${formatDuration(e.etaSec)}`);
    } else if (e.kind === 'epoch') {
      if (this.tty) this.out.write('\r\x1b[2K');
      const pct = (x?: number) => (x === undefined ? '' : ` ${(x * 100).toFixed(2)}%`);
      const val = e.val_loss !== undefined ? ` · val loss ${e.val_loss.toFixed(4)}${pct(e.val_accuracy)}` : '';
      const test = e.test_loss !== undefined ? ` · test loss ${e.test_loss.toFixed(4)}${pct(e.test_accuracy)}` : '';
      this.out.write(`epoch ${e.epoch}/${this.epochs}: train loss ${e.train_loss.toFixed(4)}${pct(e.train_accuracy)}${val}${test} · ${Math.round(e.samples_per_s)} samples/s\n`);
    } else if (e.kind === 'done') {
      if (this.tty) this.out.write('\r\x1b[2K');
      const acc = e.test_accuracy !== undefined ? `, test accuracy ${(e.test_accuracy * 100).toFixed(2)}%` : '';
      this.out.write(`${e.reason === 'stopped' ? 'stopped' : 'done'} after ${e.steps} steps in ${formatDuration(e.elapsedSec)}${acc}\n`);
      const perClass = classAccuracies(e.test);
      if (perClass) this.out.write(`per class: ${perClass.join(', ')}\n`);
    }
  }
}

/** "cat 91.0%" per class from the confusion matrix, named when the dataset has names (≤ 20 classes). */
export function classAccuracies(test: DoneEvent['test']): string[] | null {
  const m = test?.confusion;
  if (!m || m.length > 20) return null;
  return m.map((row, i) => {
    const n = row.reduce((a, b) => a + b, 0);
    return `${test.classNames?.[i] ?? i} ${n ? ((row[i] / n) * 100).toFixed(1) : '–'}%`;
  });
}
