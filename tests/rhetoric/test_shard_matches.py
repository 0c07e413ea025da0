"""The match step per shard finds exactly what it finds document by document."""

from __future__ import annotations

from conftest import ROOT, tokenize_embedded_shard

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


def test_token_arrays_find_what_the_docs_find(tmp_path):
    """score_token_table (the shard rule's path, no Doc rebuilt) gives score_document's rows (the
    per-document path, on Docs) for every document of the embedded corpus, under both lexicon sets,
    and its arrays are the Docs' own (LOWER, LEMMA, offsets, text)."""
    from spacy.attrs import LEMMA, LOWER, ORTH

    from policy_rhetoric.core.tables import read_tsv
    from policy_rhetoric.core.text import raw_text
    from policy_rhetoric.corpus.shard_tokens import iter_documents, iter_token_tables
    from policy_rhetoric.corpus.tokens import load_pipeline
    from policy_rhetoric.rhetoric.lexicon import load_lexicons
    from policy_rhetoric.rhetoric.matching import RhetoricMatcher, score_document, score_token_table

    source, _, docbin, sent = tokenize_embedded_shard(tmp_path)
    ids = sorted(source)
    sentences = read_tsv(sent)
    docs = dict(iter_documents([docbin]))
    tables = list(iter_token_tables(docbin))
    assert [t.doc_id for t in tables] == ids
    v1 = [str(ROOT / "config/lexicons/v1" / p) for p in ("militarized.yaml", "self_reliance.yaml")]
    langs = set()
    for paths in (LEXICONS, v1):
        matcher = RhetoricMatcher(load_lexicons(paths), load_pipeline("en"))
        total = 0
        for table in tables:
            part = sentences[sentences["doc_id"] == table.doc_id]
            text = raw_text(source[table.doc_id])
            expected = score_document(docs[table.doc_id], part, matcher, text)
            assert score_token_table(table, part, matcher, text) == expected, table.doc_id
            total += len(expected)
            langs |= {row[-1] for row in expected}
        assert total > 100
    assert langs == {"en", "zh"}
    for table in tables:
        kept = docs[table.doc_id]
        arrays = [d.to_array([ORTH, LOWER, LEMMA]) for d in kept if len(d)]
        assert (table.orth == [a for x in arrays for a in x[:, 0]]).all()
        assert (table.lower == [a for x in arrays for a in x[:, 1]]).all()
        assert (table.lemma == [a for x in arrays for a in x[:, 2]]).all()
        starts = [d.user_data["offset"] + t.idx for d in kept for t in d]
        assert table.start.tolist() == starts
        assert [table.text(i) for i in range(len(kept))] == [d.text for d in kept]


def test_an_exclusion_vetoes_only_in_its_own_document(tmp_path):
    """Documents of one shard are matched together, and their offsets are each their own: an
    exclusion at the same characters of another document must not veto a match (epidemic
    containment is vetoed in a.txt; containment of China at the same offsets of b.txt counts)."""
    texts = {
        "a": "Containment measures for the epidemic worked.\n",
        "b": "Containment strategies against China failed.\n",
        "c": "Containment measures for the epidemic failed.\n",
    }
    sources = []
    for doc_id, text in texts.items():
        path = tmp_path / f"{doc_id}.txt"
        path.write_text(text, encoding="utf-8")
        sources.append(str(path))
    ids = list(texts)
    seg, docbin, sent, out = (str(tmp_path / x) for x in ("seg", "spacy", "sent", "matches"))
    run_segment_shard(
        sources, seg, doc_ids=ids, annotations={}, default_voices=dict.fromkeys(ids, "primary")
    )
    run_tokenize_shard(seg, docbin, sent, en_model="blank", zh_model="blank")
    run_match_shard(docbin, sent, sources, LEXICONS, out, doc_ids=ids)
    found = read_matches([out])
    contained = found[found["term"] == "containment"]
    assert contained[["doc_id", "start_char", "end_char", "matched_text"]].values.tolist() == [
        ["b", 0, 11, "Containment"]
    ]
