/**
 * Dataset options of `wiregrad train`: --data PATH (a folder of class subfolders, a CIFAR-10
 * folder, or a .csv/.tsv table; recognised by the dataset-kind registry), --label-column NAME
 * and --test-split F (for the kinds that have those fields).
 */
import fs from 'node:fs';
import path from 'node:path';
import { datasetKind, specFromPath, validateDatasetSpec, type DatasetSpec } from '../data/kinds/index';
import type { ProjectDocument } from '../graph/document';
import { stringFlag, UsageError, type ParsedArgs } from './args';

export const DATA_FLAGS = {
  data: { value: true },
  'label-column': { value: true },
  'test-split': { value: true },
};

export const DATA_USAGE = `  --data PATH: train on this instead of the project's dataset: a folder with one
               subfolder per class (optionally under train/ and test/), a CIFAR-10
               binary folder, or a .csv/.tsv table
  --label-column NAME: the CSV column holding the label (default: the last)
  --test-split F: fraction held out for testing when there is no test set (default 0.2)`;

export function applyDataFlags(doc: ProjectDocument, args: ParsedArgs): ProjectDocument {
  let spec: DatasetSpec = doc.training.dataset;
  const dataPath = stringFlag(args, 'data');
  if (dataPath !== undefined) {
    let st: fs.Stats;
    try {
      st = fs.statSync(dataPath);
    } catch {
      throw new UsageError(`--data ${dataPath}: no such file or folder`);
    }
    const abs = path.resolve(dataPath);
    const entries = st.isDirectory() ? fs.readdirSync(abs) : [];
    const found = specFromPath({ path: abs, isDir: st.isDirectory(), ext: st.isDirectory() ? '' : path.extname(abs).toLowerCase(), entries });
    if (!found) throw new UsageError(`--data ${dataPath}: not a dataset Wiregrad reads (a folder of class subfolders, a CIFAR-10 folder, or a .csv/.tsv file)`);
    spec = found;
  }
  spec = { ...spec };
  const fields = datasetKind(spec.kind).fields.map((f) => f.name);
  const label = stringFlag(args, 'label-column');
  if (label !== undefined) {
    if (!fields.includes('labelColumn')) throw new UsageError(`--label-column applies to CSV tables, but the dataset is ${datasetKind(spec.kind).short}`);
    (spec as Record<string, unknown>).labelColumn = label;
  }
  const split = stringFlag(args, 'test-split');
  if (split !== undefined) {
    const v = Number(split);
    if (!(v >= 0 && v < 1)) throw new UsageError(`--test-split must be a fraction in [0, 1), got "${split}"`);
    if (!fields.includes('testSplit')) throw new UsageError(`--test-split applies to image folders and CSV tables, but the dataset is ${datasetKind(spec.kind).short}`);
    (spec as Record<string, unknown>).testSplit = v;
  }
  try {
    validateDatasetSpec(spec, '--data');
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return { ...doc, training: { ...doc.training, dataset: spec } };
}
