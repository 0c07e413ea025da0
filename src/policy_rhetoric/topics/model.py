"""Stage 4, topics: chunks of primary-voice text, the chosen topic model's tables, seeded topics.

Modelling unit: a chunk is a paragraph (one primary segment) or a window of N sentences of the primary
voice, never crossing documents, languages or a stretch of another voice. Its offsets are Python str
indices into the source file, so every example passage can be shown.

Terms: English chunks contribute lowercase lemmas (hyphenated compounds such as "self-reliance" kept as
one term; words of 3+ Latin letters); Chinese chunks are segmented by a private jieba tokenizer that knows
the lexicons' Chinese terms (without `...` gaps) and `topics.zh_user_words`, so 自立自强 or 关键核心技术
stay single terms where jieba alone would split them (the global jieba dictionary used by the tokenize
stage is left untouched). Stop words (spaCy's English and Chinese lists plus `topics.extra_stopwords`),
numbers, punctuation and one-character Chinese words are dropped; optional gensim `Phrases` joins
frequent pairs ("core_technology"); the vocabulary keeps terms in at least `min_df` chunks and at most a
`max_df` fraction of them; chunks with fewer than `min_chunk_tokens` modelled terms are left out.

The sweep and the choice of the final model are in topic_selection.py. This module writes the final
model's tables (terms with FREX, labels, chunk and document proportions, prevalence by genre and by
document with bootstrap 95% intervals, example passages), fits the seeded (keyATM-style) model and
draws the prevalence figure.
"""

from __future__ import annotations

import csv
import logging
import zlib
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from policy_rhetoric.corpus.voice import HAN

TERM_COLUMNS = ("topic", "rank", "term", "weight", "frex")
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
CORPUS_COLUMNS = (
    "doc_id",
    "chunk_id",
    "start_char",
    "end_char",
    "lang",
    "n_terms",
    "heldout",
    "terms",
)
VOCAB_COLUMNS = ("term_id", "term", "chunks", "count")
DOC_TOPIC_COLUMNS = ("doc_id", "genre", "topic", "proportion")
PREVALENCE_COLUMNS = (
    "level",
    "group",
    "topic",
    "proportion",
    "ci_low",
    "ci_high",
    "n_chunks",
    "n_terms",
)
EXAMPLE_COLUMNS = ("topic", "rank", "doc_id", "start_char", "end_char", "proportion", "text")
SEEDED_TERM_COLUMNS = ("topic", "label", "rank", "term", "weight", "frex", "seed_word")
SEED_WORD_COLUMNS = ("category", "term", "in_vocabulary", "chunks", "rank_in_topic")

log = logging.getLogger(__name__)


# ----------------------------------------------------------------------------------------------------
# Terms and chunks


@dataclass(frozen=True)
class Chunk:
    doc_id: str
    start: int
    end: int
    lang: str
    terms: tuple[str, ...]


def stopword_set(extra=()) -> frozenset[str]:
    """spaCy's English and Chinese stop words plus `extra` (lowercased)."""
    from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP
    from spacy.lang.zh.stop_words import STOP_WORDS as ZH_STOP

    return frozenset(EN_STOP) | frozenset(ZH_STOP) | frozenset(w.lower() for w in extra)


def _english_word(lemma: str) -> bool:
    return lemma.isascii() and all(part.isalpha() for part in lemma.split("-"))


def english_terms(tokens, stopwords: frozenset[str]) -> list[str]:
    """Modelling terms of English tokens: lowercase lemmas of 3+ letters, not stop words or numbers.

    Words joined by hyphens without spaces ("self-reliance", "high-quality") form one term."""
    tokens = list(tokens)
    groups: list[list] = []
    i = 0
    while i < len(tokens):
        group = [tokens[i]]
        while (
            i + 2 < len(tokens)
            and tokens[i + 1].text == "-"
            and not tokens[i].whitespace_
            and not tokens[i + 1].whitespace_
            and tokens[i].is_alpha
            and tokens[i + 2].is_alpha
        ):
            group.append(tokens[i + 2])
            i += 2
        groups.append(group)
        i += 1
    terms = []
    for group in groups:
        token = group[0]
        if len(group) == 1 and (token.is_space or token.is_punct or token.like_num):
            continue
        term = "-".join(t.lemma_.lower() for t in group)
        if len(term) > 2 and _english_word(term) and term not in stopwords:
            terms.append(term)
    return terms


