"""Rhetoric stage, dictionary expansion: candidate terms for a person to review (never added).

Word2Vec (gensim, skip-gram) is trained per language on the experiment's own tokens (the kept spaCy Docs
of corpus/docs/*.spacy: lowercase words in English, the jieba words in Chinese), one sentence per
training text. For every category and subcategory of the lexicons, the seeds are the corpus words that
the entries' patterns name (English pattern words; the jieba words of the Chinese terms), and every
other word is ranked by the cosine similarity of its vector to the mean of the seeds' unit vectors.

A bare nearest-neighbour list says nothing about what a candidate would add. After King, Lam and Roberts
(2017), each candidate also carries the share of its sentences that already contain a match of the
category (`matched_share`): a candidate that mostly co-occurs with matches adds little recall, one that
rarely does is where new recall (or new false positives) would come from; its frequency, the number of
documents and sentences it occurs in, and KWIC lines with character offsets let a reader judge it.
"""

from __future__ import annotations

import bisect
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable

import numpy as np
import pandas as pd

from policy_rhetoric.core.tables import read_tsv, write_tsv
from policy_rhetoric.core.text import raw_text
from policy_rhetoric.corpus.shard_tokens import iter_documents
from policy_rhetoric.corpus.tokens import load_pipeline, stop_words
from policy_rhetoric.rhetoric.lexicon import load_lexicons

EXPANSION_COLUMNS = (
    "lang",
    "category",
    "subcategory",
    "rank",
    "candidate",
    "similarity",
    "nearest_seed",
    "frequency",
    "documents",
    "sentences",
    "matched_share",
    "kwic_1",
    "kwic_2",
    "kwic_3",
)
ALL = "all"
KWIC_LINES = 3
_HAN = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]{2,}$")
_EN_WORD = re.compile(r"^[a-z][a-z\-]{2,}$")
_PATTERN_WORD = re.compile(r"[a-z]+")  # the tokenizer splits "self-reliance" into self, -, reliance


def stable_hash(text: str) -> int:
    """A hash that does not change between processes (gensim's default, `hash`, is salted per run)."""
    return zlib.crc32(text.encode("utf-8"))


def _word(token, lang: str) -> str | None:
    """The training form of a token, or None for tokens left out (punctuation, numbers, one letter)."""
    text = token.text.strip().lower()
    if lang == "zh":
        return text if _HAN.match(text) else None
    return text if _EN_WORD.match(text) else None


def corpus_sentences(docs: Iterable, lang: str) -> list[dict]:
    """Sentences of `lang` with their words and each word's raw character offsets."""
    out = []
    for doc in docs:
        if doc.user_data.get("lang") != lang:
            continue
        offset = int(doc.user_data.get("offset", 0))
        for sent in doc.sents:
            words, spans = [], []
            for token in sent:
                word = _word(token, lang)
                if word is not None:
                    words.append(word)
                    spans.append((offset + token.idx, offset + token.idx + len(token.text)))
            if words:
                out.append(
                    {
                        "doc_id": doc.user_data["doc_id"],
                        "start": offset + sent.start_char,
                        "end": offset + sent.end_char,
                        "words": words,
                        "spans": spans,
                    }
                )
    return out


def seed_words(
    lexicons, lang: str, segment, matches: pd.DataFrame | None = None
) -> dict[tuple[str, str], set[str]]:
    """Per (category, subcategory) and (category, "all"): the words the entries matched in the corpus
    (the words of `matched_text` of `matches` in `lang`), or, for a subcategory without matches, the
    words of its entries' patterns.

    English: the words of the patterns (choices split, `...`, `*`, `=` and `?` dropped); Chinese: the
    words `segment` (jieba) cuts the terms into (`...` splits a term)."""
    matched: dict[tuple[str, str], set[str]] = defaultdict(set)
    if matches is not None and len(matches):
        part = matches[matches["lang"] == lang]
        for row in part.itertuples(index=False):
            text = str(row.matched_text).lower()
            words = segment(text) if lang == "zh" else _PATTERN_WORD.findall(text)
            keep = {w for w in words if (_HAN.match(w) if lang == "zh" else _EN_WORD.match(w))}
            matched[(row.category, row.subcategory)] |= keep
    seeds: dict[tuple[str, str], set[str]] = defaultdict(set)
    for lexicon in lexicons:
        for entry in lexicon.entries:
            patterns = entry.en if lang == "en" else entry.zh
            words: set[str] = set()
            for pattern in patterns:
                if lang == "en":
                    words |= {w for w in _PATTERN_WORD.findall(pattern.lower()) if len(w) > 2}
                else:
                    for part in pattern.split("..."):
                        words |= {w for w in segment(part) if _HAN.match(w)}
                    words |= {p for p in pattern.split("...") if _HAN.match(p)}
            key = (lexicon.category, entry.subcategory)
            seeds[key] |= matched.get(key) or words
            seeds[(lexicon.category, ALL)] |= matched.get(key) or words
    return seeds


def _kwic(text_of: dict[str, str], doc_id: str, start: int, end: int, window: int) -> str:
    text = text_of.get(doc_id, "")
    left = re.sub(r"\s+", " ", text[max(0, start - window) : start])
    right = re.sub(r"\s+", " ", text[end : end + window])
    return f"{doc_id}:{start}-{end} {left}[{text[start:end]}]{right}"


