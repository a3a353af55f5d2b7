import { onnx } from 'onnx-proto';
import { importFail } from './errors';
import { DEFAULT_LIMITS, scanModelBytes, type ImportLimits } from './limits';

/** Opsets torch.onnx.export writes and the mappings are written against. */
export const SUPPORTED_OPSETS = { min: 13, max: 17 };
/** Outside SUPPORTED_OPSETS but close enough to try, with a warning. */
const BEST_EFFORT_OPSETS = { min: 7, max: 21 };

export interface DecodedModel {
  model: onnx.ModelProto;
  graph: onnx.IGraphProto;
  opset: number;
  warnings: string[];
}

/**
 * Bytes → ModelProto, refusing before decoding what the scan finds hostile (size, nesting,
 * node count, truncation), then checking what the mapping needs: a graph, the default
 * domain's opset, no custom domains.
 */
export function decodeModel(bytes: Uint8Array, limits: ImportLimits = DEFAULT_LIMITS): DecodedModel {
  scanModelBytes(bytes, limits);
  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    return importFail('IMPORT_CORRUPT', `the file is not a valid ONNX model: ${(e as Error).message.split('\n')[0]}`);
  }
  const graph = model.graph;
  if (!graph || !(graph.node?.length || graph.output?.length)) importFail('IMPORT_NO_GRAPH', 'the file holds no graph; is it an ONNX model?');
  const warnings: string[] = [];
  let opset: number | undefined;
  for (const o of model.opsetImport ?? []) {
    const domain = o.domain ?? '';
    const version = Number(o.version ?? 0);
    if (domain === '' || domain === 'ai.onnx') opset = version;
  }
  if (opset === undefined) importFail('IMPORT_NO_OPSET', 'the model does not say which ONNX opset it uses (no opset_import for the default domain)');
  if (!Number.isSafeInteger(opset) || opset < BEST_EFFORT_OPSETS.min || opset > BEST_EFFORT_OPSETS.max) {
    importFail('IMPORT_OPSET', `the model uses ONNX opset ${opset}; the importer reads opsets ${SUPPORTED_OPSETS.min}–${SUPPORTED_OPSETS.max} (and tries ${BEST_EFFORT_OPSETS.min}–${BEST_EFFORT_OPSETS.max}); export it again with opset_version=17`);
  }
  if (opset < SUPPORTED_OPSETS.min || opset > SUPPORTED_OPSETS.max) {
    warnings.push(`the model uses ONNX opset ${opset}; the importer is written for opsets ${SUPPORTED_OPSETS.min}–${SUPPORTED_OPSETS.max}, so check the imported graph (export again with opset_version=17 to be sure)`);
  }
  for (const n of graph.node ?? []) {
    const domain = n.domain ?? '';
    if (domain !== '' && domain !== 'ai.onnx') {
      importFail('IMPORT_CUSTOM_DOMAIN', `node "${n.name || n.opType}" is op ${n.opType} of domain "${domain}"; only standard ONNX ops (the default domain) are imported`, n.name ?? undefined);
    }
  }
  return { model, graph, opset, warnings };
}