def chinese_terms(text: str, segmenter, stopwords: frozenset[str]) -> list[str]:
    """Modelling terms of Chinese text: words of 2+ characters with a Han character, not stop words."""
    terms = []
    for word in segmenter.cut(text):
        if len(word) > 1 and HAN.search(word) and word not in stopwords:
            if not any(ch.isspace() for ch in word):
                terms.append(word)
    return terms


@cache
def chinese_segmenter(user_words: tuple[str, ...] = ()):
    """A private jieba Tokenizer (the process-global jieba dictionary is not touched) with `user_words`
    added so that it keeps them whole wherever their characters occur as one run."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in user_words:
        tokenizer.add_word(word)
    return tokenizer


def lexicon_terms(lexicon_paths, nlp=None) -> dict[str, dict[str, list[str]]]:
    """Seed terms of each lexicon category: {category: {"en": [...], "zh": [...]}}.

    English: every single-word pattern (choices `a|b` each count) lemmatized as the chunks are, and
    multi-word patterns without gaps or optional words as Phrases-style terms ("core_technology"), which
    only matter when topics.phrases is on. Chinese: every pattern without a `...` gap. Sorted, distinct."""
    from itertools import product

    from policy_rhetoric.corpus.tokens import load_pipeline
    from policy_rhetoric.rhetoric.lexicon import GAP, load_lexicons

    nlp = nlp or load_pipeline("en", "blank")
    out: dict[str, dict[str, set]] = {}
    for lexicon in load_lexicons(lexicon_paths):
        terms = out.setdefault(lexicon.category, {"en": set(), "zh": set()})
        for entry in lexicon.entries:
            for pattern in entry.en:
                units = pattern.split()
                if GAP in units or any(u.endswith("?") and len(u) > 1 for u in units):
                    continue
                choices = [u.split("|") for u in units]
                if np.prod([len(c) for c in choices]) > 64:
                    continue
                for words in product(*choices):
                    lemmas = english_terms(nlp(" ".join(words)), frozenset())
                    if len(lemmas) == 1 and len(words) == 1:
                        terms["en"].add(lemmas[0])
                    elif len(lemmas) == len(words) > 1:
                        terms["en"].add("_".join(lemmas))
            terms["zh"].update(p for p in entry.zh if GAP not in p and HAN.search(p))
    return {cat: {lang: sorted(v) for lang, v in t.items()} for cat, t in sorted(out.items())}


def _leading_space(text: str) -> int:
    return len(text) - len(text.lstrip())


def _trailing_space(text: str) -> int:
    return len(text) - len(text.rstrip())


def make_chunks(
    docs,
    *,
    unit: str,
    window_sentences: int,
    stopwords: frozenset[str],
    segmenter=None,
    languages=("en", "zh"),
) -> list[Chunk]:
    """Chunks of the primary voice of one document's Docs (as kept by the tokenize stage)."""
    chunks: list[Chunk] = []
    window: list = []

    def flush():
        if window:
            first, last = window[0], window[-1]
            terms: list[str] = []
            for sent, lang, _ in window:
                if lang == "zh":
                    terms += chinese_terms(sent.text, segmenter, stopwords)
                else:
                    terms += english_terms(sent, stopwords)
            chunks.append(
                Chunk(
                    first[0].doc.user_data["doc_id"],
                    first[2] + first[0].start_char + _leading_space(first[0].text),
                    last[2] + last[0].end_char - _trailing_space(last[0].text),
                    first[1],
                    tuple(terms),
                )
            )
            window.clear()

    for doc in docs:
        data = doc.user_data
        if data["voice"] != "primary" or data["lang"] not in languages:
            flush()
            continue
        if data["lang"] == "zh" and segmenter is None:
            raise ValueError("Chinese chunks need a segmenter (chinese_segmenter())")
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


# ----------------------------------------------------------------------------------------------------
# The modelled corpus (topics/corpus.tsv + topics/vocabulary.tsv)