def matched_sentences(sentences: list[dict], matches: pd.DataFrame, category: str) -> np.ndarray:
    """For each sentence, whether a match of `category` overlaps it."""
    found = np.zeros(len(sentences), dtype=bool)
    part = matches[matches["category"] == category]
    by_doc: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in part.itertuples(index=False):
        by_doc[row.doc_id].append((int(row.start_char), int(row.end_char)))
    for spans in by_doc.values():
        spans.sort()
    for i, sent in enumerate(sentences):
        spans = by_doc.get(sent["doc_id"], [])
        j = bisect.bisect_left(spans, (sent["end"], -1))
        found[i] = any(s < sent["end"] and e > sent["start"] for s, e in spans[:j])
    return found


def propose_candidates(
    sentences: list[dict],
    seeds: dict[tuple[str, str], set[str]],
    matches: pd.DataFrame,
    texts: dict[str, str],
    lang: str,
    *,
    seed: int,
    vector_size: int = 100,
    window: int = 5,
    min_count: int = 3,
    epochs: int = 10,
    top_n: int = 50,
    kwic_window: int = 60,
) -> list[tuple]:
    """Ranked candidates per (category, subcategory) of one language (EXPANSION_COLUMNS rows)."""
    from gensim.models import Word2Vec

    if not sentences:
        return []
    model = Word2Vec(
        [s["words"] for s in sentences],
        vector_size=vector_size,
        window=window,
        min_count=min_count,
        sg=1,
        epochs=epochs,
        seed=seed,
        workers=1,
        hashfxn=stable_hash,
    )
    vocab = sorted(model.wv.key_to_index)
    if not vocab:
        return []
    vectors = np.array([model.wv[w] for w in vocab], dtype=float)
    vectors -= vectors.mean(
        axis=0
    )  # a small corpus puts all vectors in one cone: compare directions off the mean
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    index = {w: i for i, w in enumerate(vocab)}
    stop = stop_words([lang])
    frequency = Counter(w for s in sentences for w in s["words"])
    where: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sentences):
        for w in dict.fromkeys(s["words"]):
            where[w].append(i)
    rows = []
    categories = sorted({c for c, _ in seeds})
    matched = {c: matched_sentences(sentences, matches, c) for c in categories}
    for (category, subcategory), words in sorted(seeds.items()):
        present = sorted(w for w in words if w in index and w not in stop)
        if not present:
            continue
        seed_matrix = vectors[[index[w] for w in present]]
        centroid = seed_matrix.mean(axis=0)
        centroid /= max(np.linalg.norm(centroid), 1e-12)
        scores = vectors @ centroid
        nearest = (vectors @ seed_matrix.T).argmax(axis=1)
        order = sorted(range(len(vocab)), key=lambda i: (-round(float(scores[i]), 6), vocab[i]))
        rank = 0
        for i in order:
            word = vocab[i]
            if word in seeds.get((category, ALL), words) or word in stop:
                continue
            rank += 1
            sent_ids = where[word]
            hits = [
                (sentences[k]["doc_id"], *span)
                for k in sent_ids
                for w, span in zip(sentences[k]["words"], sentences[k]["spans"], strict=True)
                if w == word
            ]
            kwic = [_kwic(texts, d, s, e, kwic_window) for d, s, e in hits[:KWIC_LINES]]
            kwic += [""] * (KWIC_LINES - len(kwic))
            rows.append(
                (
                    lang,
                    category,
                    subcategory,
                    rank,
                    word,
                    round(float(scores[i]), 4),
                    present[int(nearest[i])],
                    frequency[word],
                    len({sentences[k]["doc_id"] for k in sent_ids}),
                    len(sent_ids),
                    round(float(matched[category][sent_ids].mean()), 4),
                    *kwic,
                )
            )
            if rank >= top_n:
                break
    return rows


def run_expand_lexicon(
    docbins: list[str],
    matches_tsv: str,
    documents_tsv: str,
    lexicon_paths: list[str],
    output: str,
    *,
    languages: list[str],
    seed: int,
    vector_size: int,
    window: int,
    min_count: int,
    epochs: int,
    top_n: int,
    kwic_window: int,
) -> None:
    """Rule expand_lexicon: rhetoric/expansion_candidates.tsv (for review; nothing is added)."""

    lexicons = load_lexicons(lexicon_paths)
    documents = read_tsv(documents_tsv)
    texts = {d: raw_text(p) for d, p in zip(documents["doc_id"], documents["path"], strict=True)}
    matches = read_tsv(matches_tsv)
    docs = [doc for _, part in iter_documents(sorted(docbins)) for doc in part]
    rows: list[tuple] = []
    for lang in languages:
        sentences = corpus_sentences(docs, lang)
        if lang == "zh":
            nlp = load_pipeline("zh", "blank")

            def segment(text, nlp=nlp):
                return [t.text for t in nlp(text)]
        else:

            def segment(text):
                return text.split()

        seeds = seed_words(lexicons, lang, segment, matches)
        rows += propose_candidates(
            sentences,
            seeds,
            matches,
            texts,
            lang,
            seed=seed,
            vector_size=vector_size,
            window=window,
            min_count=min_count,
            epochs=epochs,
            top_n=top_n,
            kwic_window=kwic_window,
        )
    write_tsv(output, rows, EXPANSION_COLUMNS, sort_by=("lang", "category", "subcategory", "rank"))
