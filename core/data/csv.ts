/**
 * CSV/TSV tables as datasets (parsed by csv-parse): numeric feature columns, one label
 * column. Class labels are mapped to indices in sorted order (numerically when they are all
 * numbers, as sklearn's LabelEncoder does) and keep their text as class names; a model that
 * wants float targets gets the label column as numbers, and one whose Input has target_shape
 * [k] gets k target columns (the last k, or the comma-separated `labelColumn` list): soft or
 * one-hot class probabilities for CrossEntropyLoss, several regression targets; one column of
 * class names with k classes gives one-hot targets. Standardisation is not done here:
 * the "compute" normalisation of the transforms uses the training split's statistics.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { CLASS_TARGET, type DataRequest, type Dataset } from './dataset';
import { DataError } from './errors';
import { stratifiedSplit } from './imageFolder';
import type { CsvSpec } from './kinds/csv';
import { DEFAULT_TEST_SPLIT } from './kinds/schemaParts';
import type { DataWarning, ResolvedData } from './loaders';
import { Rng } from '../util/rng';

/** Refuse tables beyond this: they are parsed in memory. */
const MAX_CSV_BYTES = 1 << 30;

export interface Table {
  file: string;
  header: string[] | null;
  rows: string[][];
  /** 1-based line of each row in the file, for messages. */
  lines: number[];
}

const isNumber = (s: string) => s.trim() !== '' && Number.isFinite(Number(s));

function sniffDelimiter(text: string, file: string): string {
  const first = text.slice(0, 64 * 1024).split(/\r?\n/, 1)[0] ?? '';
  if (file.toLowerCase().endsWith('.tsv') || first.includes('\t')) return '\t';
  const counts = [',', ';'].map((d) => first.split(d).length);
  return counts[1] > counts[0] ? ';' : ',';
}

export function readTable(file: string, header?: boolean): Table {
  let text: string;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new DataError('io', `${file}: is a folder, expected a .csv file`, file);
    if (st.size > MAX_CSV_BYTES) throw new DataError('too_large', `${file}: ${st.size} bytes is more than the 1 GiB a CSV table may have`, file);
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError('io', `${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message}`, file);
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter: sniffDelimiter(text, file), bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true }) as unknown as typeof records;
  } catch (e) {
    throw new DataError('bad_csv', `${file}: ${(e as Error).message}`, file);
  }
  const rows = records.map((r) => r.record);
  const lines = records.map((r) => r.info.lines);
  if (rows.length === 0) throw new DataError('empty', `${file}: the table is empty`, file);
  const hasHeader = header ?? detectHeader(rows);
  const width = rows[0].length;
  const bad = rows.findIndex((r) => r.length !== width);
  if (bad >= 0) throw new DataError('bad_csv', `${file}, line ${lines[bad]}: ${rows[bad].length} columns, but the first row has ${width}`, file);
  return { file, header: hasHeader ? rows[0] : null, rows: hasHeader ? rows.slice(1) : rows, lines: hasHeader ? lines.slice(1) : lines };
}

/** A header row has a non-number in some column that is numeric in the next row (csv.Sniffer's idea). */
export function detectHeader(rows: string[][]): boolean {
  if (rows.length < 2) return rows[0].some((c) => !isNumber(c));
  return rows[0].some((c, j) => !isNumber(c) && isNumber(rows[1][j] ?? ''));
}

/**
 * The target columns: `count` of them (1 for class labels), the last ones by default, else
 * the comma-separated names or 0-based numbers of `column` (a name holding a comma is found
 * whole first).
 */
function labelIndices(t: Table, column: string | undefined, count: number): number[] {
  const width = (t.header ?? t.rows[0]).length;
  if (width < count + 1) throw new DataError('bad_csv', `${t.file}: needs at least one feature column and ${count === 1 ? 'a label column' : `${count} target columns`}, found ${width} column(s)`, t.file);
  if (column === undefined || column === '') return Array.from({ length: count }, (_, i) => width - count + i);
  const names = t.header?.includes(column) ? [column] : column.split(',').map((c) => c.trim());
  const cols = names.map((c) => labelIndex(t, c));
  if (cols.length !== count) {
    throw new DataError('bad_shape', `${t.file}: the label column setting names ${cols.length} column(s), but the Input node's target_shape [${count}] needs ${count}`, t.file);
  }
  if (new Set(cols).size !== cols.length) throw new DataError('bad_option', `${t.file}: a target column is named twice in "${column}"`, t.file);
  return cols;
}

