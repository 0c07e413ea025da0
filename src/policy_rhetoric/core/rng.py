"""Random streams: one generator per table cell, so a cell's interval does not depend on table order."""

from __future__ import annotations

import zlib

import numpy as np


def cell_rng(seed: int, *key: object) -> np.random.Generator:
    """A generator for one table cell: depends only on the seed and the cell's key."""
    return np.random.default_rng([int(seed), zlib.crc32("\x1f".join(map(str, key)).encode())])
