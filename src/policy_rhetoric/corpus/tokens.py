"""Corpus stage, tokens: spaCy Docs per segment, sentences with offsets into the source file.

Defaults run on what installs from the package registries: English is spacy.blank("en") with the
rule-based sentencizer and lowercase lookup lemmas (spacy-lookups-data); Chinese is spacy.blank("zh")
with the jieba segmenter and the sentencizer. A trained pipeline named in the config is used when
installed (and is an error when not), with its lemmas lowercased so lexicon patterns match either way.
"""

from __future__ import annotations

import logging
import os
import zlib
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.tables import gather_tsv, read_tsv, write_tsv
from policy_rhetoric.corpus.lemmas import lemma_table

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SENTENCE_COLUMNS = (
    "doc_id",
    "sent_id",
    "start_char",
    "end_char",
    "voice",
    "lang",
    "n_tokens",
    "text",
)
DOCBIN_ATTRS = ["ORTH", "LEMMA", "SPACY", "SENT_START", "NORM"]


# spaCy is imported where it is used, not when this module is: the workflow imports the package when
# it loads (common.smk), and a rerun with nothing to do should not pay for importing spaCy. So is srsly
# (0.07 CPU-s): the jobs that import this module only for SENTENCE_COLUMNS read no token file.


def _make_lookup_lemmatizer(nlp: Language, name: str):
    """Lemma = lookup table entry of the lowercased word (the table itself is case-sensitive)."""
    table = lemma_table()
    strings = nlp.vocab.strings

    def lemma_of(lower: str) -> int:
        lower = lower.replace("\u2019", "'")
        return strings.add(table.get(lower, lower))

    return _SentencesAndLemmas(nlp.vocab, lemma_of)


def _make_lowercase_sentencizer(nlp: Language, name: str):
    """Lemma = the word lowercased (curly apostrophes straight), for a pipeline without lemmas."""
    strings = nlp.vocab.strings
    return _SentencesAndLemmas(nlp.vocab, lambda lower: strings.add(lower.replace("\u2019", "'")))


def _lowercase_lemmas(doc: Doc) -> Doc:
    """The lemma (the word where there is none) lowercased, curly apostrophes straight."""
    return _lowercase(doc)


