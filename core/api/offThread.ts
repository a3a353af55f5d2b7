/**
 * Heavy API work on a worker thread, so neither the web server's event loop nor Electron's
 * main process stalls while a big model is encoded. One long-lived worker, started on first
 * use (its start-up costs more than a small export), jobs answered by id; a crash fails the
 * jobs in flight and the next job starts a fresh worker.
 */
import { Worker } from 'node:worker_threads';
import type { ProjectDocument } from '../graph/document';
import type { RunDataFacts } from '../train/events';
import { workerScript } from '../train/host';
import type { ApiErrorData } from './contract';
import type { OpRunner, ProbeFeed } from '../import/onnx/probe';
import { ApiError, fromErrorData } from './errors';

export type ExportJob =
  | { id: number; doc: ProjectDocument; weights?: Map<string, Float32Array>; seed?: number; data?: RunDataFacts }
  /** An import's shape probe (core/import/onnx/probe.ts): ONNX Runtime kept off the caller's process image (Electron's main bundle). */
  | { id: number; probe: { model: Uint8Array; feeds: ProbeFeed[] } };

export type ExportReply = { id: number; bytes: Uint8Array } | { id: number; dims: number[][] | null } | { id: number; error: ApiErrorData };

export interface OffThread {
  exportInferenceModel(doc: ProjectDocument, opts: { weights?: Map<string, Float32Array>; seed?: number; data?: RunDataFacts }): Promise<Uint8Array>;
  runOp: OpRunner;
  close(): Promise<void>;
}

export function createOffThread(script = () => workerScript('export-worker.cjs')): OffThread {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve(r: unknown): void; reject(e: Error): void }>();

  function failAll(err: Error): void {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  }

  function ensure(): Worker {
    if (worker) return worker;
    const w = new Worker(script());
    // An idle export worker must not keep the process alive.
    w.unref();
    w.on('message', (m: ExportReply) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if ('error' in m) p.reject(fromErrorData(m.error));
      else p.resolve('bytes' in m ? m.bytes : m.dims);
      if (!pending.size) w.unref();
    });
    const lost = (why: string) => {
      if (worker === w) worker = null;
      failAll(new ApiError('EXPORT_FAILED', `The export worker ${why}; the model may be too large for this machine's memory`));
    };
    w.on('error', (e) => lost(`crashed (${e.message})`));
    w.on('exit', (code) => lost(`exited (code ${code})`));
    worker = w;
    return w;
  }

  function submit<T>(job: ExportJob): Promise<T> {
    const w = ensure();
    return new Promise<T>((resolve, reject) => {
      pending.set(job.id, { resolve: resolve as (r: unknown) => void, reject });
      w.ref();
      w.postMessage(job);
    });
  }

  return {
    exportInferenceModel: (doc, opts) => submit<Uint8Array>({ id: nextId++, doc, weights: opts.weights, seed: opts.seed, data: opts.data }),
    runOp: (model, feeds) => submit<number[][] | null>({ id: nextId++, probe: { model, feeds } }),
    async close() {
      const w = worker;
      worker = null;
      failAll(new ApiError('EXPORT_FAILED', 'The backend is shutting down'));
      await w?.terminate();
    },
  };
}
