"""Shards: the per-document steps (segment, tokenize, match) run over shards of documents, so a corpus
of 10,000 documents makes a few hundred jobs, not 30,000.

Shards are contiguous chunks of the doc_ids in sorted order, so the assignment depends only on the
manifest's doc_ids and the shard size; `corpus/shards.tsv` (SHARD_COLUMNS) says where each document went.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable

from policy_rhetoric.core.tables import write_tsv

SHARD_COLUMNS = ("doc_id", "shard")
# corpus.shard_size: auto: AUTO_DOCS_PER_SHARD documents per shard, more when that would make more than
# AUTO_MAX_SHARDS shards (50 per shard up to 5,000 documents, then 100 shards)
AUTO_DOCS_PER_SHARD = 50
AUTO_MAX_SHARDS = 100


def shard_size(n_docs: int, setting: int | str = "auto") -> int:
    """Documents per shard: `setting` when an integer, else from the number of documents (auto)."""
    if setting == "auto":
        return max(AUTO_DOCS_PER_SHARD, math.ceil(n_docs / AUTO_MAX_SHARDS))
    if isinstance(setting, bool) or not isinstance(setting, int) or setting < 1:
        raise ValueError(f"corpus.shard_size must be auto or an integer >= 1, not {setting!r}")
    return setting


def assign_shards(doc_ids: Iterable[str], setting: int | str = "auto") -> dict[str, list[str]]:
    """Shard name -> its doc_ids: the sorted doc_ids cut in contiguous chunks of shard_size().

    Names are zero-padded numbers from 0 (at least three digits), so they sort in shard order."""
    ids = sorted(doc_ids)
    size = shard_size(len(ids), setting)
    n_shards = math.ceil(len(ids) / size)
    width = max(3, len(str(n_shards - 1)))
    return {f"{i:0{width}d}": ids[i * size : (i + 1) * size] for i in range(n_shards)}


def write_shard_table(path: str | os.PathLike, shards: dict[str, list[str]]) -> None:
    """corpus/shards.tsv: one row per document (SHARD_COLUMNS), by doc_id."""
    rows = [(doc_id, shard) for shard, ids in shards.items() for doc_id in ids]
    write_tsv(path, rows, SHARD_COLUMNS, sort_by=("doc_id",))
