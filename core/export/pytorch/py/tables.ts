/**
 * Python readers for CSV/TSV tables and image folders with the semantics of core/data/csv.ts
 * and core/data/imageFolder.ts: the same rows or files, in the same order, the same class
 * indices and the same train/test split (Wiregrad's generator with its fixed split seed),
 * so a script reads the very samples `wiregrad train` reads.
 */

/** The stratified split both kinds use when the data has no test set of its own. */
export const SPLIT_PY = String.raw`
SPLIT_SEED = 0x5EED  # Wiregrad's fixed split seed: the test set depends on the data only, not on --seed


def js_round(v):
    """JavaScript's Math.round (halves up), which Wiregrad's split sizes use."""
    return math.floor(v + 0.5)


def stratified_split(labels, fraction):
    """Per class (in label order) a shuffle from one generator, the first round(n * fraction)
    of each class to the test set; both index lists sorted, as Wiregrad splits."""
    by_class = {}
    for i, label in enumerate(labels):
        by_class.setdefault(label, []).append(i)
    rng = WiregradRng(SPLIT_SEED)
    train, test = [], []
    for label in sorted(by_class):
        order = rng.shuffle(list(by_class[label]))
        n_test = js_round(len(order) * fraction)
        test += order[:n_test]
        train += order[n_test:]
    return sorted(train), sorted(test)


def random_split(count, fraction):
    """Regression rows: one shuffle of all rows, the first round(count * fraction) for testing."""
    order = WiregradRng(SPLIT_SEED).shuffle(list(range(count)))
    n_test = js_round(count * fraction)
    return sorted(order[n_test:]), sorted(order[:n_test])


def take(data, rows):
    index = torch.tensor(rows, dtype=torch.long)
    return Data(data.images[index], data.labels[index])
`;