function labelIndex(t: Table, column: string): number {
  const width = (t.header ?? t.rows[0]).length;
  const byName = t.header?.indexOf(column) ?? -1;
  if (byName >= 0) return byName;
  if (/^\d+$/.test(column) && Number(column) < width) return Number(column);
  const names = t.header ? ` (columns: ${t.header.join(', ')})` : ' (the file has no header row; give a 0-based column number)';
  throw new DataError('bad_option', `${t.file}: no label column "${column}"${names}`, t.file);
}

interface Parsed {
  features: Float32Array;
  /** The (first) label column's text per row. */
  labelText: string[];
  /** Every target column's text per row. */
  targetText: string[][];
  count: number;
  width: number;
}

function parseRows(t: Table, labels: number[]): Parsed {
  const width = (t.header ?? t.rows[0]).length - labels.length;
  const isLabel = new Set(labels);
  const features = new Float32Array(t.rows.length * width);
  const labelText: string[] = new Array(t.rows.length);
  const targetText: string[][] = new Array(t.rows.length);
  t.rows.forEach((r, i) => {
    let k = i * width;
    for (let j = 0; j < r.length; j++) {
      if (isLabel.has(j)) continue;
      const v = Number(r[j]);
      if (r[j] === '' || !Number.isFinite(v)) {
        const col = t.header ? `column "${t.header[j]}"` : `column ${j}`;
        throw new DataError('bad_csv', `${t.file}, line ${t.lines[i]}, ${col}: "${r[j]}" is not a number (features must be numeric)`, t.file);
      }
      features[k++] = v;
    }
    labelText[i] = r[labels[0]];
    targetText[i] = labels.map((j) => r[j]);
  });
  return { features, labelText, targetText, count: t.rows.length, width };
}

function classIndex(labels: string[]): string[] {
  const unique = [...new Set(labels)];
  return unique.every(isNumber) ? unique.sort((a, b) => Number(a) - Number(b)) : unique.sort();
}

function toDataset(p: Parsed, t: Table, req: DataRequest, classNames: string[] | null): Dataset {
  const base = { name: path.basename(t.file), source: t.file, count: p.count, sampleShape: [p.width], images: p.features };
  if (req.target.kind === 'value') {
    const k = p.targetText[0]?.length ?? 1;
    const targets = new Float32Array(p.count * k);
    p.targetText.forEach((cells, i) => cells.forEach((s, j) => {
      if (!isNumber(s)) throw new DataError('bad_csv', `${t.file}, line ${t.lines[i]}: target "${s}" is not a number (a float target was asked for)`, t.file);
      targets[i * k + j] = Number(s);
    }));
    return { ...base, classes: 0, labels: new Int32Array(0), targets, targetShape: [k] };
  }
  const names = classNames!;
  const index = new Map(names.map((n, i) => [n, i]));
  const labels = new Int32Array(p.count);
  p.labelText.forEach((s, i) => {
    const k = index.get(s);
    if (k === undefined) throw new DataError('bad_labels', `${t.file}, line ${t.lines[i]}: class "${s}" does not occur in the training file`, t.file);
    labels[i] = k;
  });
  return { ...base, classes: names.length, classNames: names, labels };
}

function takeRows(values: Float32Array, rows: number[], k: number): Float32Array {
  const out = new Float32Array(rows.length * k);
  rows.forEach((r, i) => out.set(values.subarray(r * k, (r + 1) * k), i * k));
  return out;
}