class _SentencesAndLemmas:
    """spaCy's Sentencizer (default punctuation) and a lemma per word in one pass over token arrays.

    Sentence starts are the Sentencizer's, computed from arrays instead of Token objects: the first
    token, and every token that is neither punctuation (IS_PUNCT) nor a sentence-final character
    when a sentence-final character came after the last such token (SENT_START 1, others -1, as the
    Sentencizer sets them). The lemma is `lemma_of(the lowercase word)`. Both depend on the word
    alone, so they are computed once per distinct word of the process (keyed by ORTH), and each Doc
    costs one to_array, one np.unique and one from_array instead of a loop over its tokens."""

    def __init__(self, vocab, lemma_of):
        from spacy.pipeline import Sentencizer

        self.vocab = vocab
        self.lemma_of = lemma_of
        self.punct_chars = frozenset(Sentencizer.default_punct_chars)
        # ORTH -> (lemma hash, is a sentence-final character, is neither that nor punctuation,
        # IS_SPACE, IS_PUNCT, LENGTH)
        self.cache: dict[int, tuple[int, bool, bool, bool, bool, int]] = {}

    def __call__(self, doc: Doc) -> Doc:
        """One Doc (a lexicon word, a test): the same rule as a loop, which costs less than the
        array operations' set-up on a few tokens."""
        from spacy.attrs import LEMMA, ORTH, SENT_START

        if not len(doc):
            return doc
        cache = self.cache
        rows, seen = [], False
        for word in doc.to_array(ORTH).tolist():
            lemma, final, plain = (cache.get(word) or self._word(word))[:3]
            if seen and plain:
                rows.append((lemma, 1))
                seen = False
            else:
                rows.append((lemma, _NOT_START if rows else 1))
                seen = seen or final
        doc.from_array([LEMMA, SENT_START], numpy.array(rows, dtype=numpy.uint64))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256):
        """nlp.pipe's path: one np.unique and one loop over distinct words per batch of Docs."""
        from spacy.util import minibatch

        for batch in minibatch(docs, size=batch_size):
            self._annotate(batch)
            yield from batch

    def _annotate(self, docs: list[Doc]) -> None:
        from spacy.attrs import ORTH

        docs = [doc for doc in docs if len(doc)]
        if docs:
            self._set(docs, [doc.to_array([ORTH]).reshape((-1, 1)) for doc in docs])

    def token_tables(self, docs: list[Doc], annotate: bool = True) -> list[numpy.ndarray | None]:
        """Annotate a batch of Docs (as `pipe` does; not with `annotate=False`) and return each Doc's
        doc.to_array(_token_attrs()) as it reads once annotated (None for an empty Doc), from one
        to_array of ORTH, NORM, SPACY and IDX per Doc: the other columns depend on the word alone
        (kept per distinct word) or are 0 in a blank pipeline (tag, dependency, entities, morphology)."""
        from spacy.attrs import (
            IDX,
            IS_PUNCT,
            IS_SPACE,
            LEMMA,
            LENGTH,
            NORM,
            ORTH,
            SENT_START,
            SPACY,
        )

        read = [ORTH, NORM, SPACY, IDX]
        kept = [doc for doc in docs if len(doc)]
        if not kept:
            return [None] * len(docs)
        arrays = [doc.to_array(read) for doc in kept]
        known = self._set(kept, arrays, annotate)
        attrs = _token_attrs()
        batch = numpy.concatenate(arrays) if len(arrays) > 1 else arrays[0]
        table = numpy.zeros((len(batch), len(attrs)), dtype=numpy.uint64)
        for attr, column in zip(read, batch.T, strict=True):
            table[:, attrs.index(attr)] = column
        table[:, attrs.index(LEMMA)] = known["lemma"]
        table[:, attrs.index(SENT_START)] = known["sent_start"]
        table[:, attrs.index(IS_SPACE)] = known["is_space"]
        table[:, attrs.index(IS_PUNCT)] = known["is_punct"]
        table[:, attrs.index(LENGTH)] = known["length"]
        tables = iter(numpy.split(table, numpy.cumsum([len(d) for d in kept])[:-1]))
        return [next(tables) if len(doc) else None for doc in docs]

    def _set(
        self, docs: list[Doc], arrays: list[numpy.ndarray], annotate: bool = True
    ) -> dict[str, numpy.ndarray]:
        """Set LEMMA and SENT_START on non-empty Docs whose arrays begin with the ORTH column;
        returns per token of the batch: lemma, sent_start, is_space, is_punct, length."""
        from spacy.attrs import LEMMA, SENT_START

        sizes = [len(doc) for doc in docs]
        orth = arrays[0][:, 0] if len(arrays) == 1 else _concat(a[:, 0] for a in arrays)
        words, inverse = numpy.unique(orth, return_inverse=True)
        cache = self.cache
        known = [cache.get(word) or self._word(word) for word in words.tolist()]
        lemmas, finals, plain, spaces, puncts, lengths = zip(*known, strict=True)
        inverse = inverse.ravel()
        finals = numpy.array(finals, dtype=bool)[inverse]
        plain = numpy.array(plain, dtype=bool)[inverse]
        n = len(inverse)
        doc_starts = numpy.cumsum([0] + sizes[:-1])
        # a plain token starts a sentence when a final character lies between it and the previous
        # plain token of its Doc (or its Doc's first token)
        finals_before = numpy.zeros(n + 1, dtype=numpy.int64)  # finals in [0, k)
        numpy.cumsum(finals, out=finals_before[1:])
        at = numpy.flatnonzero(plain)
        lower_bound = numpy.empty_like(at)
        if len(at):
            lower_bound[0] = 0
            lower_bound[1:] = at[:-1] + 1
        if len(docs) > 1:
            lower_bound = numpy.maximum(lower_bound, numpy.repeat(doc_starts, sizes)[at])
        starts = at[finals_before[at] > finals_before[lower_bound]]
        out = numpy.empty((n, 2), dtype=numpy.uint64)
        out[:, 0] = numpy.array(lemmas, dtype=numpy.uint64)[inverse]
        out[:, 1] = _NOT_START
        out[doc_starts, 1] = 1
        out[starts, 1] = 1
        for doc, begin, size in (
            zip(docs, doc_starts.tolist(), sizes, strict=True) if annotate else ()
        ):
            doc.from_array([LEMMA, SENT_START], out[begin : begin + size])
        return {
            "lemma": out[:, 0],
            "sent_start": out[:, 1],
            "is_space": numpy.array(spaces, dtype=numpy.uint64)[inverse],
            "is_punct": numpy.array(puncts, dtype=numpy.uint64)[inverse],
            "length": numpy.array(lengths, dtype=numpy.uint64)[inverse],
        }

    def _word(self, word: int) -> tuple[int, bool, bool, bool, bool, int]:
        """(lemma hash, a sentence-final character, neither that nor punctuation, IS_SPACE,
        IS_PUNCT, LENGTH) of a word, kept."""
        lexeme = self.vocab[word]
        final = lexeme.orth_ in self.punct_chars
        value = self.cache[word] = (
            self.lemma_of(lexeme.lower_),
            final,
            not final and not lexeme.is_punct,
            lexeme.is_space,
            lexeme.is_punct,
            len(lexeme.orth_),
        )
        return value