export const CSV_PY = String.raw`
CSV_MAX_BYTES = 1 << 30  # tables are read into memory, as Wiregrad reads them
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
RADIX_NUMBER = re.compile(r"0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+")

Table = collections.namedtuple("Table", "file header rows lines")


def js_number(text):
    """The finite number JavaScript's Number() reads from a cell, else None: Wiregrad's test of
    what is numeric (no "nan", "inf" or "1_000", which Python's float() would accept)."""
    s = text.strip()
    try:
        v = float(s) if NUMBER.fullmatch(s) else float(int(s, 0)) if RADIX_NUMBER.fullmatch(s) else None
    except OverflowError:
        return None
    return v if v is not None and math.isfinite(v) else None


def read_table(path, header=None):
    """A CSV/TSV file as rows of trimmed cells: delimiter tab (.tsv, or a tab in the first line),
    else ";" or ",", whichever the first line has more of; empty lines skipped; the first row
    is a header when some column is text there and a number in the next row (or given)."""
    try:
        if os.path.isdir(path):
            raise ScriptError("%s: is a folder, expected a .csv file" % path)
        if os.path.getsize(path) > CSV_MAX_BYTES:
            raise ScriptError("%s: more than the 1 GiB a CSV table may have" % path)
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
            text = f.read()
    except OSError as e:
        raise ScriptError("%s: %s" % (path, "file not found" if isinstance(e, FileNotFoundError) else e.strerror or e))
    first = re.split(r"\r?\n", text[:65536], maxsplit=1)[0]
    delimiter = "\t" if path.lower().endswith(".tsv") or "\t" in first else ";" if first.count(";") > first.count(",") else ","
    rows, lines = [], []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for record in reader:
            if record:
                rows.append([cell.strip() for cell in record])
                lines.append(reader.line_num)
    except csv.Error as e:
        raise ScriptError("%s, line %d: %s" % (path, reader.line_num, e))
    if not rows:
        raise ScriptError("%s: the table is empty" % path)
    if header is None:
        header = detect_header(rows)
    width = len(rows[0])
    for row, line in zip(rows, lines):
        if len(row) != width:
            raise ScriptError("%s, line %d: %d columns, but the first row has %d" % (path, line, len(row), width))
    return Table(path, rows[0] if header else None, rows[1:] if header else rows, lines[1:] if header else lines)


def detect_header(rows):
    if len(rows) < 2:
        return any(js_number(c) is None for c in rows[0])
    return any(js_number(c) is None and js_number(rows[1][j] if j < len(rows[1]) else "") is not None
               for j, c in enumerate(rows[0]))


def label_indices(table, column, count):
    """The target columns: count of them (1 for class labels), the last ones by default, else
    the comma-separated names or 0-based numbers of column (a name holding a comma found whole first)."""
    width = len(table.header or table.rows[0])
    if width < count + 1:
        what = "a label column" if count == 1 else "%d target columns" % count
        raise ScriptError("%s: needs at least one feature column and %s, found %d column(s)" % (table.file, what, width))
    if not column:
        return list(range(width - count, width))
    names = [column] if table.header and column in table.header else [c.strip() for c in column.split(",")]
    cols = [label_index(table, c) for c in names]
    if len(cols) != count:
        raise ScriptError("%s: the label column setting names %d column(s), but the Input node's target_shape [%d] needs %d" % (table.file, len(cols), count, count))
    if len(set(cols)) != len(cols):
        raise ScriptError("%s: a target column is named twice in %r" % (table.file, column))
    return cols


def label_index(table, column):
    width = len(table.header or table.rows[0])
    if table.header and column in table.header:
        return table.header.index(column)
    if column.isdigit() and column.isascii() and int(column) < width:
        return int(column)
    names = " (columns: %s)" % ", ".join(table.header) if table.header else " (the file has no header row; give a 0-based column number)"
    raise ScriptError("%s: no label column %r%s" % (table.file, column, names))


def table_columns(table, labels):
    """Features (float32 [rows, columns - len(labels)], the label columns left out) and each row's label cells."""
    values, cells = [], []
    skip = set(labels)
    for row, line in zip(table.rows, table.lines):
        for j, cell in enumerate(row):
            if j in skip:
                continue
            v = js_number(cell)
            if v is None:
                column = "column %r" % table.header[j] if table.header else "column %d" % j
                raise ScriptError("%s, line %d, %s: %r is not a number (features must be numeric)" % (table.file, line, column, cell))
            values.append(v)
        cells.append([row[j] for j in labels])
    width = len(table.header or table.rows[0]) - len(labels)
    return torch.tensor(values, dtype=torch.float32).reshape(len(table.rows), width), cells


def class_names(labels):
    """Distinct labels in Wiregrad's class order: numerically when all are numbers, else as
    JavaScript sorts text (by UTF-16 code units)."""
    unique = list(dict.fromkeys(labels))
    if all(js_number(s) is not None for s in unique):
        return sorted(unique, key=js_number)
    return sorted(unique, key=lambda s: s.encode("utf-16-be", "surrogatepass"))


def table_dataset(table, labels, names):
    """Data of a table: class indices by names, or with names None the target columns as float targets [rows, k]."""
    features, rows = table_columns(table, labels)
    if names is None:
        targets = []
        for row, line in zip(rows, table.lines):
            for cell in row:
                v = js_number(cell)
                if v is None:
                    raise ScriptError("%s, line %d: target %r is not a number (a float target was asked for)" % (table.file, line, cell))
                targets.append(v)
        return Data(features, torch.tensor(targets, dtype=torch.float32).reshape(-1, len(labels)))
    cells = [row[0] for row in rows]
    index = {n: i for i, n in enumerate(names)}
    for cell, line in zip(cells, table.lines):
        if cell not in index:
            raise ScriptError("%s, line %d: class %r does not occur in the training file" % (table.file, line, cell))
    return Data(features, torch.tensor([index[c] for c in cells], dtype=torch.long))


def is_text_class_target(table, column, target_shape):
    """target_shape [k > 1] over ONE label column (the last, or the one named) holding text: class
    names, given to the model as one-hot targets."""
    if target_shape is None or len(target_shape) != 1 or target_shape[0] < 2:
        return False
    if column and not (table.header and column in table.header) and "," in column:
        return False
    j = label_index(table, column) if column else len(table.header or table.rows[0]) - 1
    return any(js_number(row[j]) is None for row in table.rows)


def one_hot(data, names, k, file):
    if len(names) != k:
        raise ScriptError("%s: this dataset has class labels, but the Input node's target is float values of shape [%d]; set it to [%d] for one-hot targets" % (file, k, len(names)))
    return Data(data.images, torch.nn.functional.one_hot(data.labels, k).float())


def read_csv_dataset(file, test_file, label_column, header, test_split, target_shape):
    """(train, test or None, class names or None) as Wiregrad reads the table."""
    table = read_table(file, header)
    if target_shape is not None and len(target_shape) != 1:
        raise ScriptError("%s: table columns give targets of shape [k], but the Input node's target_shape is %s" % (file, list(target_shape)))
    if is_text_class_target(table, label_column, target_shape):
        train, test, names = read_csv_dataset(file, test_file, label_column, header, test_split, None)
        k = target_shape[0]
        return one_hot(train, names, k, file), (one_hot(test, names, k, file) if test is not None else None), names
    labels = label_indices(table, label_column, 1 if target_shape is None else target_shape[0])
    names = class_names([row[labels[0]] for row in table.rows]) if target_shape is None else None
    data = table_dataset(table, labels, names)
    if test_file:
        test_table = read_table(test_file, header if header is not None else table.header is not None)
        test_labels = list(labels)
        if table.header and test_table.header:  # the label columns found by their names
            test_labels = [test_table.header.index(table.header[j]) if table.header[j] in test_table.header else -1 for j in labels]
        if min(test_labels) < 0 or len(test_table.header or test_table.rows[0]) != len(table.header or table.rows[0]):
            raise ScriptError("%s: its columns differ from %s's" % (test_file, file))
        return data, table_dataset(test_table, test_labels, names), names
    if test_split == 0:
        return data, None, names
    train, test = stratified_split(data.labels.tolist(), test_split) if names is not None else random_split(len(data.labels), test_split)
    if not train:
        raise ScriptError("%s: test split %s leaves no training rows out of %d" % (file, test_split, len(data.labels)))
    return take(data, train), (take(data, test) if test else None), names
`;