function subset(ds: Dataset, rows: number[]): Dataset {
  const n = ds.sampleShape[0];
  const images = new Float32Array(rows.length * n);
  rows.forEach((r, i) => images.set((ds.images as Float32Array).subarray(r * n, (r + 1) * n), i * n));
  return {
    ...ds,
    count: rows.length,
    images,
    labels: ds.targets ? ds.labels : Int32Array.from(rows, (r) => ds.labels[r]),
    targets: ds.targets ? takeRows(ds.targets, rows, ds.targetShape?.[0] ?? 1) : undefined,
  };
}

/** target_shape [k > 1] and ONE label column (the last, or the one labelColumn names) holding text. */
function isTextClassTarget(t: Table, column: string | undefined, req: DataRequest): boolean {
  if (req.target.kind !== 'value' || req.target.shape.length !== 1 || req.target.shape[0] < 2) return false;
  const width = (t.header ?? t.rows[0]).length;
  const named = column !== undefined && column !== '';
  if (named && !t.header?.includes(column) && column.includes(',')) return false;
  const j = named ? labelIndex(t, column) : width - 1;
  return t.rows.some((r) => !isNumber(r[j]));
}

/** How many target columns the Input's y takes: 1 for class labels, k for float targets of [k]. */
function targetColumns(req: DataRequest, file: string): number {
  if (req.target.kind !== 'value') return 1;
  const shape = req.target.shape;
  if (shape.length !== 1) throw new DataError('bad_shape', `${file}: table columns give targets of shape [k], but the Input node's target_shape is [${shape.join(', ')}]`, file);
  return shape[0];
}

export function loadCsvDataset(spec: CsvSpec, req: DataRequest): ResolvedData {
  if (!spec.file) throw new DataError('io', 'training.dataset.file: no CSV file given');
  const warnings: DataWarning[] = [];
  const t = readTable(spec.file, spec.header);
  // Class names in one column for an Input with target_shape [k]: read as class labels, which
  // the loader turns into one-hot targets when there are k classes (loaders.ts, asOneHot).
  if (isTextClassTarget(t, spec.labelColumn, req)) req = { ...req, target: CLASS_TARGET };
  const targetCount = targetColumns(req, t.file);
  const labels = labelIndices(t, spec.labelColumn, targetCount);
  const parsed = parseRows(t, labels);
  const classNames = req.target.kind === 'class' ? classIndex(parsed.labelText) : null;
  if (classNames && classNames.length > Math.max(20, parsed.count / 4)) {
    warnings.push({ message: `the label column has ${classNames.length} different values for ${parsed.count} rows; is it really a class label? (for a numeric target set Input's target_shape to [1])`, file: t.file });
  }
  // The trainer compares the feature count with the Input shape (DATA_SHAPE, with the fix).
  const all = toDataset(parsed, t, req, classNames);
  const files = [t.file];
  if (spec.testFile) {
    const tt = readTable(spec.testFile, spec.header ?? (t.header !== null));
    const tLabels = labels.map((label) => (t.header && tt.header ? tt.header.indexOf(t.header[label]) : label));
    if (tLabels.some((l) => l < 0) || (tt.header ?? tt.rows[0]).length !== (t.header ?? t.rows[0]).length) {
      throw new DataError('bad_csv', `${tt.file}: its columns differ from ${t.file}'s`, tt.file);
    }
    const test = toDataset(parseRows(tt, tLabels), tt, req, classNames);
    return { train: all, test, files: [...files, tt.file], warnings };
  }
  const fraction = spec.testSplit ?? DEFAULT_TEST_SPLIT;
  if (fraction === 0) return { train: all, files, warnings };
  let split: { train: number[]; test: number[] };
  if (all.targets) {
    const order = Int32Array.from({ length: all.count }, (_, i) => i);
    new Rng(0x5eed).shuffle(order);
    const nTest = Math.round(all.count * fraction);
    split = { test: [...order.subarray(0, nTest)].sort((a, b) => a - b), train: [...order.subarray(nTest)].sort((a, b) => a - b) };
  } else {
    split = stratifiedSplit(all.labels, fraction);
  }
  if (split.train.length === 0) throw new DataError('empty', `${t.file}: test split ${fraction} leaves no training rows out of ${all.count}`, t.file);
  return { train: subset(all, split.train), test: split.test.length ? subset(all, split.test) : undefined, files, warnings };
}
