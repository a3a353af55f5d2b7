/**
 * The Python training section: where it runs (CPU, GPUs, torchrun ranks), the weights file,
 * the loop with `wiregrad train`'s semantics and metrics records, evaluation, checkpoints.
 */

export const WEIGHTS_PY = String.raw`
def load_weights(path):
    """Wiregrad's weights: a JSON index and, beside it, the raw little-endian float32 values."""
    try:
        with open(path, encoding="utf-8") as f:
            index = json.load(f)
        values = array.array("f")
        with open(os.path.join(os.path.dirname(path), index["file"]), "rb") as f:
            values.frombytes(f.read())
    except (OSError, ValueError, KeyError) as e:
        raise ScriptError("cannot read the weights %s: %s" % (path, e))
    if index.get("format") != "wiregrad-weights" or len(values) != index["total"]:
        raise ScriptError("%s: not a Wiregrad weights index, or its values file does not match it" % path)
    if sys.byteorder == "big":
        values.byteswap()
    return (torch.frombuffer(values, dtype=torch.float32) if values else torch.zeros(0)), index


def wiregrad_init(index, seed):
    """The initial weights "wiregrad train --seed N" starts from: PyTorch's default init per
    tensor (uniform in +-bound, or a constant such as BatchNorm's ones), the uniform ones drawn
    from Wiregrad's generator in layout order; buffers start at their constants."""
    rng = WiregradRng(seed).fork(1)
    values = array.array("f")
    for t in sorted(index["tensors"], key=lambda t: t["offset"]):
        n, init = math.prod(t["shape"]), t["init"]
        if init["kind"] == "uniform" and t["kind"] == "param":
            b = init["bound"]
            values.extend(-b + (b + b) * (u / 4294967296) for u in rng.u32s(n))
        else:
            values.extend([init.get("value", 0.0)] * n)
    return torch.frombuffer(values, dtype=torch.float32) if values else torch.zeros(0)


def initial_state(path, seed, say):
    """The state_dict training starts from: the weights file, or Wiregrad's init for another seed."""
    flat, index = load_weights(path)
    if index["source"] == "initial" and index["seed"] != seed:
        say("initial weights for seed %d drawn as Wiregrad draws them (the file holds seed %d's)" % (seed, index["seed"]))
        flat = wiregrad_init(index, seed)
    return {t["key"]: flat[t["offset"]:t["offset"] + math.prod(t["shape"])].reshape(t["shape"]).clone()
            for t in index["tensors"] if t["key"]}
`;

export const RUNTIME_PY = String.raw`
class Runtime:
    """Where this process trains: the CPU, one GPU, several GPUs with DataParallel, or one
    rank of a torchrun job with DistributedDataParallel (gloo on the CPU, nccl on GPUs)."""

    def __init__(self, device):
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.gpus = []
        cuda = device.startswith("cuda")
        if cuda and not torch.cuda.is_available():
            raise ScriptError("--device %s: this PyTorch sees no CUDA GPU (torch.cuda.is_available() is False); use --device cpu" % device)
        if self.world > 1:
            self.device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0"))) if cuda else torch.device("cpu")
            if cuda:
                torch.cuda.set_device(self.device)
            dist.init_process_group("nccl" if cuda else "gloo")
        elif device == "cpu":
            self.device = torch.device("cpu")
        elif device in ("cuda", "cuda:all"):
            self.gpus = list(range(torch.cuda.device_count())) if device == "cuda:all" else [0]
        elif device.startswith("cuda:") and all(p.strip().isdigit() for p in device[5:].split(",")):
            self.gpus = [int(p) for p in device[5:].split(",")]
        else:
            raise ScriptError("--device must be cpu, cuda, cuda:N, cuda:0,1 or cuda:all, got %r" % device)
        if self.gpus:
            self.device = torch.device("cuda", self.gpus[0])
        self.label = "%d processes (%s)" % (self.world, "nccl" if cuda else "gloo") if self.world > 1 else \
            "GPUs %s (DataParallel)" % self.gpus if len(self.gpus) > 1 else str(self.device)

    def wrap(self, model):
        """The model as the training step calls it (DDP or DataParallel where they apply)."""
        model.to(self.device)
        if self.world > 1:
            if self.device.type == "cuda":
                # BatchNorm statistics over the global batch, as one process computes them (torch's
                # SyncBatchNorm needs GPUs; on the CPU each process normalises its own slice).
                nn.SyncBatchNorm.convert_sync_batchnorm(model)
            ids = [self.device.index] if self.device.type == "cuda" else None
            return nn.parallel.DistributedDataParallel(model, device_ids=ids)
        if len(self.gpus) > 1:
            return nn.DataParallel(model, device_ids=self.gpus)
        return model

    def total(self, *values):
        """Sums numbers over all processes (unchanged in a single process)."""
        if self.world == 1:
            return list(values)
        t = torch.tensor(values, dtype=torch.float64, device=self.device)
        dist.all_reduce(t)
        return t.tolist()

    def close(self):
        if self.world > 1 and dist.is_initialized():
            dist.destroy_process_group()


def evaluate(model, batches, run):
    """Mean loss and accuracy over a split; each process evaluates its slice of every batch."""
    model.eval()
    loss_sum, correct = 0.0, 0.0
    with torch.no_grad():
        for x, y, _ in batches.epoch(0, run.rank, run.world):
            if len(y):
                logits = model(x.to(run.device))
                y = y.to(run.device)
                loss_sum += compute_loss(logits, y).item() * len(y)
                correct += count_correct(logits, y) or 0
    loss_sum, correct = run.total(loss_sum, correct)
    n = len(batches.indices)
    return loss_sum / n, (correct / n if CLASSIFICATION else None)


class Metrics:
    """The JSON lines "wiregrad train --metrics" writes: one per step, one per epoch."""

    def __init__(self, path):
        self.file = open(path, "w", encoding="utf-8") if path else None

    def write(self, record):
        if self.file:
            self.file.write(json.dumps({k: v for k, v in record.items() if v is not None}, separators=(",", ":")) + "\n")
            self.file.flush()

    def close(self):
        if self.file:
            self.file.close()


def save_checkpoint(path, model, optimizer, epoch, step):
    """torch.save of model and optimizer state, written atomically (rank 0 only)."""
    tmp = "%s.%d.tmp" % (path, os.getpid())
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch, "step": step}, tmp)
    os.replace(tmp, path)
`;

