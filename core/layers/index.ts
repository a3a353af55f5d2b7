/** THE catalogue of canvas layer types, in palette order. */
import { CompileError } from '../ir/errors';
import { AdaptiveAvgPool2d } from './AdaptiveAvgPool2d';
import { Add } from './Add';
import { AvgPool2d } from './AvgPool2d';
import { BatchNorm1d } from './BatchNorm1d';
import { BatchNorm2d } from './BatchNorm2d';
import { BCEWithLogitsLoss } from './BCEWithLogitsLoss';
import { Concat } from './Concat';
import { Conv2d } from './Conv2d';
import { ConvTranspose2d } from './ConvTranspose2d';
import { CrossEntropyLoss } from './CrossEntropyLoss';
import { Dropout } from './Dropout';
import { Flatten } from './Flatten';
import { GELU } from './GELU';
import { Hardtanh } from './Hardtanh';
import { Identity } from './Identity';
import { Input } from './Input';
import { L1Loss } from './L1Loss';
import { LayerNorm } from './LayerNorm';
import { LeakyReLU } from './LeakyReLU';
import { Linear } from './Linear';
import { LogSoftmax } from './LogSoftmax';
import { MaxPool2d } from './MaxPool2d';
import { MSELoss } from './MSELoss';
import { NLLLoss } from './NLLLoss';
import { OnnxOp } from './OnnxOp';
import { ReLU } from './ReLU';
import { ReLU6 } from './ReLU6';
import { Sigmoid } from './Sigmoid';
import { SmoothL1Loss } from './SmoothL1Loss';
import { Softmax } from './Softmax';
import { Tanh } from './Tanh';
import type { LayerDef } from './types';

export const layerCatalog: readonly LayerDef[] = [
  Input, Linear, Conv2d, ConvTranspose2d, BatchNorm1d, BatchNorm2d, LayerNorm, Dropout, ReLU, ReLU6, LeakyReLU, GELU, Hardtanh, Sigmoid, Tanh, Softmax, LogSoftmax,
  MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, Add, Concat, Flatten, Identity,
  CrossEntropyLoss, NLLLoss, BCEWithLogitsLoss, MSELoss, L1Loss, SmoothL1Loss,
];

/** Types an import creates but the palette does not offer (kept out of layerCatalog). */
const importedLayers: readonly LayerDef[] = [OnnxOp];

const byType = new Map<string, LayerDef>();
for (const def of [...layerCatalog, ...importedLayers]) {
  if (byType.has(def.type)) throw new Error(`Layer type ${def.type} is registered twice`);
  byType.set(def.type, def);
}

export function findLayer(type: string): LayerDef | undefined {
  return byType.get(type);
}

export function getLayer(type: string): LayerDef {
  const def = byType.get(type);
  if (!def) throw new CompileError('UNKNOWN_LAYER', `Unknown layer type "${type}"; known types: ${layerCatalog.map((l) => l.type).join(', ')}`);
  return def;
}

export type { LayerDef } from './types';
