/**
 * Fuzzing (issue 7): mutated project files through the parser, the checker, ONNX export and
 * (for a few that check clean) two training steps. Every case must end in success or a clear
 * error (a DocumentError, CompileError, TrainingError or DataError with its code), never a
 * crash, a hang, a stack trace or unbounded memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../core/check/check';
import type { ProjectDocument } from '../../core/graph/document';
import { parseDocument, serializeDocument } from '../../core/graph/parse';
import { exportInferenceModel, MAX_ONNX_WEIGHT_BYTES } from '../../core/onnx/export';
import { train } from '../../core/train/trainer';
import { fuzz, summary } from './harness';
import { mutateJson, mutateText } from './mutators';

const templates = path.resolve(__dirname, '../../assets/templates');
const texts = fs.readdirSync(templates).map((f) => fs.readFileSync(path.join(templates, f), 'utf8'));

/** A quarter byte-level (what a corrupt file looks like), the rest structural (what a wrong-typed field looks like). */
function mutate(text: string, rng: Parameters<typeof mutateText>[1]): string {
  if (rng.int(4) === 0) return mutateText(text, rng);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return mutateText(text, rng);
  }
  try {
    return JSON.stringify(mutateJson(raw, rng), null, rng.int(2) ? 2 : undefined);
  } catch {
    return mutateText(text, rng); // nested too deep for the test's own stringify
  }
}

/** Training stays bounded whatever the mutation: a tiny random dataset, two steps. */
function bounded(doc: ProjectDocument): ProjectDocument {
  return { ...doc, training: { ...doc.training, dataset: { kind: 'random', samples: 32, classes: 10 }, epochs: 1, validation_split: 0 } };
}

/** The templates as seeds, mutated as files get corrupted; only `run` differs between the targets. */
const projectTarget = (name: string, run: (text: string) => unknown) => ({ name, seeds: texts, mutate, describe: (t: string) => t.slice(0, 300), run });

describe('fuzz: project files', () => {
  it('parse → check → export: clear errors or success', async () => {
    let checked = 0;
    let exported = 0;
    let bigSkipped = 0;
    const r = await fuzz(
      projectTarget('project-files', (text) => {
          const doc = parseDocument(text, 'fuzz.wiregrad.json');
          // What parses must serialize and parse back to the same document.
          expect(parseDocument(serializeDocument(doc), 'again.wiregrad.json')).toEqual(doc);
          const check = checkDocument(doc);
          checked++;
          if (check.diagnostics.some((d) => d.severity === 'error')) return;
          // Valid but big models (a mutation multiplied a width) are the export tests' business; past
          // what one ONNX file holds the export must refuse at once, allocating nothing.
          if (check.totalParams > 5e6 && check.totalParams * 4 <= MAX_ONNX_WEIGHT_BYTES) return void bigSkipped++;
          exportInferenceModel(doc);
          exported++;
      }),
      { seed: 7001, runs: 1000, budgetMs: 8_000, caseTimeoutMs: 10_000 },
    );
    console.log(summary(r), `; ${checked} reached the checker, ${exported} exported, ${bigSkipped} big valid models not exported`);
    expect(r.failures).toEqual([]);
    expect(r.runs).toBeGreaterThanOrEqual(100);
    expect(r.clearErrors).toBeGreaterThan(0);
    expect(r.successes).toBeGreaterThan(0);
  }, 60_000);

  it('two training steps of mutated projects that check clean: clear errors or success', async () => {
    let trained = 0;
    const r = await fuzz(
      projectTarget('project-train', async (text) => {
        const doc = bounded(parseDocument(text, 'fuzz.wiregrad.json'));
        if (checkDocument(doc).diagnostics.some((d) => d.severity === 'error')) return;
        trained++;
        await train(doc, { maxSteps: 2, evaluateEachEpoch: false, stepsPerRun: 1 });
      }),
      { seed: 7002, runs: 50, budgetMs: 8_000, caseTimeoutMs: 20_000, maxMutations: 2 },
    );
    console.log(summary(r), `; ${trained} trained`);
    expect(r.failures).toEqual([]);
  }, 90_000);
});