@dataclass
class TopicCorpus:
    """Chunks with their modelled terms (in text order) and the vocabulary (sorted terms)."""

    rows: list[tuple]  # doc_id, chunk_id, start, end, lang, n_terms, heldout
    terms: list[tuple[str, ...]]
    vocab: list[str]
    index: dict[str, int] = field(init=False)

    def __post_init__(self):
        self.index = {t: i for i, t in enumerate(self.vocab)}

    @property
    def n_chunks(self) -> int:
        return len(self.rows)

    def _matrix(self, term_lists):
        from scipy.sparse import csr_matrix

        rows, cols = [], []
        for r, terms in enumerate(term_lists):
            ids = [self.index[t] for t in terms]
            rows += [r] * len(ids)
            cols += ids
        data = np.ones(len(rows), dtype=np.int64)
        matrix = csr_matrix(
            (data, (rows, cols)), shape=(len(term_lists), len(self.vocab)), dtype=np.int64
        )
        matrix.sum_duplicates()
        matrix.sort_indices()
        return matrix

    def counts(self):
        """(chunks x V) term counts of every chunk."""
        return self._matrix(self.terms)

    def train_counts(self):
        """Counts used for training: held-out chunks keep only their terms at even positions."""
        return self._matrix(
            [t[0::2] if row[6] else t for row, t in zip(self.rows, self.terms, strict=True)]
        )

    def heldout_counts(self):
        """Counts of the held-out terms (odd positions of held-out chunks; zero elsewhere)."""
        return self._matrix(
            [t[1::2] if row[6] else () for row, t in zip(self.rows, self.terms, strict=True)]
        )

    def heldout_rows(self) -> np.ndarray:
        return np.array([i for i, row in enumerate(self.rows) if row[6]], dtype=int)

    def weights(self) -> np.ndarray:
        return np.array([row[5] for row in self.rows], dtype=float)


def build_topic_corpus(
    chunks: list[Chunk],
    *,
    min_df: int,
    max_df: float,
    min_chunk_tokens: int,
    phrases: dict | None = None,
    heldout_fraction: float = 0.0,
    seed: int = 0,
    keep_terms=frozenset(),
) -> TopicCorpus:
    """Vocabulary filtering, optional phrases, the document-completion held-out sample.

    Terms in `keep_terms` (the lexicons' seed words, when seeded topics are on) are kept in the
    vocabulary even below `min_df` (not above `max_df`)."""
    chunks = sorted(chunks, key=lambda c: (c.doc_id, c.start, c.end))
    term_lists = [list(c.terms) for c in chunks]
    if phrases and phrases.get("enabled"):
        from gensim.models.phrases import Phrases

        model = Phrases(
            term_lists,
            min_count=phrases["min_count"],
            threshold=phrases["threshold"],
            delimiter="_",
        ).freeze()
        term_lists = [list(model[t]) for t in term_lists]
    keep = [i for i, t in enumerate(term_lists) if len(t) >= min_chunk_tokens]
    df = Counter(term for i in keep for term in set(term_lists[i]))
    limit = max_df * len(keep)
    vocab = {t for t, n in df.items() if (n >= min_df or t in keep_terms) and n <= limit}
    kept = []
    for i in keep:
        terms = tuple(t for t in term_lists[i] if t in vocab)
        if len(terms) >= min_chunk_tokens:
            kept.append((chunks[i], terms))
    if not kept:
        raise ValueError(
            "no chunk keeps topics.min_chunk_tokens terms after topics.min_df / topics.max_df: "
            "lower min_chunk_tokens or min_df, or raise max_df"
        )
    used = sorted({t for _, terms in kept for t in terms})
    rng = np.random.default_rng(seed)
    eligible = [i for i, (_, terms) in enumerate(kept) if len(terms) >= 2]
    n_held = int(round(heldout_fraction * len(kept)))
    held = set(rng.choice(eligible, size=min(n_held, len(eligible)), replace=False).tolist())
    rows = [
        (c.doc_id, i, c.start, c.end, c.lang, len(terms), int(i in held))
        for i, (c, terms) in enumerate(kept)
    ]
    return TopicCorpus(rows, [terms for _, terms in kept], used)


def write_topic_corpus(corpus: TopicCorpus, corpus_out: str, vocab_out: str) -> None:
    from policy_rhetoric.core.tables import write_tsv

    write_tsv(
        corpus_out,
        [(*row, " ".join(terms)) for row, terms in zip(corpus.rows, corpus.terms, strict=True)],
        CORPUS_COLUMNS,
    )
    df = Counter(t for terms in corpus.terms for t in set(terms))
    cf = Counter(t for terms in corpus.terms for t in terms)
    write_tsv(vocab_out, [(i, t, df[t], cf[t]) for i, t in enumerate(corpus.vocab)], VOCAB_COLUMNS)


