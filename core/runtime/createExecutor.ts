import type { CheckResult } from '../check/types';
import type { ProjectDocument } from '../graph/document';
import { parseDeviceSpec } from './deviceSpec';
import type { TrainExecutor } from './executor';
import { ModelRunner } from './modelRunner';
import type { SessionOptions } from './session';

/** Picks the executor for the project's device choice. */
export async function createExecutor(
  doc: ProjectDocument,
  check: CheckResult,
  params: Float32Array,
  stateNames: string[],
  session: SessionOptions = {},
): Promise<TrainExecutor> {
  const spec = parseDeviceSpec(doc.training.device);
  if (spec.kind === 'cpu' && spec.replicas === 1) return new ModelRunner(doc, check, params, stateNames, session);
  throw new Error(`device ${doc.training.device} is not supported yet`);
}
