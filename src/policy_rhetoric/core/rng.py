"""Random streams: one generator per table cell, so a cell's interval does not depend on table order."""

from __future__ import annotations

import zlib

import numpy as np


def cell_rng(seed: int, *key: object) -> np.random.Generator:
    """A generator for one table cell: depends only on the seed and the cell's key."""
    return np.random.default_rng([int(seed), zlib.crc32("\x1f".join(map(str, key)).encode())])


# values per block of permuted_rows: 2^19 float64 labels are 4 MB (the permutation tests of
# comparisons, inference and cooccurrence hold a few arrays of a block's size)
PERMUTATION_BLOCK = 1 << 19


def permuted_rows(
    rng: np.random.Generator, values, permutations: int, *, max_values: int = PERMUTATION_BLOCK
):
    """The rows of `rng.permuted(np.tile(values, (permutations, 1)), axis=1)` in blocks of rows (each
    block at most `max_values` values, at least one row): the same draws in the same order, and `rng`
    left in the same state, without holding permutations x len(values) values at once (memory stays
    flat as a corpus grows)."""
    values = np.asarray(values)
    step = max(1, max_values // max(1, values.size))
    for start in range(0, permutations, step):
        yield rng.permuted(np.tile(values, (min(step, permutations - start), 1)), axis=1)
