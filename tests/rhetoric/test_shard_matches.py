"""The match step per shard finds exactly what it finds document by document."""

from __future__ import annotations

from conftest import ROOT

from policy_rhetoric.corpus.manifest import read_manifest
from policy_rhetoric.corpus.segments import run_segment_shard
from policy_rhetoric.corpus.shard_tokens import run_tokenize_shard
from policy_rhetoric.corpus.shards import assign_shards
from policy_rhetoric.rhetoric.match_table import read_matches
from policy_rhetoric.rhetoric.shard_matches import run_match_shard

LEXICONS = [
    str(ROOT / "config/lexicons/militarized.yaml"),
    str(ROOT / "config/lexicons/self_reliance.yaml"),
]


def test_shards_of_any_size_give_the_same_matches(tmp_path):
    rows = read_manifest(ROOT / "config/manifest.tsv", ROOT / "resources/corpus")
    source = {r.doc_id: r.source for r in rows}
    found = {}
    for size in (1, 3, 50):
        tables = []
        for shard, ids in assign_shards(source, size).items():
            prefix = tmp_path / f"{size}_{shard}"
            seg, docbin, sent, matches = (
                f"{prefix}.{x}" for x in ("seg.tsv", "spacy", "sent.tsv", "matches.tsv")
            )
            sources = [source[d] for d in ids]
            run_segment_shard(
                sources,
                seg,
                doc_ids=ids,
                annotations={},
                default_voices=dict.fromkeys(ids, "primary"),
            )
            run_tokenize_shard(seg, docbin, sent, en_model="blank", zh_model="blank")
            run_match_shard(docbin, sent, sources, LEXICONS, matches, doc_ids=ids)
            tables.append(matches)
        found[size] = read_matches(tables)
    assert len(found[1]) > 100
    assert found[3].equals(found[1]) and found[50].equals(found[1])
    assert sorted(set(found[1]["doc_id"])) == sorted(source)
