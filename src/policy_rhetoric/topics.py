"""Stage 4, topics: gensim LdaModel over chunks of primary-voice text, with chunk offsets.

A chunk is a paragraph (one primary segment) or a window of sentences, never crossing documents or
languages. English chunks contribute lowercase lemmas, Chinese chunks jieba words; stop words, numbers,
punctuation and one-character Chinese words are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from gensim.corpora import Dictionary
from gensim.models import LdaModel
from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP
from spacy.lang.zh.stop_words import STOP_WORDS as ZH_STOP
from spacy.tokens import Doc

from policy_rhetoric.voice import HAN

TERM_COLUMNS = ("topic", "rank", "term", "weight")
CHUNK_COLUMNS = (
    "doc_id",
    "chunk_id",
    "start_char",
    "end_char",
    "lang",
    "n_terms",
    "topic",
    "proportion",
)
DOC_TOPIC_COLUMNS = ("doc_id", "genre", "topic", "proportion")


@dataclass(frozen=True)
class Chunk:
    doc_id: str
    start: int
    end: int
    lang: str
    terms: tuple[str, ...]


def content_terms(tokens, lang: str, stopwords: frozenset[str]) -> list[str]:
    """Modelling terms of a token sequence: lemmas (en) or words (zh), without stop words and noise."""
    terms = []
    for token in tokens:
        if token.is_space or token.is_punct or token.like_num:
            continue
        if lang == "en":
            term = token.lemma_
            if len(term) > 2 and term.isalpha() and term not in stopwords:
                terms.append(term)
        else:
            term = token.text
            if len(term) > 1 and HAN.search(term) and term not in stopwords:
                terms.append(term)
    return terms


def make_chunks(
    docs: list[Doc], *, unit: str, window_sentences: int, extra_stopwords=()
) -> list[Chunk]:
    """Chunks of the primary voice of one document's Docs (as kept by the tokenize stage)."""
    stop = frozenset(EN_STOP) | frozenset(ZH_STOP) | frozenset(extra_stopwords)
    chunks: list[Chunk] = []
    window: list = []

    def flush():
        if window:
            first, last = window[0], window[-1]
            terms = [t for sent, lang, off in window for t in content_terms(sent, lang, stop)]
            chunks.append(
                Chunk(
                    first[0].doc.user_data["doc_id"],
                    first[2] + first[0].start_char,
                    last[2] + last[0].end_char,
                    first[1],
                    tuple(terms),
                )
            )
            window.clear()

    for doc in docs:
        data = doc.user_data
        if data["voice"] != "primary":
            flush()
            continue
        if unit == "paragraph":
            flush()
            window.extend((s, data["lang"], data["offset"]) for s in doc.sents if s.text.strip())
            flush()
            continue
        for sent in doc.sents:
            if not sent.text.strip():
                continue
            if window and window[0][1] != data["lang"]:
                flush()
            window.append((sent, data["lang"], data["offset"]))
            if len(window) == window_sentences:
                flush()
    flush()
    return chunks


def fit_lda(
    chunks: list[Chunk],
    *,
    num_topics: int,
    seed: int,
    passes: int,
    iterations: int,
    min_df: int,
    max_df: float,
    min_chunk_tokens: int,
):
    """Fit gensim LdaModel (deterministic for a fixed seed). Returns (model, dictionary, kept chunks, bows)."""
    kept = [c for c in chunks if len(c.terms) >= min_chunk_tokens]
    if len(kept) < num_topics:
        raise ValueError(
            f"only {len(kept)} chunks have at least {min_chunk_tokens} terms, fewer than num_topics={num_topics}: lower topics.num_topics or topics.min_chunk_tokens"
        )
    dictionary = Dictionary(c.terms for c in kept)
    dictionary.filter_extremes(no_below=min_df, no_above=max_df, keep_n=None)
    if len(dictionary) == 0:
        raise ValueError(
            "no term survives topics.min_df / topics.max_df: lower min_df or raise max_df"
        )
    bows = [dictionary.doc2bow(c.terms) for c in kept]
    model = LdaModel(
        corpus=bows,
        id2word=dictionary,
        num_topics=num_topics,
        random_state=seed,
        passes=passes,
        iterations=iterations,
        alpha="symmetric",
        eta=None,
    )
    return model, dictionary, kept, bows


