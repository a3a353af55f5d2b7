import type { CheckResult } from '../check/types';
import type { ProjectDocument } from '../graph/document';
import { queryNvidiaSmi } from '../devices/index';
import { findLayer } from '../layers/index';
import { CudaUnavailableError, requireCuda } from './cuda';
import { parseDeviceSpec } from './deviceSpec';
import type { TrainExecutor } from './executor';
import { ModelRunner } from './modelRunner';
import { ReplicaGroup } from './replicaGroup';
import { defaultThreads, type SessionOptions } from './session';
import { replicaSeed, type TrainState } from './trainState';

/**
 * Picks the executor for the project's device choice: cpu → the faster of one session or
 * one single-threaded replica per core (see cpuReplicas; always one session for BatchNorm
 * models); cpu:1 → one ModelRunner on all cores; cpu:N → N CPU replicas sharing the cores;
 * cuda:i → a ModelRunner on GPU i; several GPUs → one replica per GPU. CUDA is checked
 * first and refused with a plain message, never replaced by the CPU.
 */
export async function createExecutor(
  doc: ProjectDocument,
  check: CheckResult,
  initial: TrainState,
  session: SessionOptions = {},
): Promise<TrainExecutor> {
  const seed = doc.training.seed;
  const spec = parseDeviceSpec(doc.training.device);
  if (spec.kind === 'cpu') {
    const replicas = doc.training.device.trim().toLowerCase() === 'cpu' ? cpuReplicas(doc, check, doc.training.batch_size, session.threads ?? defaultThreads()) : spec.replicas;
    if (replicas === 1) return new ModelRunner(doc, check, initial, session, replicaSeed(seed, 0));
    const threads = Math.max(1, Math.floor((session.threads ?? defaultThreads()) / replicas));
    const devices = Array.from({ length: replicas }, (_, i) => ({ label: `cpu:${i}`, session: { ...session, provider: 'cpu' as const, threads } }));
    // Plain "cpu" is ONE device to the user: its replicas share one rng stream indexed by
    // the global sample, so Dropout masks (and losses) do not depend on the core count.
    const shared = doc.training.device.trim().toLowerCase() === 'cpu';
    return ReplicaGroup.create(doc, check, initial, devices, `cpu ×${replicas}`, seed, shared);
  }
  await requireCuda(doc.training.device);
  let ids = spec.ids;
  const smi = await queryNvidiaSmi();
  if (ids === 'all') {
    if (!smi.gpus.length) throw new CudaUnavailableError(`CUDA is not available: "cuda:all" found no GPU${smi.error ? ` (nvidia-smi: ${smi.error})` : ''}; train with --device cpu`);
    ids = smi.gpus.map((g) => g.index);
  } else if (smi.found && smi.gpus.length) {
    const missing = ids.filter((i) => !smi.gpus.some((g) => g.index === i));
    if (missing.length) throw new CudaUnavailableError(`There is no GPU ${missing.join(', ')}; this machine has ${smi.gpus.map((g) => `cuda:${g.index}`).join(', ')}`);
  }
  const cuda = (id: number): SessionOptions => ({ ...session, provider: 'cuda', deviceId: id });
  if (ids.length === 1) return new ModelRunner(doc, check, initial, cuda(ids[0]), replicaSeed(seed, 0));
  return ReplicaGroup.create(doc, check, initial, ids.map((id) => ({ label: `cuda:${id}`, session: cuda(id) })), `cuda:${ids.join(',')}`, seed);
}

/**
 * Replicas for plain "cpu". ORT parallelises GEMMs and convolutions inside one session but runs
 * the memory-bound ops of a conv net's backward pass (slices, concats, space-to-depth) on one
 * thread, so a conv net trains ~1.5× faster as one single-threaded replica per core (measured
 * on the LeNet and ConvNet templates, 2 cores). Small models lose: their step is shorter than
 * the replicas' synchronisation. So: data-parallel when a sample costs ≥ 0.5 MFLOP and every
 * replica gets ≥ 8 samples, and no layer mixes the samples of a batch: replicas would give
 * BatchNorm their own shard's statistics (DDP's semantics, which cpu:N keeps), a different
 * step than the one device the user chose (ResNet-8's losses moved 5e-4 relative per step
 * from its exported PyTorch script's on 2 cores, and would move with the core count).
 */
export function cpuReplicas(document: ProjectDocument, checked: CheckResult, batch: number, cores: number): number {
  if (cores < 2 || checked.totalFlops < 5e5 || mixesBatch(document, checked)) return 1;
  return Math.max(1, Math.min(cores, 8, Math.floor(batch / 8)));
}

/** Whether a layer that trains (one leading to the loss, blocks inlined) mixes a batch's samples. */
function mixesBatch(document: ProjectDocument, checked: CheckResult): boolean {
  const { doc, check } = checked.flat ?? { doc: document, check: checked };
  const ignored = new Set(check.ignored);
  return doc.nodes.some((n) => !ignored.has(n.id) && findLayer(n.type)?.mixesBatch === true);
}
