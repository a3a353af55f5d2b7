/**
 * The Python batch pipeline: Wiregrad's transforms (core/data/transforms.ts) and batch
 * order (core/data/loader.ts) computed the way Wiregrad computes them, so a script run sees
 * the same input tensors, bit for bit, as `wiregrad train` with the same seed.
 */
export const BATCHES_PY = String.raw`
OFF = 1 << 20  # keeps coordinates positive while rounding, as Wiregrad does


def snap(v):
    """cos/sin of multiples of 90 degrees made exact (cos(pi/2) is 6e-17, not 0)."""
    r = math.floor(v + 0.5)
    return r if abs(v - r) < 1e-12 else v


class Transform:
    """ToTensor and Normalize, after RandomHorizontalFlip and RandomRotation when the project
    augments: Wiregrad's per-sample pipeline. Pixels get one float64 multiply-add each,
    rounded once to float32; rotation turns about the image centre, counter-clockwise for
    positive angles, with nearest-neighbour sampling (ties to even) and fill 0.

    With RandomResizedCrop, RandomCrop, ColorJitter or RandomErasing on, the whole pipeline
    is torchvision.transforms instead (torchvision_augmentation): the same operations and
    parameters in Wiregrad's order, but torch's random numbers, so its draws (not its
    distribution) differ from Wiregrad's. Each sample gets its own seed from Wiregrad's
    generator, so a run is reproducible and the same for any number of torchrun processes."""

    def __init__(self, sample_shape, uint8, normalize, augment=None):
        shape = list(sample_shape)
        # [C, H, W]; [H, W] one channel; [D] a feature vector: D channels of one element (normalised per feature).
        self.c, self.h, self.w = shape if len(shape) == 3 else [1] + shape if len(shape) == 2 else shape + [1, 1]
        mean = normalize["mean"] if normalize else [0.0]
        std = normalize["std"] if normalize else [1.0]
        if len(mean) not in (1, self.c) or len(std) not in (1, self.c):
            raise ScriptError("normalize: need 1 or %d mean/std values, got %d/%d" % (self.c, len(mean), len(std)))
        pick = lambda v, i: v[0] if len(v) == 1 else v[i]  # noqa: E731 (one value serves all channels)
        unit = 1 / 255 if uint8 else 1.0  # ToTensor scales bytes to [0, 1]
        self.scale = torch.tensor([unit / pick(std, i) for i in range(self.c)], dtype=torch.float64).view(1, -1, 1)
        self.shift = torch.tensor([-pick(mean, i) / pick(std, i) for i in range(self.c)], dtype=torch.float64).view(1, -1, 1)
        augment = augment or {}
        self.hflip, self.rotation = augment.get("hflip", 0.0), augment.get("rotation", 0.0)
        self.pipeline = torchvision_augmentation(augment, (self.h, self.w), uint8, mean, std) if needs_torchvision(augment) else None
        self.augments = self.hflip > 0 or self.rotation > 0 or self.pipeline is not None

    def draw(self, rng):
        """One sample's augmentation, in torchvision's order: the flip coin, then the angle (or
        with torchvision's pipeline, the sample's seed for it)."""
        if self.pipeline is not None:
            return rng.u32s(1)[0]
        flip = rng.next() < self.hflip if self.hflip > 0 else False
        angle = rng.uniform(-self.rotation, self.rotation) if self.rotation > 0 else 0.0
        return flip, angle

    def __call__(self, raw, augment=None):
        """[B, *sample_shape] raw samples (uint8 or float) -> float32 model inputs."""
        b = raw.shape[0]
        if self.pipeline is not None and augment:
            return self.torchvision(raw, augment)
        x = raw.reshape(b, self.c, self.h * self.w).double()
        if augment and b:
            index = self.source_maps(augment).unsqueeze(1).expand(b, self.c, self.h * self.w)
            x = torch.cat([x, x.new_zeros(b, self.c, 1)], 2).gather(2, index)  # the extra pixel is the fill
        return (x * self.scale + self.shift).float().reshape(raw.shape)

    def torchvision(self, raw, seeds):
        """The torchvision pipeline per sample, each under its own seed; torch's global random
        state (Dropout's) is left as it was."""
        images = raw.reshape(len(seeds), self.c, self.h, self.w)
        with torch.random.fork_rng(devices=[]):
            out = []
            for seed, image in zip(seeds, images):
                torch.default_generator.manual_seed(seed)
                out.append(self.pipeline(image))
        return torch.stack(out).reshape(raw.shape)

    def source_maps(self, augment):
        """[B, h*w]: for each output pixel the input pixel of rotate(hflip(image), angle); h*w = fill."""
        h, w = self.h, self.w
        rad = [(angle * math.pi) / 180 for _, angle in augment]
        cos = torch.tensor([snap(math.cos(r)) for r in rad], dtype=torch.float64).view(-1, 1, 1)
        sin = torch.tensor([snap(math.sin(r)) for r in rad], dtype=torch.float64).view(-1, 1, 1)
        flip = torch.tensor([f for f, _ in augment]).view(-1, 1, 1)
        cx, cy = (w - 1) / 2, (h - 1) / 2
        dy = (torch.arange(h, dtype=torch.float64) - cy).view(1, h, 1)
        # Wiregrad walks each row adding (cos, sin) per pixel; cumsum adds in the same order.
        sx = torch.cat([-cx * cos - dy * sin + cx + OFF + 0.5, cos.expand(-1, h, w - 1)], 2).cumsum(2)
        sy = torch.cat([-cx * sin + dy * cos + cy + OFF + 0.5, sin.expand(-1, h, w - 1)], 2).cumsum(2)
        ix, iy = round_half_even(sx) - OFF, round_half_even(sy) - OFF
        inside = (ix >= 0) & (ix < w) & (iy >= 0) & (iy < h)
        source = iy * w + torch.where(flip, w - 1 - ix, ix)
        return torch.where(inside, source, torch.full_like(source, h * w)).reshape(len(augment), h * w)


def needs_torchvision(augment):
    """Whether the project uses augmentations that only torchvision's pipeline reproduces."""
    jitter = augment.get("color_jitter") or {}
    return bool(augment.get("random_resized_crop") or (augment.get("random_crop") or {}).get("padding", 0) > 0
                or any(jitter.get(k, 0) > 0 for k in ("brightness", "contrast", "saturation"))
                or (augment.get("random_erasing") or {}).get("p", 0) > 0)


def torchvision_augmentation(augment, size, uint8, mean, std):
    """Wiregrad's augmentation as torchvision.transforms on [C, H, W] tensors, in its order:
    RandomResizedCrop -> RandomCrop(padding) -> RandomHorizontalFlip -> RandomRotation ->
    ToTensor -> ColorJitter -> Normalize -> RandomErasing (each only when on)."""
    import torchvision.transforms as T  # only scripts with these augmentations need torchvision

    ops = []
    crop, pad = augment.get("random_resized_crop"), (augment.get("random_crop") or {}).get("padding", 0)
    if crop:  # bilinear without antialiasing, as Wiregrad resamples the crop
        ops.append(T.RandomResizedCrop(size, scale=tuple(crop["scale"]), ratio=tuple(crop["ratio"]), antialias=False))
    if pad > 0:
        ops.append(T.RandomCrop(size, padding=pad))
    if augment.get("hflip", 0) > 0:
        ops.append(T.RandomHorizontalFlip(augment["hflip"]))
    if augment.get("rotation", 0) > 0:
        ops.append(T.RandomRotation(augment["rotation"]))  # nearest neighbour, fill 0
    if uint8:
        ops.append(T.ConvertImageDtype(torch.float32))  # ToTensor's scaling to [0, 1]
    jitter = augment.get("color_jitter") or {}
    if any(jitter.get(k, 0) > 0 for k in ("brightness", "contrast", "saturation")):
        ops.append(T.ColorJitter(brightness=jitter["brightness"], contrast=jitter["contrast"], saturation=jitter["saturation"]))
    ops.append(T.Normalize(mean, std))
    erasing = augment.get("random_erasing") or {}
    if erasing.get("p", 0) > 0:
        ops.append(T.RandomErasing(erasing["p"], scale=tuple(erasing["scale"]), ratio=tuple(erasing["ratio"]), value=erasing["value"]))
    return T.Compose(ops)


def compute_normalization(data, indices):
    """NORMALIZE = "compute": mean and population std per channel over the training samples, in
    [0, 1] units for bytes; a constant channel keeps std 1 (as Wiregrad and sklearn do)."""
    x = data.images[torch.tensor(list(indices), dtype=torch.long)].double()
    c = x.shape[1] if x.dim() != 3 else 1
    x = x.reshape(len(x), c, -1).transpose(0, 1).reshape(c, -1)
    unit = 1 / 255 if data.images.dtype == torch.uint8 else 1.0
    m = x.mean(1)
    var = ((x * x).mean(1) - m * m).clamp(min=0)
    std = [math.sqrt(v) * unit if v > 1e-12 * max(1.0, mi * mi) else 1.0 for v, mi in zip(var.tolist(), m.tolist())]
    return {"mean": [mi * unit for mi in m.tolist()], "std": std}


def round_half_even(v):
    """floor(v) of v = coordinate + 0.5, an exact tie going to the even neighbour (grid_sample's rounding)."""
    f = torch.floor(v)
    return (f - ((f == v) & (torch.remainder(f, 2) == 1)).double()).long()


def shard(n, rank, world):
    """This process's slice [lo, hi) of a global batch of n samples; slice sizes differ by at most one."""
    base, extra = divmod(n, world)
    lo = rank * base + min(rank, extra)
    return lo, lo + base + (1 if rank < extra else 0)


class Batches:
    """The batches of an epoch as Wiregrad makes them: file order, or with shuffle a
    permutation drawn from (seed, epoch); augmentation drawn per sample in batch order from a
    second (seed, epoch) stream; the last short batch kept (DataLoader's drop_last=False).
    Every process of a distributed run walks the same global batches and keeps its slice."""

    def __init__(self, data, indices, batch_size, transform, shuffle=False, seed=0):
        self.data, self.indices, self.batch_size = data, list(indices), batch_size
        self.transform, self.shuffle, self.seed = transform, shuffle, seed

    def __len__(self):
        return math.ceil(len(self.indices) / self.batch_size)

    def epoch(self, e, rank=0, world=1):
        """Yields (x, y, global batch size) for epoch e (0-based), this process's slice of each batch."""
        order = list(self.indices)
        if self.shuffle:
            WiregradRng(self.seed).fork(e).fork(0).shuffle(order)
        aug_rng = WiregradRng(self.seed).fork(e).fork(1) if self.transform.augments else None
        for start in range(0, len(order), self.batch_size):
            batch = order[start:start + self.batch_size]
            augment = [self.transform.draw(aug_rng) for _ in batch] if aug_rng else None
            lo, hi = shard(len(batch), rank, world)
            index = torch.tensor(batch[lo:hi], dtype=torch.long)
            yield self.transform(self.data.images[index], augment and augment[lo:hi]), self.data.labels[index], len(batch)
`;
