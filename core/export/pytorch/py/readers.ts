/**
 * Python readers for the dataset kinds, with the semantics of core/data: uint8 images stay
 * bytes (scaled by 1/255 per batch), other IDX types become float32 at face value, an
 * IDX3 [n, h, w] file gets a channel axis. A script includes only the readers its
 * dataset needs. Each returns `Data(images, labels)` (labels int64).
 */

/** The record every reader returns. */
export const DATA_PY = String.raw`
Data = collections.namedtuple("Data", "images labels")  # images [n, *sample shape], labels int64 [n]
`;

export const IDX_PY = String.raw`
IDX_TYPES = {0x08: ("B", torch.uint8), 0x09: ("b", torch.int8), 0x0B: ("h", torch.int16),
             0x0C: ("i", torch.int32), 0x0D: ("f", torch.float32), 0x0E: ("d", torch.float64)}


def read_idx(path):
    """An IDX file (MNIST's format: 00 00 <type> <ndims>, big-endian dims and data), plain or gzip."""
    if not os.path.exists(path) and os.path.exists(path + ".gz"):
        path += ".gz"
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise ScriptError("cannot read %s: %s" % (path, e.strerror or e))
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except Exception as e:  # BadGzipFile, EOFError, zlib.error
            raise ScriptError("%s: gzip data is corrupt (%s)" % (path, e))
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in IDX_TYPES:
        raise ScriptError("%s: not an IDX file (magic bytes %s)" % (path, raw[:4].hex(" ")))
    code, dtype = IDX_TYPES[raw[2]]
    ndim = raw[3]
    if len(raw) < 4 + 4 * ndim:
        raise ScriptError("%s: header promises %d dimensions but the file ends after %d bytes" % (path, ndim, len(raw)))
    dims = struct.unpack(">%dI" % ndim, raw[4:4 + 4 * ndim])
    values = array.array(code)
    size = values.itemsize * math.prod(dims)
    body = raw[4 + 4 * ndim:4 + 4 * ndim + size]
    if len(body) < size:
        raise ScriptError("%s: truncated (%d of %d data bytes)" % (path, len(body), size))
    values.frombytes(body)
    if values.itemsize > 1 and sys.byteorder == "little":
        values.byteswap()
    if not values:
        return torch.zeros(dims, dtype=dtype)
    return torch.frombuffer(values, dtype=dtype).reshape(dims)


def idx_dataset(images_path, labels_path):
    """An images file and a labels file, as Wiregrad pairs them."""
    images, labels = read_idx(images_path), read_idx(labels_path)
    if images.dim() == 3:
        images = images.unsqueeze(1)  # [n, h, w] greyscale: add the channel axis
    elif images.dim() not in (2, 4):
        raise ScriptError("%s: images need 2 to 4 dimensions, got %s" % (images_path, list(images.shape)))
    if images.dtype != torch.uint8:
        images = images.float()  # taken at face value, like ToTensor on float data
    if labels.dim() == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]
    if labels.dim() != 1 or labels.is_floating_point():
        raise ScriptError("%s: labels must be one integer per sample" % labels_path)
    if len(labels) != len(images):
        raise ScriptError("%s has %d images but %s has %d labels" % (images_path, len(images), labels_path, len(labels)))
    return Data(images, labels.long())
`;

export const CIFAR10_PY = String.raw`
CIFAR_RECORD = 1 + 3 * 32 * 32


def cifar10_file(path):
    """One CIFAR-10 binary file: records of a label byte and 3072 pixel bytes (R, G, B planes)."""
    with open(path, "rb") as f:
        raw = bytearray(f.read())
    if len(raw) % CIFAR_RECORD:
        raise ScriptError("%s: %d bytes is not a whole number of %d-byte CIFAR-10 records" % (path, len(raw), CIFAR_RECORD))
    if not raw:
        return Data(torch.zeros(0, 3, 32, 32, dtype=torch.uint8), torch.zeros(0, dtype=torch.long))
    records = torch.frombuffer(raw, dtype=torch.uint8).reshape(-1, CIFAR_RECORD)
    labels = records[:, 0].long()
    if len(labels) and int(labels.max()) > 9:
        raise ScriptError("%s: labels must be 0-9, found %d" % (path, int(labels.max())))
    return Data(records[:, 1:].reshape(-1, 3, 32, 32).clone(), labels)


def read_cifar10(folder):
    """The CIFAR-10 binary version: data_batch_1..5.bin (those present) and test_batch.bin."""
    train_files = [os.path.join(folder, "data_batch_%d.bin" % i) for i in range(1, 6)]
    test_file = os.path.join(folder, "test_batch.bin")
    parts = [cifar10_file(f) for f in train_files if os.path.exists(f)]
    if not parts and not os.path.exists(test_file):
        raise ScriptError("%s: no CIFAR-10 binary files here (expected data_batch_1.bin ... data_batch_5.bin and "
                        "test_batch.bin, from cifar-10-binary.tar.gz); pass --data FOLDER" % folder)
    if not parts:
        raise ScriptError("%s: no training files (data_batch_1.bin ... data_batch_5.bin)" % folder)
    train = Data(torch.cat([p.images for p in parts]), torch.cat([p.labels for p in parts]))
    return train, cifar10_file(test_file) if os.path.exists(test_file) else None
`;

export const RANDOM_PY = String.raw`
def random_dataset(count, shape, classes, seed):
    """Wiregrad's random data: uniform bytes and labels from its generator, so the same seed
    gives the same samples as "wiregrad train"."""
    rng = WiregradRng(seed)
    pixels, labels = rng.fork(0), rng.fork(1)
    n = count * math.prod(shape)
    words = array.array("I", pixels.u32s(n // 4))  # four pixels per draw, little-endian
    if sys.byteorder == "big":
        words.byteswap()
    data = bytearray(words.tobytes()) + bytearray(v & 0xFF for v in pixels.u32s(n % 4))
    images = torch.frombuffer(data, dtype=torch.uint8) if data else torch.zeros(0, dtype=torch.uint8)
    ys = torch.tensor([int(v / 4294967296 * classes) for v in labels.u32s(count)], dtype=torch.long)
    return Data(images.reshape(count, *shape), ys)
`;