export const TRAIN_PY = String.raw`
def default_options(**overrides):
    """The project's training settings; keyword arguments override them as the command line does."""
    options = types.SimpleNamespace(epochs=EPOCHS, steps=None, batch_size=BATCH_SIZE, seed=SEED, shuffle=SHUFFLE,
                                    data=None, metrics=None, device=DEVICE, checkpoint=None, weights=WEIGHTS,
                                    threads=None, quiet=False)
    for name, value in overrides.items():
        if not hasattr(options, name):
            raise TypeError("unknown option %r" % name)
        setattr(options, name, value)
    return options


def train(options):
    """Trains with "wiregrad train"'s semantics; returns the step losses and the epoch records."""
    run = Runtime(options.device)
    try:
        return train_on(run, options)
    finally:
        run.close()


def train_on(run, opt):
    say = (lambda *a: None) if opt.quiet or run.rank else (lambda *a: print(*a, flush=True))
    if opt.threads:
        torch.set_num_threads(opt.threads)
    torch.manual_seed(opt.seed)
    model = build_model()
    model.load_state_dict(initial_state(opt.weights, opt.seed, say))
    net = run.wrap(model)
    optimizer = make_optimizer(model.parameters())

    train_data, test_data = load_data(opt.data, opt.seed)
    if list(train_data.images.shape[1:]) != INPUT_SHAPE:
        raise ScriptError("the data's samples are %s but the model's Input is %s"
                          % ("x".join(map(str, train_data.images.shape[1:])), "x".join(map(str, INPUT_SHAPE))))
    n = len(train_data.labels)
    n_val = math.floor(n * VALIDATION_SPLIT + 0.5)  # the last samples of the file, as Wiregrad holds them out

    normalize = compute_normalization(train_data, range(n - n_val)) if NORMALIZE == "compute" else NORMALIZE

    def plain(data):
        return Transform(INPUT_SHAPE, data.images.dtype == torch.uint8, normalize)

    augment = Transform(INPUT_SHAPE, train_data.images.dtype == torch.uint8, normalize, AUGMENT)
    batches = Batches(train_data, range(n - n_val), opt.batch_size, augment, opt.shuffle, opt.seed)
    eval_size = max(opt.batch_size, 256)
    validation = Batches(train_data, range(n - n_val, n), eval_size, plain(train_data)) if n_val else None
    test = Batches(test_data, range(len(test_data.labels)), eval_size, plain(test_data)) if test_data else None

    per_epoch = len(batches)
    total = per_epoch * opt.epochs if opt.steps is None else min(per_epoch * opt.epochs, opt.steps)
    epochs = math.ceil(total / per_epoch)
    scheduler = make_scheduler(optimizer, total if SCHEDULE_INTERVAL == "step" else epochs)
    say("%s: %d parameters | %d training samples, %d steps per epoch, batch %d | %s"
        % (type(model).__name__, sum(p.numel() for p in model.parameters()), n - n_val, per_epoch, opt.batch_size, run.label))
    metrics = Metrics(opt.metrics if run.rank == 0 else None)
    history = {"step": [], "loss": [], "epochs": []}
    t0 = time.perf_counter()
    step = 0
    try:
        for epoch in range(1, epochs + 1):
            net.train()
            t_epoch = time.perf_counter()
            loss_sum, correct_sum, seen, data_wait = 0.0, 0.0, 0, 0.0
            epoch_batches = batches.epoch(epoch - 1, run.rank, run.world)
            while step < total:
                t_wait = time.perf_counter()
                batch = next(epoch_batches, None)  # batches are made here, so this is the time spent on data
                data_wait += time.perf_counter() - t_wait
                if batch is None:
                    break
                x, y, size = batch
                x, y = x.to(run.device), y.to(run.device)
                lr = optimizer.param_groups[0]["lr"]
                optimizer.zero_grad()
                logits = net(x)
                loss = compute_loss(logits, y) if len(y) else logits.sum() * 0.0
                # DDP averages gradients over processes; weighting each by its share of the
                # global batch makes that the gradient of the global batch's mean loss.
                share = len(y) * run.world / size
                (loss * share if share != 1 else loss).backward()
                if CLIP_GRAD_NORM:
                    nn.utils.clip_grad_norm_(model.parameters(), CLIP_GRAD_NORM)  # of the global batch's gradient
                optimizer.step()
                if scheduler is not None and SCHEDULE_INTERVAL == "step":
                    scheduler.step()
                batch_loss, batch_correct = run.total(loss.item() * len(y) / size if run.world > 1 else loss.item(),
                                                      count_correct(logits, y) or 0)
                step += 1
                seen += size
                loss_sum += batch_loss * size
                correct_sum += batch_correct
                history["step"].append(step)
                history["loss"].append(batch_loss)
                metrics.write({"kind": "step", "step": step, "epoch": epoch, "loss": batch_loss,
                               "accuracy": batch_correct / size if CLASSIFICATION else None,
                               "lr": lr, "elapsed_s": time.perf_counter() - t0})
            if seen == 0:
                break
            record = {"kind": "epoch", "epoch": epoch, "step": step, "train_loss": loss_sum / seen,
                      "train_accuracy": correct_sum / seen if CLASSIFICATION else None}
            if validation:
                record["val_loss"], record["val_accuracy"] = evaluate(model, validation, run)
            if test:
                record["test_loss"], record["test_accuracy"] = evaluate(model, test, run)
            record["lr"] = lr  # of the epoch's last step
            record["samples_per_s"] = seen / (time.perf_counter() - t_epoch)
            record["elapsedSec"] = time.perf_counter() - t0
            record["data_wait_s"] = data_wait
            metrics.write(record)
            history["epochs"].append(record)
            if scheduler is not None and SCHEDULE_INTERVAL == "epoch":
                if SCHEDULE_MONITOR:  # ReduceLROnPlateau: a validation metric falls back to its training twin
                    scheduler.step(record.get(SCHEDULE_MONITOR, record.get(SCHEDULE_MONITOR.replace("val_", "train_"))))
                else:
                    scheduler.step()
            say("epoch %d/%d: train loss %.4f%s%s | %.0f samples/s" % (
                epoch, epochs, record["train_loss"],
                "" if record.get("val_loss") is None else " | validation loss %.4f" % record["val_loss"],
                "" if record.get("test_loss") is None else " | test loss %.4f%s" % (
                    record["test_loss"], "" if record.get("test_accuracy") is None else ", accuracy %.2f%%" % (100 * record["test_accuracy"])),
                record["samples_per_s"]))
            if opt.checkpoint and run.rank == 0:
                save_checkpoint(opt.checkpoint, model, optimizer, epoch, step)
    finally:
        metrics.close()
    return history
`;