_NOT_START = 2**64 - 1  # SENT_START -1 as the uint64 of a token array


def _concat(arrays) -> numpy.ndarray:
    return numpy.concatenate(list(arrays))


class _HashMapper:
    """Sets each token's lemma to f(the token's `source` attribute) with f cached per hash: one
    dictionary lookup per token and one call of f per distinct word of the process, instead of
    string operations on every token."""

    def __init__(self, source: int, function):
        self.source = source
        self.function = function
        self.cache: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import LEMMA

        if not len(doc):
            return doc
        cache, function = self.cache, self.function
        lemmas = []
        for key in doc.to_array(self.source).tolist():
            value = cache.get(key)
            if value is None:
                value = cache[key] = function(key)
            lemmas.append(value)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64))
        return doc


def _lowercase(doc: Doc) -> Doc:
    from spacy.attrs import LEMMA, ORTH

    strings = doc.vocab.strings
    mapper = _LOWERCASERS.get(id(strings))
    if mapper is None or mapper[0] is not strings:

        def lowered(key: int) -> int:
            return strings.add(strings[key].lower().replace("\u2019", "'"))

        mapper = _LOWERCASERS[id(strings)] = (strings, _HashMapper(LEMMA, lowered))
    if len(doc):
        # the lemma, or the word where the lemma is empty (hash 0)
        table = doc.to_array([LEMMA, ORTH])
        source = numpy.where(table[:, 0] != 0, table[:, 0], table[:, 1])
        doc.from_array([LEMMA], source)
        mapper[1](doc)
    return doc


_LOWERCASERS: dict[int, tuple] = {}


def load_pipeline(lang: str, model: str = "blank") -> Language:
    """The spaCy pipeline for `lang` ("en" or "zh"); `model` is "blank" or an installed pipeline's name.

    One instance per (lang, model) per process, so Docs and matchers share a vocabulary."""
    return _load_pipeline(lang, model)


@cache
def _register_components() -> None:
    """The package's pipeline components, registered with spaCy once per process."""
    from spacy.language import Language

    Language.factory("lowercase_lookup_lemmatizer", func=_make_lookup_lemmatizer)
    Language.factory("lowercase_sentencizer", func=_make_lowercase_sentencizer)
    Language.component("lowercase_lemmas", func=_lowercase_lemmas)


@cache
def _load_pipeline(lang: str, model: str) -> Language:
    return _build_pipeline(lang, model)