def topic_terms(model: LdaModel, top_n: int) -> pd.DataFrame:
    rows = []
    for topic in range(model.num_topics):
        for rank, (term, weight) in enumerate(model.show_topic(topic, topn=top_n), start=1):
            rows.append((topic, rank, str(term), float(weight)))
    return pd.DataFrame(rows, columns=TERM_COLUMNS)


def chunk_topics(model: LdaModel, chunks: list[Chunk], bows) -> pd.DataFrame:
    rows = []
    for i, (chunk, bow) in enumerate(zip(chunks, bows, strict=True)):
        theta = np.zeros(model.num_topics)
        for topic, p in model.get_document_topics(bow, minimum_probability=0.0):
            theta[topic] = float(p)
        for topic in range(model.num_topics):
            rows.append(
                (
                    chunk.doc_id,
                    i,
                    chunk.start,
                    chunk.end,
                    chunk.lang,
                    len(chunk.terms),
                    topic,
                    float(theta[topic]),
                )
            )
    return pd.DataFrame(rows, columns=CHUNK_COLUMNS)


def document_topics(chunks: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Topic proportions per document: chunk proportions weighted by the chunk's number of terms."""
    weighted = chunks.assign(w=chunks["proportion"] * chunks["n_terms"])
    sums = weighted.groupby(["doc_id", "topic"], as_index=False)["w"].sum()
    totals = weighted.groupby("doc_id")["n_terms"].sum() / chunks["topic"].nunique()
    sums["proportion"] = sums["w"] / sums["doc_id"].map(totals)
    out = sums.merge(documents[["doc_id", "genre"]], on="doc_id")
    return out[list(DOC_TOPIC_COLUMNS)].sort_values(["doc_id", "topic"]).reset_index(drop=True)


def topic_labels(terms: pd.DataFrame, n: int = 3) -> dict[int, str]:
    """Default label of each topic: its top `n` terms."""
    return {
        int(t): " / ".join(g.sort_values("rank")["term"].head(n)) for t, g in terms.groupby("topic")
    }


def run_fit_topics(
    docbins: list[str],
    documents_tsv: str,
    settings: dict,
    terms_out: str,
    chunks_out: str,
    documents_out: str,
    labels_out: str,
) -> None:
    """Rule fit_topics: chunk the primary voice, fit LDA, write terms, chunk and document topics, labels."""
    from policy_rhetoric.tables import read_tsv, write_frame, write_tsv
    from policy_rhetoric.tokenization import read_docs

    chunks = []
    for path in sorted(docbins):
        chunks += make_chunks(
            read_docs(path),
            unit=settings["unit"],
            window_sentences=settings["window_sentences"],
            extra_stopwords=settings["extra_stopwords"],
        )
    model, _, kept, bows = fit_lda(
        chunks,
        num_topics=settings["num_topics"],
        seed=settings["seed"],
        passes=settings["passes"],
        iterations=settings["iterations"],
        min_df=settings["min_df"],
        max_df=settings["max_df"],
        min_chunk_tokens=settings["min_chunk_tokens"],
    )
    terms = topic_terms(model, settings["top_n"])
    per_chunk = chunk_topics(model, kept, bows)
    write_frame(terms_out, terms)
    write_frame(chunks_out, per_chunk)
    write_frame(documents_out, document_topics(per_chunk, read_tsv(documents_tsv)))
    labels = topic_labels(terms)
    write_tsv(labels_out, [(t, labels[t]) for t in sorted(labels)], ("topic", "label"))