export const IMAGES_PY = String.raw`
from PIL import Image  # Pillow: what torchvision reads images with

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp", ".bmp")


def image_files(folder):
    """The files under a class folder, depth first in name order (links to folders are not followed)."""
    out = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.is_dir(follow_symlinks=False):
            out += image_files(entry.path)
        elif entry.is_file(follow_symlinks=False) or entry.is_symlink():
            out.append(entry.path)
    return out


def list_class_folders(root, classes=None):
    """(class names, files, labels): one subfolder per class, in sorted order (ImageFolder's)."""
    try:
        names = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    except OSError as e:
        raise ScriptError("%s: %s" % (root, "folder not found" if isinstance(e, FileNotFoundError) else e.strerror or e))
    if classes is not None:
        unknown = [n for n in names if n not in classes]
        if unknown:
            raise ScriptError("%s: class %r is not among the training classes (%s)" % (os.path.join(root, unknown[0]), unknown[0], ", ".join(classes)))
    classes = names if classes is None else classes
    files, labels = [], []
    for label, name in enumerate(classes):
        folder = os.path.join(root, name)
        if os.path.isdir(folder):
            found = [f for f in image_files(folder) if os.path.splitext(f)[1].lower() in IMAGE_EXTENSIONS]
            files += found
            labels += [label] * len(found)
    return classes, files, labels


def load_image(path, channels, height, width):
    """One image as uint8 [channels, height, width], as Wiregrad's libvips makes it: scaled to
    cover the size (down: Lanczos; up: bicubic, edges extended), centre-cropped, alpha
    dropped, greyscale by PIL's luma."""
    with Image.open(path) as img:
        img = img.convert("RGB")
        w0, h0 = img.size
        k = min(w0 / width, h0 / height)  # input pixels per output pixel
        size = (max(1, js_round(w0 / k)), max(1, js_round(h0 / k)))
        if k > 1:
            img = img.resize(size, Image.LANCZOS)
        elif k < 1:
            img = upsize(img, size, k)
        left, top = (size[0] - width + 1) // 2, (size[1] - height + 1) // 2  # libvips rounds the centre up
        if size != (width, height):
            img = img.crop((left, top, left + width, top + height))
        if channels == 1:
            img = img.convert("L")
        pixels = torch.frombuffer(bytearray(img.tobytes()), dtype=torch.uint8)
    return pixels.reshape(height, width, channels).permute(2, 0, 1)


def upsize(img, size, k, pad=3):
    """libvips' upsizing: output pixel x samples input x * k - 0.5 (Catmull-Rom bicubic, which
    is Pillow's BICUBIC when enlarging), the border pixels repeated beyond the edges."""
    w0, h0 = img.size
    padded = Image.new("RGB", (w0 + 2 * pad, h0 + 2 * pad))
    padded.paste(img, (pad, pad))
    padded.paste(img.crop((0, 0, 1, h0)).resize((pad, h0), Image.NEAREST), (0, pad))
    padded.paste(img.crop((w0 - 1, 0, w0, h0)).resize((pad, h0), Image.NEAREST), (w0 + pad, pad))
    padded.paste(padded.crop((0, pad, w0 + 2 * pad, pad + 1)).resize((w0 + 2 * pad, pad), Image.NEAREST), (0, 0))
    padded.paste(padded.crop((0, pad + h0 - 1, w0 + 2 * pad, pad + h0)).resize((w0 + 2 * pad, pad), Image.NEAREST), (0, pad + h0))
    x0 = pad - 0.5 * k
    return padded.resize(size, Image.BICUBIC, box=(x0, x0, x0 + size[0] * k, x0 + size[1] * k))


def image_dataset(files, labels, shape, say):
    """Decodes the files (unreadable ones skipped, as Wiregrad skips them) into Data."""
    c, h, w = shape
    images, kept, bad = [], [], []
    for f, label in zip(files, labels):
        try:
            images.append(load_image(f, c, h, w))
            kept.append(label)
        except (OSError, ValueError, SyntaxError) as e:  # what PIL raises for files it cannot read
            bad.append("%s (%s)" % (f, e))
    if bad:
        say("%d unreadable image(s) skipped, e.g. %s" % (len(bad), bad[0]))
    stack = torch.stack(images) if images else torch.zeros(0, c, h, w, dtype=torch.uint8)
    return Data(stack, torch.tensor(kept, dtype=torch.long))


def read_image_folder(root, test_split, shape, say=print):
    """(train, test or None, class names): train/ and test/ subfolders, or a stratified split."""
    if len(shape) != 3 or shape[0] not in (1, 3):
        raise ScriptError("%s: images become 1 (grey) or 3 (RGB) channels of HxW, but the Input is %s" % (root, shape))
    if not os.path.isdir(root):
        raise ScriptError("%s: %s" % (root, "not a folder" if os.path.exists(root) else "folder not found"))
    train_dir, test_dir = os.path.join(root, "train"), os.path.join(root, "test")
    if os.path.isdir(train_dir):
        classes, files, labels = list_class_folders(train_dir)
        if not files:
            raise ScriptError("%s: no images in class subfolders (expected train/<class>/<image>.png ...)" % train_dir)
        test = None
        if os.path.isdir(test_dir):
            _, test_files, test_labels = list_class_folders(test_dir, classes)
            if not test_files:
                raise ScriptError("%s: no images in class subfolders" % test_dir)
            test = image_dataset(test_files, test_labels, shape, say)
        return image_dataset(files, labels, shape, say), test, classes
    classes, files, labels = list_class_folders(root)
    if not files:
        raise ScriptError("%s: no images found; expected one subfolder per class (e.g. %s/cat/1.png) or train/ and test/ folders" % (root, root))
    if test_split == 0:
        return image_dataset(files, labels, shape, say), None, classes
    train, test = stratified_split(labels, test_split)
    pick = lambda rows: ([files[i] for i in rows], [labels[i] for i in rows])  # noqa: E731
    return image_dataset(*pick(train), shape, say), (image_dataset(*pick(test), shape, say) if test else None), classes
`;
