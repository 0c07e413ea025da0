"""Random streams: permutations drawn in blocks are the draws of one whole matrix."""

from __future__ import annotations

import numpy as np
import pytest

from policy_rhetoric.core.rng import permuted_rows


@pytest.mark.parametrize("max_values", [1, 7, 40, 1 << 22])
def test_blocks_of_permuted_rows_are_the_rows_of_one_permuted_matrix(max_values):
    values = (np.arange(13) % 4 == 0).astype(np.float64)
    whole_rng, block_rng = np.random.default_rng(11), np.random.default_rng(11)
    whole = whole_rng.permuted(np.tile(values, (50, 1)), axis=1)
    blocks = list(permuted_rows(block_rng, values, 50, max_values=max_values))
    assert np.array_equal(np.concatenate(blocks), whole)
    assert max(len(b) for b in blocks) == min(50, max(1, max_values // 13))
    # the generator is left where the whole matrix leaves it
    assert block_rng.random() == whole_rng.random()


def test_no_permutations_give_no_block():
    assert list(permuted_rows(np.random.default_rng(1), [1.0, 0.0], 0)) == []
