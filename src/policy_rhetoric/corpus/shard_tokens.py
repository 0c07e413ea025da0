"""Tokens of a shard of documents: one DocBin and one sentence table per shard, made document by
document with the per-document core of corpus.tokens (tokenize_segments), and read back one document
at a time (iter_documents)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from policy_rhetoric.core.tables import concat_tsv, read_tsv, write_tsv
from policy_rhetoric.corpus.tokens import (
    DOCBIN_ATTRS,
    SENTENCE_COLUMNS,
    load_pipeline,
    tokenize_segments,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

# spaCy is imported where it is used: gather_sentences, which only appends tables, never loads it.


def run_tokenize_shard(
    segments_tsv: str, docbin_out: str, sentences_out: str, *, en_model: str, zh_model: str
) -> None:
    """Rule tokenize_shard: one shard's segment table -> its kept Docs (one DocBin, documents in
    doc_id order) and its sentence table (sent_id counts from 0 in each document, as when documents
    are tokenized one by one). Only one document's Docs are held at a time besides the DocBin's
    compact arrays. Both files are written to a temporary name and renamed."""
    from spacy.tokens import DocBin

    segments = read_tsv(segments_tsv).to_dict("records")
    models = {"en": en_model, "zh": zh_model}
    docbin = DocBin(attrs=DOCBIN_ATTRS, store_user_data=True)
    sentences: list[tuple] = []
    for _, segs in groupby(segments, key=lambda seg: seg["doc_id"]):
        docs, rows = tokenize_segments(list(segs), models)
        for doc in docs:
            docbin.add(doc)
        sentences += rows
    docbin_out = Path(docbin_out)
    docbin_out.parent.mkdir(parents=True, exist_ok=True)
    tmp = docbin_out.with_name(f".{docbin_out.name}.tmp")
    try:
        tmp.write_bytes(docbin.to_bytes())
        os.replace(tmp, docbin_out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    write_tsv(sentences_out, sentences, SENTENCE_COLUMNS)


def iter_documents(docbins: Iterable[str | os.PathLike]) -> Iterator[tuple[str, list[Doc]]]:
    """(doc_id, that document's Docs) for every document of the DocBins, in the order kept (doc_id
    order within a shard; shards in the order given), one document at a time. A DocBin may hold one
    document (older per-document layout) or a shard of them."""
    from spacy.tokens import DocBin

    vocab = load_pipeline("en", "blank").vocab
    for path in docbins:
        docs = DocBin().from_bytes(Path(path).read_bytes()).get_docs(vocab)
        for doc_id, group in groupby(docs, key=lambda doc: doc.user_data["doc_id"]):
            yield doc_id, list(group)


def run_gather_sentences(tables: list[str], output: str) -> None:
    """Rule gather_sentences: the shards' sentence tables (in shard order) in one, by doc_id and
    sent_id, appended one table at a time (the shards' tokens are never read)."""
    concat_tsv(tables, output, SENTENCE_COLUMNS)