@cache
def _table_pipeline(lang: str) -> Language:
    """A second blank pipeline of `lang`, for Docs kept only as token tables (pipe_segments with
    annotate=False): its vocabulary computes, for each word it has not seen, only the lexical
    attributes a token table reads (NORM, and LOWER, IS_PUNCT and IS_SPACE for lemmas and sentence
    starts). spaCy computes all of its language's (23 for English: shape, prefix, like_num, is_stop,
    ...) for every new word, some 14,000 per shard of English, 0.2 of the tokenizer's 1.2 CPU-s.
    Its Docs are not for reading other attributes: a token's is_alpha, say, is False."""
    from spacy.attrs import IS_PUNCT, IS_SPACE, LOWER, NORM

    nlp = _build_pipeline(lang, "blank")
    vocab = nlp.vocab
    vocab.lex_attr_getters = {
        attr: getter
        for attr, getter in vocab.lex_attr_getters.items()
        if attr in (NORM, LOWER, IS_PUNCT, IS_SPACE)
    }
    return nlp


def _build_pipeline(lang: str, model: str) -> Language:
    import spacy

    _register_components()
    if model != "blank":
        if not spacy.util.is_package(model):
            raise InputError(
                "config",
                f"nlp.{lang}_model names the spaCy pipeline {model!r}, which is not installed",
                f"install it (pip install {model}) or set nlp.{lang}_model: blank",
            )
        nlp = spacy.load(model)
        if (
            "parser" not in nlp.pipe_names
            and "senter" not in nlp.pipe_names
            and "sentencizer" not in nlp.pipe_names
        ):
            nlp.add_pipe("sentencizer")
        nlp.add_pipe("lowercase_lemmas", last=True)
        return nlp
    if lang == "en":
        nlp = spacy.blank("en")
        nlp.add_pipe("lowercase_lookup_lemmatizer")  # the sentencizer's sentences and lemmas
        return nlp
    if lang == "zh":
        import jieba

        jieba.setLogLevel(logging.WARNING)
        _initialize_jieba(jieba.dt)
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        nlp.add_pipe("lowercase_sentencizer")  # the sentencizer's sentences and lemmas
        return nlp
    raise ValueError(f"unsupported language {lang!r}")


