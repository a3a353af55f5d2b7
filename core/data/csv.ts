/**
 * CSV/TSV tables as datasets (parsed by csv-parse): numeric feature columns, one label
 * column. Class labels are mapped to indices in sorted order (numerically when they are all
 * numbers, as sklearn's LabelEncoder does) and keep their text as class names; a model that
 * wants float targets gets the label column as numbers. Standardisation is not done here:
 * the "compute" normalisation of the transforms uses the training split's statistics.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DataRequest, Dataset } from './dataset';
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

function labelIndex(t: Table, column: string | undefined): number {
  const width = (t.header ?? t.rows[0]).length;
  if (width < 2) throw new DataError('bad_csv', `${t.file}: needs at least one feature column and a label column, found ${width} column(s)`, t.file);
  if (column === undefined || column === '') return width - 1;
  const byName = t.header?.indexOf(column) ?? -1;
  if (byName >= 0) return byName;
  if (/^\d+$/.test(column) && Number(column) < width) return Number(column);
  const names = t.header ? ` (columns: ${t.header.join(', ')})` : ' (the file has no header row; give a 0-based column number)';
  throw new DataError('bad_option', `${t.file}: no label column "${column}"${names}`, t.file);
}

interface Parsed {
  features: Float32Array;
  labelText: string[];
  count: number;
  width: number;
}

function parseRows(t: Table, label: number): Parsed {
  const width = (t.header ?? t.rows[0]).length - 1;
  const features = new Float32Array(t.rows.length * width);
  const labelText: string[] = new Array(t.rows.length);
  t.rows.forEach((r, i) => {
    let k = i * width;
    for (let j = 0; j < r.length; j++) {
      if (j === label) continue;
      const v = Number(r[j]);
      if (r[j] === '' || !Number.isFinite(v)) {
        const col = t.header ? `column "${t.header[j]}"` : `column ${j}`;
        throw new DataError('bad_csv', `${t.file}, line ${t.lines[i]}, ${col}: "${r[j]}" is not a number (features must be numeric)`, t.file);
      }
      features[k++] = v;
    }
    labelText[i] = r[label];
  });
  return { features, labelText, count: t.rows.length, width };
}

function classIndex(labels: string[]): string[] {
  const unique = [...new Set(labels)];
  return unique.every(isNumber) ? unique.sort((a, b) => Number(a) - Number(b)) : unique.sort();
}

function toDataset(p: Parsed, t: Table, req: DataRequest, classNames: string[] | null): Dataset {
  const base = { name: path.basename(t.file), source: t.file, count: p.count, sampleShape: [p.width], images: p.features };
  if (req.target.kind === 'value') {
    if (req.target.shape.length !== 1 || req.target.shape[0] !== 1) {
      throw new DataError('bad_shape', `${t.file}: one label column gives targets of shape [1], but the Input node's target_shape is [${req.target.shape.join(', ')}]`, t.file);
    }
    const targets = new Float32Array(p.count);
    p.labelText.forEach((s, i) => {
      if (!isNumber(s)) throw new DataError('bad_csv', `${t.file}, line ${t.lines[i]}: target "${s}" is not a number (a float target was asked for)`, t.file);
      targets[i] = Number(s);
    });
    return { ...base, classes: 0, labels: new Int32Array(0), targets, targetShape: [1] };
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

function subset(ds: Dataset, rows: number[]): Dataset {
  const n = ds.sampleShape[0];
  const images = new Float32Array(rows.length * n);
  rows.forEach((r, i) => images.set((ds.images as Float32Array).subarray(r * n, (r + 1) * n), i * n));
  return {
    ...ds,
    count: rows.length,
    images,
    labels: ds.targets ? ds.labels : Int32Array.from(rows, (r) => ds.labels[r]),
    targets: ds.targets ? Float32Array.from(rows, (r) => ds.targets![r]) : undefined,
  };
}

export function loadCsvDataset(spec: CsvSpec, req: DataRequest): ResolvedData {
  if (!spec.file) throw new DataError('io', 'training.dataset.file: no CSV file given');
  const warnings: DataWarning[] = [];
  const t = readTable(spec.file, spec.header);
  const label = labelIndex(t, spec.labelColumn);
  const parsed = parseRows(t, label);
  const classNames = req.target.kind === 'class' ? classIndex(parsed.labelText) : null;
  if (classNames && classNames.length > Math.max(20, parsed.count / 4)) {
    warnings.push({ message: `the label column has ${classNames.length} different values for ${parsed.count} rows; is it really a class label? (for a numeric target set Input's target_shape to [1])`, file: t.file });
  }
  // The trainer compares the feature count with the Input shape (DATA_SHAPE, with the fix).
  const all = toDataset(parsed, t, req, classNames);
  const files = [t.file];
  if (spec.testFile) {
    const tt = readTable(spec.testFile, spec.header ?? (t.header !== null));
    const tLabel = t.header && tt.header ? tt.header.indexOf(t.header[label]) : label;
    if (tLabel < 0 || (tt.header ?? tt.rows[0]).length !== (t.header ?? t.rows[0]).length) {
      throw new DataError('bad_csv', `${tt.file}: its columns differ from ${t.file}'s`, tt.file);
    }
    const test = toDataset(parseRows(tt, tLabel), tt, req, classNames);
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
