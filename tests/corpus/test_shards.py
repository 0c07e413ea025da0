"""Shards: the assignment of documents to shards, and the shard steps giving exactly what the
per-document steps give (segment and sentence tables byte for byte, the same Docs)."""

from __future__ import annotations

import pytest
import yaml
from conftest import ROOT

from policy_rhetoric.core.tables import concat_tsv, gather_tsv
from policy_rhetoric.corpus.manifest import read_manifest
from policy_rhetoric.corpus.segments import (
    SEGMENT_COLUMNS,
    run_describe_corpus,
    run_segment_document,
    run_segment_shard,
)
from policy_rhetoric.corpus.shard_tokens import (
    iter_documents,
    run_gather_sentences,
    run_tokenize_shard,
)
from policy_rhetoric.corpus.shards import assign_shards, shard_size
from policy_rhetoric.corpus.tokens import run_tokenize_document


@pytest.mark.parametrize(
    "n_docs,size,n_shards",
    [(1, 50, 1), (5, 50, 1), (50, 50, 1), (51, 50, 2), (148, 50, 3), (5000, 50, 100),
     (5001, 51, 99), (10000, 100, 100), (100000, 1000, 100)],
)  # fmt: skip
def test_auto_shard_size_keeps_small_corpora_whole_and_large_ones_at_100_shards(
    n_docs, size, n_shards
):
    assert shard_size(n_docs) == size
    assert len(assign_shards([f"d{i:06d}" for i in range(n_docs)])) == n_shards


def test_an_integer_sets_the_shard_size_and_anything_else_is_refused():
    assert shard_size(10000, 7) == 7
    for bad in (0, -1, "big", True, 2.5):
        with pytest.raises(ValueError, match="corpus.shard_size"):
            shard_size(10, bad)


def test_shards_are_contiguous_chunks_of_the_sorted_doc_ids():
    shards = assign_shards(["e", "a", "d", "c", "b"], 2)
    assert shards == {"000": ["a", "b"], "001": ["c", "d"], "002": ["e"]}
    assert assign_shards([], "auto") == {}
    names = list(assign_shards([f"d{i:05d}" for i in range(2000)], 1))
    assert names[:2] == ["0000", "0001"] and names == sorted(names) and len(names) == 2000


def test_concat_refuses_tables_out_of_order_and_writes_nothing(tmp_path):
    first, second = tmp_path / "1.tsv", tmp_path / "2.tsv"
    header = "\t".join(SEGMENT_COLUMNS) + "\n"
    first.write_text(header + "b\t0\t0\t1\tprimary\ten\tr\tx\n", encoding="utf-8")
    second.write_text(header + "a\t0\t0\t1\tprimary\ten\tr\ty\n", encoding="utf-8")
    out = tmp_path / "out.tsv"
    with pytest.raises(
        ValueError, match=r"2.tsv, line 2: row \(a, 0\) does not come after \(b, 0\)"
    ):
        concat_tsv([first, second], out, SEGMENT_COLUMNS)
    assert sorted(tmp_path.iterdir()) == [first, second]
    second.write_text("doc_id\tother\n", encoding="utf-8")
    with pytest.raises(ValueError, match="2.tsv: header is not doc_id/seg_id"):
        concat_tsv([first, second], out, SEGMENT_COLUMNS)
    assert not out.exists()


def test_shard_steps_give_what_the_per_document_steps_give_on_the_embedded_corpus(tmp_path):
    rows = read_manifest(ROOT / "config/manifest.tsv", ROOT / "resources/corpus")
    annotations = yaml.safe_load((ROOT / "config/voice_annotations.yaml").read_text("utf-8"))
    source = {r.doc_id: r.source for r in rows}
    models = {"en_model": "blank", "zh_model": "blank"}
    # per document, as the rules were before shards
    per_doc, docs_before = [], {}
    for doc_id in sorted(source):
        seg, docbin, sent = (tmp_path / f"{doc_id}.{x}" for x in ("seg.tsv", "spacy", "sent.tsv"))
        run_segment_document(source[doc_id], seg, doc_id=doc_id, annotation=annotations[doc_id])
        run_tokenize_document(seg, docbin, sent, **models)
        per_doc.append((seg, sent))
        docs_before.update(iter_documents([docbin]))
    gather_tsv([s for s, _ in per_doc], tmp_path / "segments_before.tsv", SEGMENT_COLUMNS)
    run_gather_sentences([s for _, s in per_doc], tmp_path / "sentences_before.tsv")
    # per shard of two documents
    shards = assign_shards(source, 2)
    assert list(shards) == ["000", "001", "002"]
    segs, sents, docbins = [], [], []
    for shard, ids in shards.items():
        seg, docbin, sent = (
            tmp_path / f"shard{shard}.{x}" for x in ("seg.tsv", "spacy", "sent.tsv")
        )
        run_segment_shard(
            [source[d] for d in ids],
            seg,
            doc_ids=ids,
            annotations={d: annotations[d] for d in ids},
            default_voices=dict.fromkeys(ids, "commentary"),
        )
        run_tokenize_shard(seg, docbin, sent, **models)
        segs.append(seg), sents.append(sent), docbins.append(docbin)
    run_describe_corpus(
        [r.meta for r in rows],
        [r.source for r in rows],
        segs,
        tmp_path / "documents.tsv",
        tmp_path / "segments_after.tsv",
        shards=shards,
        shards_out=tmp_path / "shards.tsv",
    )
    run_gather_sentences(sents, tmp_path / "sentences_after.tsv")
    for table in ("segments", "sentences"):
        before = (tmp_path / f"{table}_before.tsv").read_bytes()
        assert (tmp_path / f"{table}_after.tsv").read_bytes() == before, table
    assert (tmp_path / "shards.tsv").read_text("utf-8").splitlines()[1:3] == [
        "000_cast_speech\t000",
        "001_axios_congress\t000",
    ]
    docs_after = dict(iter_documents(docbins))
    assert list(docs_after) == sorted(source)
    for doc_id, docs in docs_after.items():
        before = docs_before[doc_id]
        assert [d.to_json() for d in docs] == [d.to_json() for d in before], doc_id
        assert [d.user_data for d in docs] == [d.user_data for d in before], doc_id