def read_topic_corpus(corpus_tsv: str, vocab_tsv: str) -> TopicCorpus:
    """topics/corpus.tsv and topics/vocabulary.tsv as written by prepare_topic_corpus (no pandas)."""
    with open(vocab_tsv, encoding="utf-8", newline="") as handle:
        vocab = [r["term"] for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]
    rows, terms = [], []
    with open(corpus_tsv, encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            rows.append(
                (
                    r["doc_id"],
                    int(r["chunk_id"]),
                    int(r["start_char"]),
                    int(r["end_char"]),
                    r["lang"],
                    int(r["n_terms"]),
                    int(r["heldout"]),
                )
            )
            terms.append(tuple(r["terms"].split(" ")))
    return TopicCorpus(rows, terms, vocab)


def run_prepare_topic_corpus(
    docbins: list[str], lexicons: list[str], settings: dict, corpus_out: str, vocab_out: str
) -> None:
    """Rule prepare_topic_corpus: chunk every document's primary voice, filter, write the corpus."""
    from policy_rhetoric.corpus.tokens import read_docs

    stopwords = stopword_set(settings["extra_stopwords"])
    seeds = lexicon_terms(lexicons)
    zh_words = sorted({t for s in seeds.values() for t in s["zh"]} | set(settings["zh_user_words"]))
    segmenter = chinese_segmenter(tuple(zh_words)) if "zh" in settings["languages"] else None
    seeded = settings["seeded"]
    keep = (
        frozenset(t for s in seeds.values() for lang in ("en", "zh") for t in s[lang])
        if seeded["enabled"] and seeded["keep_seed_words"]
        else frozenset()
    )
    chunks: list[Chunk] = []
    for path in sorted(docbins):
        chunks += make_chunks(
            read_docs(path),
            unit=settings["unit"],
            window_sentences=settings["window_sentences"],
            stopwords=stopwords,
            segmenter=segmenter,
            languages=tuple(settings["languages"]),
        )
    corpus = build_topic_corpus(
        chunks,
        min_df=settings["min_df"],
        max_df=settings["max_df"],
        min_chunk_tokens=settings["min_chunk_tokens"],
        phrases=settings["phrases"],
        heldout_fraction=settings["heldout_fraction"],
        seed=settings["resampling_seed"],
        keep_terms=keep,
    )
    log.warning(
        "%d chunks of %d kept (min_chunk_tokens %d), vocabulary %d terms, %d chunks held out",
        corpus.n_chunks,
        len(chunks),
        settings["min_chunk_tokens"],
        len(corpus.vocab),
        len(corpus.heldout_rows()),
    )
    write_topic_corpus(corpus, corpus_out, vocab_out)


# ----------------------------------------------------------------------------------------------------
# The final model's tables


def order_topics(theta: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Topic order by corpus-wide prevalence (share of modelled terms), largest first (ties: index)."""
    overall = (theta * weights[:, None]).sum(axis=0)
    return np.argsort(-overall, kind="stable")


def terms_table(beta: np.ndarray, vocab: list[str], top_n: int, frex_weight: float) -> list[tuple]:
    from policy_rhetoric.topics.selection import frex, top_term_ids

    scores = frex(beta, frex_weight)
    rows = []
    for topic, ids in enumerate(top_term_ids(beta, top_n)):
        for rank, i in enumerate(ids, start=1):
            rows.append((topic, rank, vocab[i], float(beta[topic, i]), float(scores[topic, i])))
    return rows


def topic_labels(terms: list[tuple], k: int, overrides=(), n: int = 3) -> dict[int, str]:
    """Each topic's label, unless topics.labels gives one: the `n` terms with the highest FREX among its
    listed (most probable) terms, joined by " / " (ties: the more probable term first)."""
    labels = {}
    for t in range(k):
        rows = sorted((r for r in terms if r[0] == t), key=lambda r: (-r[4], r[1]))
        labels[t] = " / ".join(r[2] for r in rows[:n])
    for item in overrides:
        topic = int(item["topic"])
        if topic not in labels:
            from policy_rhetoric.core.errors import InputError

            raise InputError(
                "config",
                f"topics.labels names topic {topic}, but the final model has topics 0..{k - 1}",
                "label only topics of the final model (fix topics.num_topics before labelling)",
                field="topics.labels",
            )
        labels[topic] = item["label"]
    return labels


def group_indices(groups: list[str]) -> dict[str, np.ndarray]:
    """{group: indices of its members}, groups sorted (one pass, for thousands of documents)."""
    members: dict[str, list[int]] = {}
    for i, group in enumerate(groups):
        members.setdefault(group, []).append(i)
    return {g: np.array(members[g], dtype=int) for g in sorted(members)}


def bootstrap_prevalence(
    theta: np.ndarray,
    weights: np.ndarray,
    groups: list[str],
    *,
    level: str,
    resamples: int,
    seed: int,
) -> list[tuple]:
    """Share of each group's modelled terms per topic, with a 95% percentile bootstrap interval.

    The estimate is the term-weighted mean of the chunks' topic proportions; each resample draws the
    group's chunks with replacement (multinomial counts). Each group has its own random stream,
    seeded from (seed, level, group), so adding a group does not change the others' intervals."""
    rows = []
    for group, idx in group_indices(groups).items():
        t, w = theta[idx], weights[idx]
        estimate = (w @ t) / w.sum()
        n = len(idx)
        rng = np.random.default_rng([seed, zlib.crc32(level.encode()), zlib.crc32(group.encode())])
        draws = []
        batch = max(1, min(resamples, 2_000_000 // max(n, 1)))
        done = 0
        while done < resamples:
            size = min(batch, resamples - done)
            counts = rng.multinomial(n, np.full(n, 1.0 / n), size=size)
            cw = counts * w
            draws.append((cw @ t) / cw.sum(axis=1, keepdims=True))
            done += size
        sample = np.vstack(draws)
        low, high = np.quantile(sample, [0.025, 0.975], axis=0)
        for topic in range(theta.shape[1]):
            rows.append(
                (
                    level,
                    group,
                    topic,
                    float(estimate[topic]),
                    float(low[topic]),
                    float(high[topic]),
                    n,
                    int(w.sum()),
                )
            )
    return rows


def document_genres(documents_tsv: str) -> dict[str, str]:
    with open(documents_tsv, encoding="utf-8", newline="") as handle:
        return {
            r["doc_id"]: r["genre"]
            for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        }


def document_paths(documents_tsv: str) -> dict[str, str]:
    with open(documents_tsv, encoding="utf-8", newline="") as handle:
        return {
            r["doc_id"]: r["path"]
            for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        }


def prevalence_rows(
    corpus: TopicCorpus, theta: np.ndarray, genres: dict[str, str], settings: dict
) -> list[tuple]:
    """Prevalence by genre and by document (bootstrap over chunks)."""
    weights = corpus.weights()
    doc_ids = [row[0] for row in corpus.rows]
    common = dict(resamples=settings["bootstrap_resamples"], seed=settings["resampling_seed"])
    return bootstrap_prevalence(
        theta, weights, [genres[d] for d in doc_ids], level="genre", **common
    ) + bootstrap_prevalence(theta, weights, doc_ids, level="document", **common)


def example_rows(
    corpus: TopicCorpus, theta: np.ndarray, texts: dict[str, str], per_topic: int
) -> list[tuple]:
    """The chunks with the highest proportion of each topic, with offsets and the exact source text."""
    rows = []
    for topic in range(theta.shape[1]):
        order = sorted(
            range(corpus.n_chunks),
            key=lambda i: (-theta[i, topic], corpus.rows[i][0], corpus.rows[i][2]),
        )
        for rank, i in enumerate(order[:per_topic], start=1):
            doc_id, _, start, end = corpus.rows[i][:4]
            rows.append(
                (
                    topic,
                    rank,
                    doc_id,
                    start,
                    end,
                    float(theta[i, topic]),
                    texts[doc_id][start:end],
                )
            )
    return rows


def find_run(paths: list[str], family: str, k: int, seed: int) -> str:
    """The sweep file of one run among the rule's inputs (…/<family>/k<k>/seed<seed>/<name>)."""
    for path in paths:
        p = Path(path)
        if (p.parent.name, p.parent.parent.name, p.parent.parent.parent.name) == (
            f"seed{seed}",
            f"k{k}",
            family,
        ):
            return path
    raise ValueError(f"no sweep output for {family} K={k} seed={seed} among the inputs")


def run_write_topic_model(
    selection_tsv: str,
    corpus_tsv: str,
    vocab_tsv: str,
    documents_tsv: str,
    betas: list[str],
    thetas: list[str],
    settings: dict,
    outputs: dict[str, str],
) -> None:
    """Rule write_topic_model: the chosen run's terms, labels, chunks, documents, prevalence, examples."""
    from policy_rhetoric.core.tables import write_tsv
    from policy_rhetoric.core.text import raw_text
    from policy_rhetoric.topics.selection import chosen_run

    k, seed = chosen_run(selection_tsv)
    corpus = read_topic_corpus(corpus_tsv, vocab_tsv)
    beta = np.load(find_run(betas, "lda", k, seed))
    theta = np.load(find_run(thetas, "lda", k, seed))
    order = order_topics(theta, corpus.weights())
    beta, theta = beta[order], theta[:, order]
    genres = document_genres(documents_tsv)

    terms = terms_table(beta, corpus.vocab, settings["top_n"], settings["frex_weight"])
    write_tsv(outputs["terms"], terms, TERM_COLUMNS)
    labels = topic_labels(terms, k, settings["labels"])
    write_tsv(outputs["labels"], sorted(labels.items()), ("topic", "label"))

    chunk_rows = [
        (*row[:6], topic, float(theta[i, topic]))
        for i, row in enumerate(corpus.rows)
        for topic in range(k)
    ]
    write_tsv(outputs["chunks"], chunk_rows, CHUNK_COLUMNS)

    weights = corpus.weights()
    doc_rows = []
    for doc_id, idx in group_indices([row[0] for row in corpus.rows]).items():
        share = (weights[idx] @ theta[idx]) / weights[idx].sum()
        doc_rows += [(doc_id, genres[doc_id], t, float(share[t])) for t in range(k)]
    write_tsv(outputs["documents"], doc_rows, DOC_TOPIC_COLUMNS)

    write_tsv(
        outputs["prevalence"],
        prevalence_rows(corpus, theta, genres, settings),
        PREVALENCE_COLUMNS,
        sort_by=["level", "group", "topic"],
    )
    paths = document_paths(documents_tsv)
    texts = {d: raw_text(paths[d]) for d in sorted({row[0] for row in corpus.rows})}
    write_tsv(
        outputs["examples"],
        example_rows(corpus, theta, texts, settings["examples_per_topic"]),
        EXAMPLE_COLUMNS,
    )


# ----------------------------------------------------------------------------------------------------
# Seeded topics (keyATM-style)


def seeded_eta(
    vocab: list[str], seeds: dict[str, list[str]], other_topics: int, strength: float
) -> tuple[np.ndarray, list[str]]:
    """Prior eta (topics x V) for seeded LDA: the seeded topics come first, one per category.

    Every cell is 1 / (number of topics), gensim's symmetric default; a seeded topic's own seed words
    get `strength` instead, so the prior puts that many pseudo-counts of each seed word in its topic.
    Returns (eta, topic names)."""
    names = sorted(seeds)
    n_topics = len(names) + other_topics
    eta = np.full((n_topics, len(vocab)), 1.0 / n_topics)
    index = {t: i for i, t in enumerate(vocab)}
    for topic, name in enumerate(names):
        ids = [index[w] for w in seeds[name] if w in index]
        eta[topic, ids] = strength
    return eta, names + [f"other_{i}" for i in range(other_topics)]


def run_fit_seeded_topics(
    selection_tsv: str,
    corpus_tsv: str,
    vocab_tsv: str,
    documents_tsv: str,
    lexicons: list[str],
    settings: dict,
    terms_out: str,
    share_out: str,
    seed_words_out: str,
) -> None:
    """Rule fit_seeded_topics: LDA with one seeded topic per lexicon category beside unseeded topics.

    The number of unseeded topics is topics.seeded.other_topics or the chosen K. The model is fitted
    once per seed of topics.seeds; the tables describe the run with the final model's seed, and
    seeded_share.tsv adds the range of the point estimates over all seeds (seed_min, seed_max), since
    seeded shares on a small corpus move with the seed. Writes the seeded model's terms, the share of
    each genre's and document's text the seeded topics take (bootstrap 95% intervals) and which seed
    words the vocabulary has (with their rank in their topic)."""
    from policy_rhetoric.core.tables import write_tsv
    from policy_rhetoric.topics.selection import chosen_run, fit_lda_run, frex, top_term_ids

    k, chosen_seed = chosen_run(selection_tsv)
    options = settings["seeded"]
    other = options["other_topics"] or k
    corpus = read_topic_corpus(corpus_tsv, vocab_tsv)
    seeds = {cat: t["en"] + t["zh"] for cat, t in lexicon_terms(lexicons).items()}
    eta, names = seeded_eta(corpus.vocab, seeds, other, options["strength"])
    n_seeded = len(seeds)
    genres = document_genres(documents_tsv)
    weights = corpus.weights()
    doc_ids = [row[0] for row in corpus.rows]
    fits, point = {}, {}
    for seed in sorted(set(settings["seeds"]) | {chosen_seed}):
        beta, theta, _, _ = fit_lda_run(
            corpus,
            k=len(names),
            seed=seed,
            passes=settings["passes"],
            iterations=settings["iterations"],
            eta=eta,
        )
        fits[seed] = (beta, theta)
        for level, groups in (("genre", [genres[d] for d in doc_ids]), ("document", doc_ids)):
            for group, idx in group_indices(groups).items():
                share = (weights[idx] @ theta[idx, :n_seeded]) / weights[idx].sum()
                for t in range(n_seeded):
                    point.setdefault((level, group, t), []).append(float(share[t]))
    beta, theta = fits[chosen_seed]

    scores = frex(beta, settings["frex_weight"])
    seeded_ids = {n: {corpus.index[w] for w in seeds[n] if w in corpus.index} for n in seeds}
    rows = []
    for topic, ids in enumerate(top_term_ids(beta, settings["top_n"])):
        own = seeded_ids.get(names[topic], set())
        for rank, i in enumerate(ids, start=1):
            rows.append(
                (
                    topic,
                    names[topic],
                    rank,
                    corpus.vocab[i],
                    float(beta[topic, i]),
                    float(scores[topic, i]),
                    "yes" if i in own else "",
                )
            )
    write_tsv(terms_out, rows, SEEDED_TERM_COLUMNS)

    share = prevalence_rows(corpus, theta[:, :n_seeded], genres, settings)
    write_tsv(
        share_out,
        [
            (
                r[0],
                r[1],
                names[r[2]],
                *r[3:],
                min(point[(r[0], r[1], r[2])]),
                max(point[(r[0], r[1], r[2])]),
            )
            for r in share
        ],
        (*PREVALENCE_COLUMNS, "seed_min", "seed_max"),
        sort_by=["level", "group", "topic"],
    )

    df = Counter(t for terms in corpus.terms for t in set(terms))
    ranks = {
        names[t]: {int(i): r for r, i in enumerate(np.argsort(-beta[t], kind="stable"), start=1)}
        for t in range(n_seeded)
    }
    words = []
    for name in sorted(seeds):
        for term in seeds[name]:
            i = corpus.index.get(term)
            words.append(
                (
                    name,
                    term,
                    "yes" if i is not None else "no",
                    df.get(term, 0),
                    ranks[name][i] if i is not None else "",
                )
            )
    write_tsv(seed_words_out, words, SEED_WORD_COLUMNS, sort_by=["category", "term"])
    used = {name: len(ids) for name, ids in seeded_ids.items()}
    log.warning("seeded topics: seed words in the vocabulary per category: %s", used)


# ----------------------------------------------------------------------------------------------------
# Optional pyLDAvis page


def run_visualize_topic_model(
    selection_tsv: str,
    corpus_tsv: str,
    vocab_tsv: str,
    betas: list[str],
    thetas: list[str],
    html_out: str,
) -> None:
    """Rule visualize_topic_model: a self-contained pyLDAvis page of the final model (JS inlined)."""
    from policy_rhetoric.core.errors import InputError
    from policy_rhetoric.core.tables import atomic_write_text
    from policy_rhetoric.topics.selection import chosen_run

    try:
        import pyLDAvis
    except ImportError as exc:
        raise InputError(
            "config",
            "topics.ldavis is true but pyLDAvis is not installed",
            "install the optional extra (pip install -e '.[viz]') or set topics.ldavis: false",
            field="topics.ldavis",
        ) from exc
    k, seed = chosen_run(selection_tsv)
    corpus = read_topic_corpus(corpus_tsv, vocab_tsv)
    beta = np.load(find_run(betas, "lda", k, seed))
    theta = np.load(find_run(thetas, "lda", k, seed))
    order = order_topics(theta, corpus.weights())
    beta, theta = beta[order], theta[:, order]
    counts = np.asarray(corpus.counts().sum(axis=0)).ravel()
    data = pyLDAvis.prepare(
        topic_term_dists=beta,
        doc_topic_dists=theta,
        doc_lengths=corpus.weights().astype(int),
        vocab=corpus.vocab,
        term_frequency=counts,
        R=30,
        mds="pcoa",
        n_jobs=1,
        sort_topics=False,
        start_index=0,
    )
    html = pyLDAvis.prepared_data_to_html(
        data,
        d3_url="d3.js",
        ldavis_url="ldavis.js",
        ldavis_css_url="ldavis.css",
        template_type="simple",
        visid="ldavis_topics",
    )
    atomic_write_text(html_out, inline_ldavis_assets(html))


def inline_ldavis_assets(html: str, title: str = "Topic model (pyLDAvis)") -> str:
    """A complete HTML page with the d3/LDAvis scripts and style that pyLDAvis ships inlined, so the
    page works offline and does not depend on a CDN."""
    import re

    import pyLDAvis

    js = Path(pyLDAvis.__file__).parent / "js"
    assets = {
        "d3.js": (js / "d3.v5.min.js").read_text(encoding="utf-8"),
        "ldavis.js": (js / "ldavis.v3.0.0.js").read_text(encoding="utf-8"),
    }
    css = (js / "ldavis.v1.0.0.css").read_text(encoding="utf-8")
    for name, code in assets.items():
        pattern = re.compile(rf'<script[^>]*src="{re.escape(name)}"[^>]*></script>')
        if not pattern.search(html):
            raise ValueError(
                f"pyLDAvis page has no script tag for {name}: unsupported pyLDAvis version"
            )
        html = pattern.sub(lambda _, code=code: f"<script>{code}</script>", html)
    html = re.sub(r'<link[^>]*href="ldavis.css"[^>]*>', lambda _: f"<style>{css}</style>", html)
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n</head>\n<body>\n{html}\n</body>\n</html>\n"
    )


# ----------------------------------------------------------------------------------------------------
# Figure: prevalence by genre with 95% intervals


def plot_topic_prevalence(prevalence, labels: dict[int, str], seeded, paths) -> None:
    """Dot-and-interval plot: share of each genre's primary text per topic (95% bootstrap intervals);
    a second panel shows the seeded topics' share when the seeded model ran."""
    import matplotlib.pyplot as plt

    from policy_rhetoric.paper.style import (
        figure_style,
        genre_color,
        genre_label,
        ordered_genres,
        save_figure,
    )

    panels = [
        ("Topics of the final model", prevalence, {t: f"{t}: {x}" for t, x in labels.items()})
    ]
    if seeded is not None and len(seeded):
        names = sorted(seeded["topic"].unique())
        panels.append(
            (
                "Seeded topics (separate LDA with a lexicon prior)",
                seeded.assign(topic=seeded["topic"].map(names.index)),
                {i: n.replace("_", "-") for i, n in enumerate(names)},
            )
        )
    by_genre = prevalence[prevalence["level"] == "genre"]
    genres = ordered_genres(by_genre["group"])
    n_chunks = by_genre.drop_duplicates("group").set_index("group")["n_chunks"]
    heights = [max(len(p[2]), 2) for p in panels]
    with figure_style():
        fig, axes = plt.subplots(
            len(panels),
            1,
            figsize=(5.2, 0.42 * sum(heights) + 0.9 * len(panels) + 0.5),
            gridspec_kw={"height_ratios": heights},
            squeeze=False,
        )
        step = 0.7 / max(len(genres), 1)
        for ax, (title, table, names) in zip(axes[:, 0], panels, strict=True):
            sub = table[table["level"] == "genre"]
            topics = sorted(names)
            for j, genre in enumerate(genres):
                g = sub[sub["group"] == genre].set_index("topic")
                y = np.array(topics) + (j - (len(genres) - 1) / 2) * step
                values = g.reindex(topics)
                est = values["proportion"].astype(float).to_numpy()
                low = values["ci_low"].astype(float).to_numpy()
                high = values["ci_high"].astype(float).to_numpy()
                color = genre_color(genre, genres)
                ax.hlines(y, low, high, color=color, linewidth=1.1)
                ax.plot(
                    est,
                    y,
                    "o",
                    color=color,
                    markersize=3.2,
                    label=f"{genre_label(genre)} ({n_chunks[genre]} chunks)",
                )
            ax.set_yticks(topics, [names[t] for t in topics])
            ax.set_ylim(len(topics) - 0.5, -0.5)
            ax.set_xlim(left=0)
            ax.set_title(title, loc="left")
            ax.grid(axis="x", linewidth=0.3, color="#dddddd")
            ax.set_axisbelow(True)
            ax.set_xlabel("Share of the genre's primary-voice text (modelled terms)")
        handles, legend_labels = axes[0, 0].get_legend_handles_labels()
        fig.legend(
            handles,
            legend_labels,
            loc="upper center",
            ncol=min(len(genres), 3),
            bbox_to_anchor=(0.5, 1.0),
            frameon=False,
        )
        legend_rows = -(-len(genres) // 3)
        fig.tight_layout(rect=(0, 0, 1, 1 - (0.17 * legend_rows + 0.08) / fig.get_figheight()))
        save_figure(fig, paths)


def run_plot_topic_prevalence(
    prevalence_tsv: str, labels_tsv: str, seeded_tsv: str | None, outputs: list[str]
) -> None:
    """Rule plot_topic_prevalence."""
    from policy_rhetoric.core.tables import read_tsv

    prevalence = read_tsv(prevalence_tsv)
    prevalence["topic"] = prevalence["topic"].astype(int)
    labels = {int(r.topic): r.label for r in read_tsv(labels_tsv).itertuples()}
    seeded = read_tsv(seeded_tsv) if seeded_tsv else None
    plot_topic_prevalence(prevalence, labels, seeded, outputs)
