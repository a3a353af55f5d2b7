import { z } from 'zod';
import { DEFAULT_TEST_SPLIT, filePath, testFraction } from './schemaParts';
import type { DatasetKindDef } from './types';

/**
 * A CSV or TSV table: numeric feature columns and one label column (default: the last).
 * Class labels (any text) map to class indices in sorted order, with their names; for a
 * model whose Input has a target shape the label column is a numeric regression target.
 * Features are standardised with statistics of the training split ("compute" normalisation).
 */
export const csvSchema = z.looseObject({
  kind: z.literal('csv'),
  file: filePath,
  /** Name of the label column (or its 0-based index as text); default the last column. For an Input target_shape [k]: k of them, comma-separated (default the last k). */
  labelColumn: z.string({ error: 'must be a column name (text)' }).max(1000).optional(),
  /** A second file with the same columns for testing; else `testSplit` of the rows. */
  testFile: filePath.optional(),
  testSplit: testFraction.optional(),
  /** Whether the first row names the columns; default detected. */
  header: z.boolean({ error: 'must be true or false' }).optional(),
});
export type CsvSpec = z.infer<typeof csvSchema>;

export const csv: DatasetKindDef<CsvSpec> = {
  kind: 'csv',
  label: 'CSV / TSV table',
  short: 'CSV table',
  schema: csvSchema,
  fields: [
    { name: 'file', label: 'CSV file', type: 'file', placeholder: '…/table.csv', doc: 'comma-, semicolon- or tab-separated, header detected' },
    { name: 'labelColumn', label: 'Label column', type: 'text', optional: true, placeholder: 'last column', doc: 'column holding the class or target value; for an Input target_shape [k], k comma-separated columns (default the last k), e.g. class probabilities' },
    { name: 'testFile', label: 'Test file', type: 'file', optional: true, placeholder: 'optional', doc: 'same columns; else the test split below' },
    { name: 'testSplit', label: 'Test split', type: 'fraction', optional: true, default: DEFAULT_TEST_SPLIT, doc: `rows held out for testing when there is no test file (default ${DEFAULT_TEST_SPLIT})` },
  ],
  create: () => ({ kind: 'csv', file: '' }),
  defaultNormalize: 'compute',
  images: false,
  fromPath: (p) => (!p.isDir && ['.csv', '.tsv', '.txt'].includes(p.ext) ? { kind: 'csv', file: p.path } : null),
};