def _initialize_jieba(segmenter) -> None:
    """Load jieba's default prefix dictionary (498,113 words) from jieba's own cache file, read whole.

    jieba's `initialize` reads the 9 MB marshal file through the open file, one small read per
    object: 1.2 CPU-s, against 0.3 for unmarshalling the same bytes, paid by every job that segments
    Chinese. The dictionary is the one jieba would load; when there is no cache file yet (jieba then
    builds and writes it), a custom dictionary or cache file is set, or the file does not load, jieba
    initializes itself as usual."""
    import marshal
    import tempfile

    if segmenter.initialized or segmenter.dictionary is not None or segmenter.cache_file:
        return
    cache_file = Path(segmenter.tmp_dir or tempfile.gettempdir()) / "jieba.cache"
    try:
        freq, total = marshal.loads(cache_file.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return
    with segmenter.lock:
        if not segmenter.initialized:
            segmenter.FREQ, segmenter.total = freq, total
            segmenter.initialized = True


def stop_words(languages: Iterable[str] = ("en",), extra: Iterable[str] = ()) -> frozenset[str]:
    """spaCy's stop-word lists of `languages` (as spaCy ships them) plus `extra`, lowercased."""
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.zh.stop_words import STOP_WORDS as ZH

    lists = {"en": EN, "zh": ZH}
    words = frozenset(w for lang in languages for w in lists[lang])
    return words | frozenset(w.lower() for w in extra)


def is_counted(token) -> bool:
    """Tokens that count toward rates: not white space, not punctuation."""
    return not (token.is_space or token.is_punct)


def tokenize_segments(
    segments: Iterable[dict], models: dict[str, str], writer: DocBinWriter | None = None
) -> tuple[list[Doc], list[tuple]]:
    """One Doc per segment of one document (user_data: doc_id, seg_id, offset, voice, lang) and the
    sentence rows; with a `writer`, each Doc is also added to it (one token array per Doc serves
    both).

    Sentences never cross segments; their offsets drop surrounding white space; white-space-only
    sentences are left out."""
    return document_tokens(list(pipe_segments(list(segments), models)), writer)


def pipe_segments(
    segments: list[dict], models: dict[str, str], annotate: bool = True
) -> Iterator[tuple[dict, Doc, numpy.ndarray | None]]:
    """(segment, its Doc, the Doc's doc.to_array(_token_attrs()) or None when it has no token) for
    every segment, in the order given: one lazy stream per language over all the segments (of any
    number of documents), so batches span documents and only a batch of Docs is held at a time.
    `annotate=False`: a blank pipeline's Docs are left as its tokenizer made them, their lemmas and
    sentence starts only in the token tables (for a caller that keeps the tables, not the Docs), and
    the tokenizer is _table_pipeline's, which computes only the lexical attributes the tables read."""
    by_lang: dict[str, list[dict]] = {}
    for seg in segments:
        by_lang.setdefault(seg["lang"], []).append(seg)
    streams = {}
    for lang, segs in by_lang.items():
        model = models.get(lang, "blank")
        blank = model == "blank"
        nlp = _table_pipeline(lang) if blank and not annotate else load_pipeline(lang, model)
        # A segment is one line or less, and a line may be longer than spaCy's max_length (1,000,000
        # characters, error E088), which guards the memory of a parser or NER. The blank pipelines
        # have neither (tokenizer, sentencizer, lookup lemmas: memory linear in the text), so the
        # limit is raised to the longest segment instead of cutting lines; a trained pipeline with a
        # parser then needs memory for that line (about 1 GB per 100,000 characters, spaCy says).
        nlp.max_length = max(nlp.max_length, 1 + max(len(s["text"]) for s in segs))
        texts = (s["text"] for s in segs)
        if blank:
            streams[lang] = _blank_stream(nlp, texts, annotate)
        else:
            streams[lang] = (
                (doc, doc.to_array(_token_attrs()) if len(doc) else None) for doc in nlp.pipe(texts)
            )
    for seg in segments:
        yield (seg, *next(streams[seg["lang"]]))


def _blank_stream(nlp: Language, texts: Iterable[str], annotate: bool, batch_size: int = 256):
    """(Doc, token table) of a blank pipeline: what nlp.pipe gives (its one component: sentences and
    lemmas), each Doc's token table from the component's batch (_SentencesAndLemmas.token_tables)."""
    from spacy.util import minibatch

    ((_, component),) = nlp.pipeline
    for batch in minibatch(nlp.tokenizer.pipe(texts), size=batch_size):
        yield from zip(batch, component.token_tables(batch, annotate), strict=True)


def document_tokens(
    pairs: list[tuple[dict, Doc, numpy.ndarray | None]], writer: DocBinWriter | None = None
) -> tuple[list[Doc], list[tuple]]:
    """The Docs (in text order) and sentence rows of one document's (segment, Doc, token table)
    triples (pipe_segments); with a `writer`, each Doc is also added to it."""
    pairs = sorted(pairs, key=lambda pair: int(pair[0]["start_char"]))
    docs: list[Doc] = []
    for seg, doc, table in pairs:
        doc.user_data.update(
            doc_id=seg["doc_id"],
            seg_id=int(seg["seg_id"]),
            offset=int(seg["start_char"]),
            voice=seg["voice"],
            lang=seg["lang"],
        )
        docs.append(doc)
        if writer is not None:
            writer.add(doc, table)
    sentences: list[tuple] = []
    spans = _document_sentence_spans([table for _, _, table in pairs])
    for i, start, end, n_tokens in spans:
        seg = pairs[i][0]
        text = seg["text"][start:end]  # the Doc's text (tokenization keeps it)
        stripped = text.strip()
        if not stripped:
            continue
        lead = len(text) - len(text.lstrip())
        start = int(seg["start_char"]) + start + lead
        sentences.append(
            (
                seg["doc_id"],
                len(sentences),
                start,
                start + len(stripped),
                seg["voice"],
                seg["lang"],
                n_tokens,
                stripped,
            )
        )
    return docs, sentences


def _document_sentence_spans(
    tables: list[numpy.ndarray | None],
) -> list[tuple[int, int, int, int]]:
    """(index of the Doc, start char, end char, counted tokens) of every sentence of some Docs,
    Doc by Doc, from their token tables (None: no token) joined, not from Span and Token objects: a
    sentence begins at a Doc's first token and at every token whose SENT_START is 1 (as doc.sents);
    tokens are counted as `is_counted` counts."""
    kept = [(i, t) for i, t in enumerate(tables) if t is not None and len(t)]
    if not kept:
        return []
    sizes = numpy.array([len(t) for _, t in kept], dtype=numpy.int64)
    table = numpy.concatenate([t for _, t in kept]) if len(kept) > 1 else kept[0][1]
    sent_start, is_space, is_punct, idx, length = (table[:, c] for c in _span_columns())
    doc_firsts = numpy.concatenate(([0], numpy.cumsum(sizes)[:-1]))
    begins = sent_start == 1
    begins[doc_firsts] = True
    firsts = numpy.flatnonzero(begins)
    counted = ((is_space == 0) & (is_punct == 0)).astype(numpy.int64)
    counts = numpy.add.reduceat(counted, firsts).tolist()
    lasts = numpy.concatenate((firsts[1:], [len(table)])) - 1
    ends = idx[lasts].astype(numpy.int64) + length[lasts].astype(numpy.int64)
    owner = numpy.repeat([i for i, _ in kept], sizes)[firsts].tolist()
    return list(zip(owner, idx[firsts].tolist(), ends.tolist(), counts, strict=True))


@cache
def _token_attrs() -> list[int]:
    """The attributes of the one token array taken per Doc: the DocBin's (DocBinWriter's) and those
    of the sentence spans (_span_columns)."""
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH

    return list(_writer_attrs()[0]) + [IS_SPACE, IS_PUNCT, IDX, LENGTH]


@cache
def _span_columns() -> tuple[int, ...]:
    """The columns of SENT_START, IS_SPACE, IS_PUNCT, IDX and LENGTH in _token_attrs()."""
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, SENT_START

    attrs = _token_attrs()
    return tuple(attrs.index(a) for a in (SENT_START, IS_SPACE, IS_PUNCT, IDX, LENGTH))


@cache
def _writer_attrs() -> tuple[tuple[int, ...], int, tuple[int, ...]]:
    """DocBinWriter's array columns: the DocBin's kept attributes (ORTH first, as DocBin orders
    them), SPACY, the other string attributes, MORPH; how many are kept; the string columns."""
    from spacy.attrs import MORPH, SPACY
    from spacy.tokens import DocBin

    kept = list(DocBin(attrs=DOCBIN_ATTRS).attrs)
    attrs = kept + [SPACY] + [a for a in _string_attrs() if a not in kept] + [MORPH]
    return tuple(attrs), len(kept), tuple(attrs.index(a) for a in _string_attrs())


def docbin_bytes(docs: list[Doc]) -> bytes:
    """`DocBin(attrs=DOCBIN_ATTRS, store_user_data=True, docs=docs).to_bytes()`, byte for byte (see
    DocBinWriter; spaCy's zlib level, so the per-document files stay as they were frozen)."""
    writer = DocBinWriter()
    for doc in docs:
        writer.add(doc)
    return writer.to_bytes(zlib_level=zlib.Z_DEFAULT_COMPRESSION)


# The shards' DocBins are compressed by ISA-L (the isal package) at its level 1: a zlib stream, read by
# zlib.decompress and DocBin.from_bytes like any other, made about five times faster than zlib's
# level 1 on this data (and no larger). DocBin.to_bytes itself uses zlib's default level, 6.
DOCBIN_ISAL_LEVEL = 1


class DocBinWriter:
    """A DocBin(attrs=DOCBIN_ATTRS, store_user_data=True) filled Doc by Doc and written as
    DocBin.to_bytes writes it (the same message before compression, byte for byte), without
    DocBin.add's loop over every token for its strings (here: the distinct hashes of the token
    arrays, once in to_bytes) and its msgpack packer per Doc (srsly looks its encoders up in the
    package metadata each time). Each Doc's token array is kept as given (a view, not a copy) until
    to_bytes joins them."""

    def __init__(self):
        import srsly
        from spacy.tokens import DocBin

        self.binned = DocBin(attrs=DOCBIN_ATTRS, store_user_data=True)
        self.attrs, self.n_kept, self.string_columns = _writer_attrs()
        self.attrs = list(self.attrs)
        self.packer = srsly.msgpack.Packer(use_bin_type=True)
        self.tables: list[numpy.ndarray] = []  # per Doc: its array of self.attrs
        self.vocabs: list = []  # per Doc: its vocabulary (English and Chinese Docs have their own)

    def add(self, doc: Doc, table: numpy.ndarray | None = None) -> None:
        """Keep a Doc; `table` is its to_array of attributes beginning with self.attrs, if taken."""
        binned = self.binned
        width = len(self.attrs)
        if table is None:
            table = doc.to_array(self.attrs).reshape((len(doc), width))
        self.tables.append(table[:, :width])
        self.vocabs.append(doc.vocab)
        binned.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
        binned.cats.append(doc.cats)
        binned.user_data.append(self.packer.pack(doc.user_data))
        binned.span_groups.append(doc.spans.to_bytes())
        for group in doc.spans.values():
            for span in group:
                binned.strings.add(span.label_)
                if span.kb_id in span.doc.vocab.strings:
                    binned.strings.add(span.kb_id_)
                if span.id in span.doc.vocab.strings:
                    binned.strings.add(span.id_)

    def to_bytes(self, zlib_level: int | None = None) -> bytes:
        """DocBin.to_bytes's message, compressed by ISA-L at DOCBIN_ISAL_LEVEL, or by zlib at
        `zlib_level` when given (zlib.Z_DEFAULT_COMPRESSION: DocBin.to_bytes's own bytes)."""
        import srsly
        from spacy.tokens import MorphAnalysis

        binned = self.binned
        lengths = [len(table) for table in self.tables]
        if self.tables:
            joined = numpy.vstack(self.tables)
            tokens = numpy.ascontiguousarray(joined[:, : self.n_kept]).tobytes("C")
            spaces = joined[:, self.n_kept : self.n_kept + 1].astype(bool).tobytes("C")
        else:
            joined = numpy.zeros((0, len(self.attrs)), dtype=numpy.uint64)
            tokens = spaces = numpy.asarray([]).tobytes("C")
        vocabs = {id(vocab): vocab for vocab in self.vocabs}
        owner = numpy.repeat([list(vocabs).index(id(v)) for v in self.vocabs], lengths)
        words = joined[:, self.string_columns]
        morphs = joined[:, len(self.attrs) - 1]
        for number, vocab in enumerate(vocabs.values()):
            rows = slice(None) if len(vocabs) == 1 else owner == number
            part = words[rows]
            if not len(part):
                continue
            strings = vocab.strings
            binned.strings.update(strings[h] for h in _distinct_hashes(part).tolist())
            binned.strings.update(
                str(MorphAnalysis.from_id(vocab, m)) for m in numpy.unique(morphs[rows]).tolist()
            )
        msg = {
            "version": binned.version,
            "attrs": binned.attrs,
            "tokens": tokens,
            "spaces": spaces,
            "lengths": numpy.asarray(lengths, dtype="int32").tobytes("C"),
            "strings": sorted(binned.strings),
            "cats": binned.cats,
            "flags": binned.flags,
            "span_groups": binned.span_groups,
            "user_data": binned.user_data,
        }
        data = srsly.msgpack_dumps(msg)
        if zlib_level is not None:
            return zlib.compress(data, zlib_level)
        from isal import isal_zlib

        return isal_zlib.compress(data, DOCBIN_ISAL_LEVEL)


def _distinct_hashes(stacked: numpy.ndarray) -> numpy.ndarray:
    """The distinct values of a (tokens x string attributes) table, over the columns that are not
    all 0 (a blank pipeline's tag, dependency and entity columns are), with 0 added when some column
    is all 0. (pandas.unique hashes instead of sorting, 22 ms less on a shard of 250,000 tokens, but
    importing pandas costs a tokenize job 400 ms.)"""
    nonzero = stacked.any(axis=0)
    values = numpy.unique(stacked[:, nonzero].ravel())
    if not nonzero.all():
        values = numpy.append(values, numpy.uint64(0))
    return values


def _string_attrs() -> list[int]:
    """The string attributes DocBin.add keeps the strings of (text, tag_, lemma_, norm_, dep_,
    ent_type_, ent_kb_id_, ent_id_; str(morph) apart)."""
    from spacy.attrs import DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, LEMMA, NORM, ORTH, TAG

    return [ORTH, TAG, LEMMA, NORM, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID]


def docs_from_bytes(data: bytes, vocab) -> list[Doc]:
    """`list(DocBin().from_bytes(data).get_docs(vocab))` (see iter_docs_from_bytes)."""
    return list(iter_docs_from_bytes(data, vocab))


def iter_docs_from_bytes(data: bytes, vocab) -> Iterator[Doc]:
    """`DocBin().from_bytes(data).get_docs(vocab)`, one Doc at a time, with one msgpack unpacker for
    every Doc's user data instead of one per Doc (srsly looks its decoders up in the package
    metadata each time)."""
    import srsly
    from spacy.attrs import ORTH
    from spacy.tokens import Doc, DocBin
    from spacy.tokens._dict_proxies import SpanGroups

    binned = DocBin().from_bytes(data)
    for string in binned.strings:
        vocab[string]
    unpacker = srsly.msgpack.Unpacker(raw=False, use_list=False)
    orth_col = binned.attrs.index(ORTH)
    for i, tokens in enumerate(binned.tokens):
        spaces = None if binned.flags[i].get("has_unknown_spaces") else binned.spaces[i]
        doc = Doc(vocab, words=tokens[:, orth_col], spaces=spaces)
        doc = doc.from_array(binned.attrs, tokens)
        doc.cats = binned.cats[i]
        if binned.span_groups[i] and binned.span_groups[i] != SpanGroups._EMPTY_BYTES:
            doc.spans.from_bytes(binned.span_groups[i])
        else:
            doc.spans.clear()
        if i < len(binned.user_data) and binned.user_data[i] is not None:
            unpacker.feed(binned.user_data[i])
            doc.user_data.update(unpacker.unpack())
        yield doc


def write_tokens(
    docbin_path: str | os.PathLike,
    sentences_path: str | os.PathLike,
    docs: list[Doc],
    sentences: list[tuple],
) -> None:
    """Keep the Docs (DocBin with lemmas and sentence starts) and write the sentence table."""
    binary = docbin_bytes(docs)
    Path(docbin_path).parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(str(docbin_path) + ".tmp")
    tmp.write_bytes(binary)
    os.replace(tmp, docbin_path)
    write_tsv(sentences_path, sentences, SENTENCE_COLUMNS)


def read_docs(docbin_path: str | os.PathLike) -> list[Doc]:
    """The Docs of one document, as the tokenize stage kept them."""
    vocab = load_pipeline("en", "blank").vocab
    return docs_from_bytes(Path(docbin_path).read_bytes(), vocab)


def run_tokenize_document(
    segments_tsv: str, docbin_out: str, sentences_out: str, *, en_model: str, zh_model: str
) -> None:
    """Rule tokenize_document: one document's segments -> kept Docs + sentence table."""

    segments = read_tsv(segments_tsv).to_dict("records")
    docs, sentences = tokenize_segments(segments, {"en": en_model, "zh": zh_model})
    write_tokens(docbin_out, sentences_out, docs, sentences)


def run_gather_sentences(tables: list[str], output: str) -> None:
    """Rule gather_sentences: all documents' sentence tables in one, by doc_id and sent_id."""

    gather_tsv(tables, output, SENTENCE_COLUMNS)