export const MAIN_PY = String.raw`
def positive(text):
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError("must be a positive integer, got %r" % text)
    return int(text)


def main(argv=None):
    d = default_options()
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="See the top of this file for torchrun.")
    p.add_argument("--epochs", type=positive, default=d.epochs, help="epochs (default %(default)s)")
    p.add_argument("--steps", type=positive, help="stop after this many optimizer steps in total")
    p.add_argument("--batch-size", type=positive, default=d.batch_size, help="global batch, split across torchrun processes (default %(default)s)")
    p.add_argument("--seed", type=int, default=d.seed, help="seed of shuffling, augmentation, random data and initial weights (default %(default)s)")
    p.add_argument("--no-shuffle", dest="shuffle", action="store_false", default=d.shuffle, help="batches in file order")
    p.add_argument("--data", help=DATA_HELP)
    p.add_argument("--metrics", metavar="FILE", help='JSON lines per step and per epoch, as "wiregrad train --metrics" writes')
    p.add_argument("--device", default=d.device, help="cpu | cuda | cuda:N | cuda:0,1 | cuda:all (DataParallel); under torchrun cpu (gloo) or cuda (nccl, one GPU per process) (default %(default)s)")
    p.add_argument("--checkpoint", metavar="FILE", help="save model and optimizer state here after every epoch (rank 0)")
    p.add_argument("--weights", default=d.weights, metavar="FILE", help="weights index to start from (default: the one beside this script)")
    p.add_argument("--threads", type=positive, help="torch.set_num_threads (torchrun sets OMP_NUM_THREADS=1 per process)")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    options = p.parse_args(argv)
    try:
        train(options)
    except ScriptError as e:
        print("%s: %s" % (os.path.basename(sys.argv[0]), e), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
`;
