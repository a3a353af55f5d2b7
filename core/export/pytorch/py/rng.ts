/**
 * Wiregrad's random generator (core/util/rng.ts) in Python, draw for draw: with it the
 * script shuffles, augments, makes random data and draws initial weights exactly as
 * `wiregrad train` does for the same seed. Plain Python integers, no numpy.
 */
export const RNG_PY = String.raw`
U32 = 0xFFFFFFFF


class WiregradRng:
    """xoshiro128** seeded through splitmix32, as in Wiregrad's core/util/rng.ts.

    Not needed to train a PyTorch model; it makes this script's shuffling, augmentation and
    random data the same as Wiregrad's for the same seed, so the two can be compared step
    by step."""

    def __init__(self, seed):
        x = seed & U32
        state = []
        for _ in range(4):
            x = (x + 0x9E3779B9) & U32
            z = ((x ^ (x >> 16)) * 0x85EBCA6B) & U32
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & U32
            state.append(z ^ (z >> 16))
        self.state = state

    def u32s(self, n):
        """The next n uniform 32-bit integers."""
        s0, s1, s2, s3 = self.state
        out = [0] * n
        for i in range(n):
            r = (s1 * 5) & U32
            out[i] = (((r << 7) | (r >> 25)) * 9) & U32
            t = (s1 << 9) & U32
            s2 ^= s0
            s3 ^= s1
            s1 ^= s2
            s0 ^= s3
            s2 ^= t
            s3 = ((s3 << 11) | (s3 >> 21)) & U32
        self.state = [s0, s1, s2, s3]
        return out

    def next(self):
        """Uniform in [0, 1)."""
        return self.u32s(1)[0] / 4294967296

    def uniform(self, lo, hi):
        return lo + (hi - lo) * self.next()

    def below(self, n):
        """Uniform integer in [0, n)."""
        return int(self.next() * n)

    def fork(self, label):
        """An independent stream (Wiregrad forks one per purpose: init, shuffle, augmentation)."""
        return WiregradRng(self.u32s(1)[0] ^ (((label + 1) * 0x9E3779B1) & U32))

    def shuffle(self, items):
        """In-place Fisher-Yates, the same permutation Wiregrad draws."""
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]
        return items
`;
