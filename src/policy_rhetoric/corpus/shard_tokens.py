"""Tokens of a shard of documents: one DocBin and one sentence table per shard, made document by
document with the per-document core of corpus.tokens (document_tokens, over one nlp.pipe per
language for the whole shard: pipe_segments), and read back one document at a time
(iter_documents)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

import numpy
import srsly

from policy_rhetoric.core.tables import concat_tsv, read_tsv_records, write_tsv
from policy_rhetoric.corpus.tokens import (
    SENTENCE_COLUMNS,
    DocBinWriter,
    document_tokens,
    iter_docs_from_bytes,
    load_pipeline,
    pipe_segments,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

# spaCy is imported where it is used: gather_sentences, which only appends tables, never loads it.


def run_tokenize_shard(
    segments_tsv: str, docbin_out: str, sentences_out: str, *, en_model: str, zh_model: str
) -> None:
    """Rule tokenize_shard: one shard's segment table -> its kept Docs (one DocBin, documents in
    doc_id order) and its sentence table (sent_id counts from 0 in each document, as when documents
    are tokenized one by one). Only a batch of Docs (nlp.pipe's, which spans documents) and one
    document's are held at a time besides the DocBin's
    compact arrays. Both files are written to a temporary name and renamed."""
    segments = read_tsv_records(segments_tsv)
    models = {"en": en_model, "zh": zh_model}
    docbin = DocBinWriter()
    sentences: list[tuple] = []
    # the Docs are kept through their token tables only, so a blank pipeline's Docs are not annotated
    pairs_of = pipe_segments(segments, models, annotate=False)
    for _, pairs in groupby(pairs_of, key=lambda pair: pair[0]["doc_id"]):
        _, rows = document_tokens(list(pairs), docbin)
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
    """Tokens as arrays, straight from a DocBin without building Docs (what matching needs; the Docs
    of iter_documents have the same tokens and attributes): one document's (iter_token_tables) or a
    whole DocBin's (read_token_table; `doc_id` is then None and each segment's user data names its
    document).

    Per token: `orth`, `lower`, `lemma` (hashes in spaCy's StringStore), `sentence` (a number that
    grows by one at every sentence start, and at every segment's first token), `start` and `end`
    (character offsets into the source file of the token's document), `segment` (index into
    `segments`), `spaces` (a white space follows). Per segment (one kept Doc): `segments` (its
    user_data: doc_id, seg_id, offset, voice, lang) and `bounds` (its first and one-past-last token).
    `text(i)` is segment i's text as its Doc's `doc.text` gives it (built when asked: only Chinese
    segments need it)."""

    doc_id: str | None
    segments: list[dict]
    bounds: list[tuple[int, int]]
    orth: numpy.ndarray
    lower: numpy.ndarray
    lemma: numpy.ndarray
    sentence: numpy.ndarray
    start: numpy.ndarray
    end: numpy.ndarray
    segment: numpy.ndarray
    spaces: numpy.ndarray
    strings: dict[int, str]  # ORTH hash -> text, for every word of the tokens

    def text(self, i: int) -> str:
        first, last = self.bounds[i]
        strings = self.strings
        return "".join(
            strings[h] + " " if space else strings[h]
            for h, space in zip(
                self.orth[first:last].tolist(), self.spaces[first:last].tolist(), strict=True
            )
        )

    def documents(self) -> Iterator[TokenTable]:
        """One TokenTable per document (consecutive segments with one doc_id), in the order kept;
        its arrays are views of this table's."""
        members = range(len(self.segments))
        for doc_id, group in groupby(members, key=lambda i: self.segments[i]["doc_id"]):
            group = list(group)
            lo, hi = group[0], group[-1] + 1
            first, last = self.bounds[lo][0], self.bounds[hi - 1][1]
            part = slice(first, last)
            yield TokenTable(
                doc_id=doc_id,
                segments=self.segments[lo:hi],
                bounds=[(a - first, b - first) for a, b in self.bounds[lo:hi]],
                orth=self.orth[part],
                lower=self.lower[part],
                lemma=self.lemma[part],
                sentence=self.sentence[part],
                start=self.start[part],
                end=self.end[part],
                segment=self.segment[part] - lo,
                spaces=self.spaces[part],
                strings=self.strings,
            )


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
    yield from read_token_table(docbin).documents()


def read_token_table(docbin: str | os.PathLike) -> TokenTable:
    """One TokenTable of every document of a DocBin (one document or a shard of them), in the order
    kept: the word of each distinct hash is looked up once per DocBin, not once per document."""
    from isal import isal_zlib  # zlib's format, decompressed faster
    from spacy.attrs import LEMMA, ORTH, SENT_START
    from spacy.strings import get_string_id

    # DocBin.from_bytes's message, read as one array of every token (DocBin.from_bytes would cut it
    # into one array per Doc, which this would join again)
    msg = srsly.msgpack_loads(isal_zlib.decompress(Path(docbin).read_bytes()))
    attrs = list(msg["attrs"])
    strings = {get_string_id(s): s for s in msg["strings"]}  # symbols have their own ids
    cols = [attrs.index(a) for a in (ORTH, LEMMA, SENT_START)]
    unpacker = srsly.msgpack.Unpacker(raw=False, use_list=False)
    segments = []
    for data in msg["user_data"]:
        unpacker.feed(data)
        segments.append(unpacker.unpack())
    sizes = numpy.frombuffer(msg["lengths"], dtype="int32").astype(numpy.int64)
    edges = numpy.concatenate(([0], numpy.cumsum(sizes))).astype(numpy.int64)
    n = int(edges[-1])
    tokens = numpy.frombuffer(msg["tokens"], dtype=numpy.uint64).reshape((n, len(attrs)))
    spaces = numpy.frombuffer(msg["spaces"], dtype=bool)
    orth = tokens[:, cols[0]]
    distinct, inverse = numpy.unique(orth, return_inverse=True)
    inverse = inverse.ravel()
    _, lengths, lowers = (
        zip(*_WORDS.of(distinct, strings), strict=True) if len(distinct) else ((), (), ())
    )
    length = numpy.array(lengths, dtype=numpy.int64)[inverse]
    width = length + spaces
    # start of each token: its segment's offset + the widths of the segment's earlier tokens
    before = numpy.cumsum(width) - width
    segment = numpy.repeat(numpy.arange(len(sizes)), sizes)
    offsets = numpy.array([seg["offset"] for seg in segments], dtype=numpy.int64)
    start = offsets[segment] + before - before[edges[:-1][segment]] if n else before
    first_of_segment = numpy.zeros(n, dtype=bool)
    first_of_segment[edges[:-1][numpy.array(sizes, dtype=numpy.int64) > 0]] = True
    return TokenTable(
        doc_id=None,
        segments=segments,
        bounds=list(zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True)),
        orth=orth,
        lower=numpy.array(lowers, dtype=numpy.uint64)[inverse],
        lemma=tokens[:, cols[1]],
        sentence=numpy.cumsum((tokens[:, cols[2]] == 1) | first_of_segment),
        start=start,
        end=start + length,
        segment=segment,
        spaces=spaces,
        strings=strings,
    )
