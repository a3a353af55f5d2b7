/**
 * Export worker thread: builds ONNX inference models off the caller's thread. Encoding a
 * large model takes seconds (a 441 MB model ~10 s); on the server's thread that would stall
 * every other request and the training event stream. Also runs the importer's one-node shape
 * probes on ONNX Runtime. Bundled to dist/export-worker.cjs.
 */
import { parentPort } from 'node:worker_threads';
import { exportInferenceModel } from '../onnx/export';
import { ortOpRunner } from '../runtime/opProbe';
import { toErrorData } from './errors';
import type { ExportJob, ExportReply } from './offThread';

parentPort!.on('message', async (job: ExportJob) => {
  let reply: ExportReply;
  if ('probe' in job) {
    const dims = await ortOpRunner(job.probe.model, job.probe.feeds).catch(() => null);
    parentPort!.postMessage({ id: job.id, dims } satisfies ExportReply);
    return;
  }
  try {
    let bytes = exportInferenceModel(job.doc, { weights: job.weights, seed: job.seed, data: job.data });
    // Small encodings may be views into a shared pool; only a buffer of their own can be transferred.
    if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) bytes = bytes.slice();
    reply = { id: job.id, bytes };
    parentPort!.postMessage(reply, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    reply = { id: job.id, error: toErrorData(e) };
    parentPort!.postMessage(reply);
  }
});
