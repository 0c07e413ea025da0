"""Tokens of a shard of documents: one DocBin and one sentence table per shard, made document by
document with the per-document core of corpus.tokens (tokenize_segments), and read back one document
at a time (iter_documents)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

import numpy
import srsly

from policy_rhetoric.core.tables import concat_tsv, read_tsv, write_tsv
from policy_rhetoric.corpus.tokens import (
    SENTENCE_COLUMNS,
    DocBinWriter,
    iter_docs_from_bytes,
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
    segments = read_tsv(segments_tsv).to_dict("records")
    models = {"en": en_model, "zh": zh_model}
    docbin = DocBinWriter()
    sentences: list[tuple] = []
    for _, segs in groupby(segments, key=lambda seg: seg["doc_id"]):
        _, rows = tokenize_segments(list(segs), models, docbin)
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
    vocab = load_pipeline("en", "blank").vocab
    for path in docbins:
        docs = iter_docs_from_bytes(Path(path).read_bytes(), vocab)
        for doc_id, group in groupby(docs, key=lambda doc: doc.user_data["doc_id"]):
            yield doc_id, list(group)


def run_gather_sentences(tables: list[str], output: str) -> None:
    """Rule gather_sentences: the shards' sentence tables (in shard order) in one, by doc_id and
    sent_id, appended one table at a time (the shards' tokens are never read)."""
    concat_tsv(tables, output, SENTENCE_COLUMNS)


@dataclass
class TokenTable:
    """One document's tokens as arrays, straight from a DocBin without building Docs (what matching
    needs; the Docs of iter_documents have the same tokens and attributes).

    Per token: `orth`, `lower`, `lemma` (hashes in spaCy's StringStore), `sentence` (a number that
    grows by one at every sentence start, and at every segment's first token), `start` and `end`
    (character offsets into the source file), `segment` (index into `segments`). Per segment (one
    kept Doc): `segments` (its user_data: seg_id, offset, voice, lang) and `bounds` (its first and
    one-past-last token). `text(i)` is segment i's text as its Doc's `doc.text` gives it."""

    doc_id: str
    segments: list[dict]
    bounds: list[tuple[int, int]]
    orth: numpy.ndarray
    lower: numpy.ndarray
    lemma: numpy.ndarray
    sentence: numpy.ndarray
    start: numpy.ndarray
    end: numpy.ndarray
    segment: numpy.ndarray
    words: numpy.ndarray  # each token's text followed by its trailing space, if any (object array)

    def text(self, i: int) -> str:
        first, last = self.bounds[i]
        return "".join(self.words[first:last].tolist())


class _Words:
    """Per distinct ORTH hash of the process: (text, length, LOWER hash)."""

    def __init__(self):
        self.known: dict[int, tuple[str, int, int]] = {}

    def of(self, hashes: numpy.ndarray, strings: dict[int, str]) -> list[tuple[str, int, int]]:
        from spacy.strings import get_string_id

        known, out = self.known, []
        for h in hashes.tolist():
            value = known.get(h)
            if value is None:
                text = strings[h]
                value = known[h] = (text, len(text), get_string_id(text.lower()))
            out.append(value)
        return out


_WORDS = _Words()


def iter_token_tables(docbin: str | os.PathLike) -> Iterator[TokenTable]:
    """A TokenTable per document of a DocBin (one document or a shard of them), in the order kept."""
    from spacy.attrs import LEMMA, ORTH, SENT_START
    from spacy.strings import get_string_id
    from spacy.tokens import DocBin

    binned = DocBin().from_bytes(Path(docbin).read_bytes())
    strings = {get_string_id(s): s for s in binned.strings}  # symbols have their own ids
    cols = [binned.attrs.index(a) for a in (ORTH, LEMMA, SENT_START)]
    unpacker = srsly.msgpack.Unpacker(raw=False, use_list=False)
    user_data = []
    for data in binned.user_data:
        unpacker.feed(data)
        user_data.append(unpacker.unpack())
    n_docs = len(binned.tokens)
    for doc_id, group in groupby(range(n_docs), key=lambda i: user_data[i]["doc_id"]):
        members = list(group)
        sizes = [len(binned.tokens[i]) for i in members]
        edges = numpy.concatenate(([0], numpy.cumsum(sizes))).astype(numpy.int64)
        bounds = list(zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True))
        n = int(edges[-1])
        if n:
            tokens = numpy.concatenate([binned.tokens[i] for i in members])
            spaces = numpy.concatenate([binned.spaces[i] for i in members]).ravel()
        else:
            tokens = numpy.zeros((0, len(binned.attrs)), dtype=numpy.uint64)
            spaces = numpy.zeros(0, dtype=bool)
        orth = tokens[:, cols[0]]
        distinct, inverse = numpy.unique(orth, return_inverse=True)
        inverse = inverse.ravel()
        texts, lengths, lowers = (
            zip(*_WORDS.of(distinct, strings), strict=True) if len(distinct) else ((), (), ())
        )
        length = numpy.array(lengths, dtype=numpy.int64)[inverse]
        words = numpy.array(texts, dtype=object)[inverse] if n else numpy.zeros(0, dtype=object)
        if spaces.any():
            words[spaces] = words[spaces] + " "
        width = length + spaces
        # start of each token: its segment's offset + the widths of the segment's earlier tokens
        before = numpy.cumsum(width) - width
        segment = numpy.repeat(numpy.arange(len(members)), sizes)
        offsets = numpy.array([user_data[i]["offset"] for i in members], dtype=numpy.int64)
        seg_first = edges[:-1][segment]
        start = offsets[segment] + before - before[seg_first] if n else before
        first_of_segment = numpy.zeros(n, dtype=bool)
        first_of_segment[edges[:-1][numpy.array(sizes) > 0]] = True
        sentence = numpy.cumsum((tokens[:, cols[2]] == 1) | first_of_segment)
        yield TokenTable(
            doc_id=doc_id,
            segments=[user_data[i] for i in members],
            bounds=bounds,
            orth=orth,
            lower=numpy.array(lowers, dtype=numpy.uint64)[inverse],
            lemma=tokens[:, cols[1]],
            sentence=sentence,
            start=start,
            end=start + length,
            segment=segment,
            words=words,
        )
