import type { CheckResult } from '../check/types';
import type { ProjectDocument } from '../graph/document';
import { queryNvidiaSmi } from '../devices/index';
import { CudaUnavailableError, requireCuda } from './cuda';
import { parseDeviceSpec } from './deviceSpec';
import type { TrainExecutor } from './executor';
import { ModelRunner } from './modelRunner';
import { ReplicaGroup } from './replicaGroup';
import { defaultThreads, type SessionOptions } from './session';

/**
 * Picks the executor for the project's device choice: cpu → one ModelRunner; cpu:N → N CPU
 * replicas sharing the cores; cuda:i → a ModelRunner on GPU i; several GPUs → one replica
 * per GPU. CUDA is checked first and refused with a plain message, never replaced by the CPU.
 */
export async function createExecutor(
  doc: ProjectDocument,
  check: CheckResult,
  params: Float32Array,
  stateNames: string[],
  session: SessionOptions = {},
): Promise<TrainExecutor> {
  const spec = parseDeviceSpec(doc.training.device);
  if (spec.kind === 'cpu') {
    if (spec.replicas === 1) return new ModelRunner(doc, check, params, stateNames, session);
    const threads = Math.max(1, Math.floor((session.threads ?? defaultThreads()) / spec.replicas));
    const devices = Array.from({ length: spec.replicas }, (_, i) => ({ label: `cpu:${i}`, session: { ...session, provider: 'cpu' as const, threads } }));
    return ReplicaGroup.create(doc, check, params, stateNames, devices, `cpu ×${spec.replicas}`);
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
  if (ids.length === 1) return new ModelRunner(doc, check, params, stateNames, cuda(ids[0]));
  return ReplicaGroup.create(doc, check, params, stateNames, ids.map((id) => ({ label: `cuda:${id}`, session: cuda(id) })), `cuda:${ids.join(',')}`);
}
