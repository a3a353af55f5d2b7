import { closeSync, openSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { TrainEvent } from '../../train/events';
import { fileVersionEvent, scalarsEvent } from './eventProto';
import { tfRecord } from './tfrecord';

const FLUSH_BYTES = 64 * 1024;

/**
 * Writes a run's curves as a TensorBoard event file (`events.out.tfevents.<time>.<host>`), so
 * `tensorboard --logdir runs/` shows Wiregrad runs beside PyTorch ones. Scalars: train/loss,
 * train/accuracy, lr, samples_per_s per step; val/loss, val/accuracy, test/accuracy per epoch
 * (at the epoch's last step). Records are appended as they come, so a running run shows live.
 */
export class TensorBoardWriter {
  private fd: number;
  readonly file: string;
  /** Records not yet written: flushed at every epoch, at the end, and past FLUSH_BYTES (a step is ~60 bytes). */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private testAtStep = -1;

  constructor(dir: string, now = Date.now()) {
    this.file = path.join(dir, `events.out.tfevents.${Math.floor(now / 1000)}.${hostname().replace(/[^\w.-]/g, '_')}.wiregrad`);
    this.fd = openSync(this.file, 'a');
    this.write(fileVersionEvent(now / 1000));
    this.flush();
  }

  private write(event: Uint8Array): void {
    const r = tfRecord(event);
    this.pending.push(r);
    this.pendingBytes += r.length;
    if (this.pendingBytes > FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (!this.pending.length || this.fd < 0) return;
    writeSync(this.fd, Buffer.concat(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }

  scalars(step: number, values: [string, number | undefined][]): void {
    const defined = values.filter((v): v is [string, number] => v[1] !== undefined && Number.isFinite(v[1]));
    if (defined.length) this.write(scalarsEvent(Date.now() / 1000, step, defined));
  }

  handle(e: TrainEvent): void {
    if (e.kind === 'step') this.scalars(e.step, [['train/loss', e.loss], ['train/accuracy', e.accuracy], ['lr', e.lr], ['samples_per_s', e.samplesPerSec]]);
    else if (e.kind === 'epoch') {
      this.scalars(e.step, [['val/loss', e.val_loss], ['val/accuracy', e.val_accuracy], ['test/loss', e.test_loss], ['test/accuracy', e.test_accuracy]]);
      if (e.test_accuracy !== undefined || e.test_loss !== undefined) this.testAtStep = e.step;
      this.flush();
    } else if (e.kind === 'done') {
      // The final test evaluation, unless the last epoch already wrote it at this step.
      if (this.testAtStep !== e.steps) this.scalars(e.steps, [['test/accuracy', e.test_accuracy], ['test/loss', e.test_loss]]);
      this.flush();
    }
  }

  close(): void {
    if (this.fd < 0) return;
    this.flush();
    closeSync(this.fd);
    this.fd = -1;
  }
}
