"""Rhetoric stage, dictionary expansion: candidate terms for a person to review (never added).

After King, Lam and Roberts (2017), a category's **reference set** is the sentences its entries already
match and the **search set** is the sentences of the language with no match of the category. A candidate
term is a word or a phrase of the corpus (the lowercase words in English, the jieba words in Chinese, and
the phrases that adjacent words form more often than chance: normalized PMI of a pair of adjacent
non-stop words, merged in two passes, so up to four words: 关键 核心 技术, trade war). Each candidate
is scored on two independent signals:

* **discrimination** (`log_odds_z`): how much more often the candidate occurs in the reference set's
  sentences than in the search set's, the z-score of the log-odds ratio with an informative Dirichlet
  prior (Monroe, Colaresi and Quinn 2008; sentence counts, the prior is the corpus-wide sentence counts
  scaled to `prior` pseudo-sentences);
* **substitutability** (`similarity`): the mean cosine of the candidate's Word2Vec vector (gensim,
  skip-gram, trained on this language's sentences with the phrases merged) to its `NEIGHBOURS` nearest
  seeds, the seeds being the corpus words and phrases that the category's entries match (at least half
  of their occurrences overlap a match), after removing the vocabulary's mean vector.

A word that co-occurs with the entries (高水平 before 科技自立自强) discriminates but is no substitute for
them; a word used like them (a synonym, a sibling term) is. `score` is the mean of the two percentile
ranks among the eligible candidates, so a candidate must do well on both. When the language has fewer
than `min_embedding_tokens` training tokens, no embedding is trained (too few words to place a word
by its contexts: the embedded corpus's five documents): `embedding` says so on every row, `similarity`
is empty, and `score` is the discrimination's percentile rank alone.

Eligible candidates: not a stop word, not a number, not one character (one letter, two in English),
at least `min_count` occurrences, in at most `max_sentence_share` of the sentences (very general words:
发展, development), more typical of the reference set than of the search set (`log_odds_z` > 0), and
not already an entry: fewer than half of its occurrences overlap a match of the category, and (Chinese)
it neither contains nor is contained in one of the category's terms.

Each candidate carries what a reader needs to judge it: its frequency, documents and sentences, the
number of reference sentences it occurs in, `matched_share` (the share of its sentences that already
hold a match of the category: near 1, it would add little recall), `new_sentences` (its sentences
without any match of the category: what adding it would add, in recall or in false positives), and
three KWIC lines with character offsets, from new sentences first and from different documents.
"""

from __future__ import annotations

import bisect
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import sparse

from policy_rhetoric.core.tables import read_tsv, write_tsv
from policy_rhetoric.core.text import raw_text
from policy_rhetoric.corpus.shard_tokens import iter_documents
from policy_rhetoric.corpus.tokens import load_pipeline, stop_words
from policy_rhetoric.rhetoric.keyness import log_odds_dirichlet
from policy_rhetoric.rhetoric.lexicon import load_lexicons

EXPANSION_COLUMNS = (
    "lang",
    "category",
    "subcategory",
    "rank",
    "candidate",
    "score",
    "log_odds_z",
    "unit_affinity",
    "similarity",
    "nearest_seed",
    "frequency",
    "documents",
    "sentences",
    "reference_sentences",
    "matched_share",
    "new_sentences",
    "embedding",
    "kwic_1",
    "kwic_2",
    "kwic_3",
)
ALL = "all"
KWIC_LINES = 3
NEIGHBOURS = 3  # similarity: mean cosine to this many nearest seeds
COVERED = (
    0.5  # a word with at least this share of its occurrences inside matches is already an entry
)
PHRASE_PASSES = 2  # two passes of pair merging: phrases of up to four words
TRAINED = "trained"
_HAN = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]{2,}$")
_EN_WORD = re.compile(r"^[a-z][a-z\-]{2,}$")
_PATTERN_WORD = re.compile(r"[a-z]+")  # the tokenizer splits "self-reliance" into self, -, reliance
_ZH_NUMBER = re.compile(r"^[〇零一二三四五六七八九十百千万亿两几多半第个年月日号次届倍余]+$")
_JOIN = {"en": " ", "zh": ""}


def stable_hash(text: str) -> int:
    """A hash that does not change between processes (gensim's default, `hash`, is salted per run)."""
    return zlib.crc32(text.encode("utf-8"))


def _word(token, lang: str) -> str | None:
    """The training form of a token, or None for tokens left out (punctuation, numbers, one letter)."""
    text = token.text.strip().lower()
    if lang == "zh":
        return text if _HAN.match(text) and not _ZH_NUMBER.match(text) else None
    return text if _EN_WORD.match(text) else None


def corpus_sentences(docs: Iterable, lang: str) -> list[dict]:
    """Sentences of `lang` with their words, each word's raw character offsets and token index (two
    words are adjacent, and may form a phrase, only when their token indexes are consecutive)."""
    out = []
    for doc in docs:
        if doc.user_data.get("lang") != lang:
            continue
        offset = int(doc.user_data.get("offset", 0))
        for sent in doc.sents:
            words, spans, index = [], [], []
            for token in sent:
                word = _word(token, lang)
                if word is not None:
                    words.append(word)
                    spans.append((offset + token.idx, offset + token.idx + len(token.text)))
                    index.append((token.i, token.i))
            if words:
                out.append(
                    {
                        "doc_id": doc.user_data["doc_id"],
                        "start": offset + sent.start_char,
                        "end": offset + sent.end_char,
                        "words": words,
                        "spans": spans,
                        "index": index,
                    }
                )
    return out


def phrase_pairs(
    sentences: list[dict], stop: frozenset[str], *, min_count: int, threshold: float
) -> set[tuple[str, str]]:
    """Adjacent pairs of non-stop words that occur at least `min_count` times with a normalized PMI
    (log p(ab) / p(a) p(b), divided by -log p(ab); 1 = always together) of at least `threshold`."""
    unigrams: Counter = Counter()
    pairs: Counter = Counter()
    for s in sentences:
        unigrams.update(s["words"])
        for k in range(len(s["words"]) - 1):
            a, b = s["words"][k], s["words"][k + 1]
            if s["index"][k][1] + 1 == s["index"][k + 1][0] and a not in stop and b not in stop:
                pairs[(a, b)] += 1
    total = sum(unigrams.values())
    kept = set()
    for (a, b), n in pairs.items():
        if n < min_count:
            continue
        p_ab = n / total
        npmi = math.log(p_ab / (unigrams[a] / total * unigrams[b] / total)) / -math.log(p_ab)
        if npmi >= threshold:
            kept.add((a, b))
    return kept


def merge_phrases(sentences: list[dict], pairs: set[tuple[str, str]], lang: str) -> list[dict]:
    """The sentences with every pair of `pairs` merged into one word (left to right, greedily),
    spans and token indexes joined."""
    join = _JOIN[lang]
    out = []
    for s in sentences:
        words, spans, index = [], [], []
        k = 0
        n = len(s["words"])
        while k < n:
            if (
                k + 1 < n
                and (s["words"][k], s["words"][k + 1]) in pairs
                and s["index"][k][1] + 1 == s["index"][k + 1][0]
            ):
                words.append(s["words"][k] + join + s["words"][k + 1])
                spans.append((s["spans"][k][0], s["spans"][k + 1][1]))
                index.append((s["index"][k][0], s["index"][k + 1][1]))
                k += 2
            else:
                words.append(s["words"][k])
                spans.append(s["spans"][k])
                index.append(s["index"][k])
                k += 1
        out.append({**s, "words": words, "spans": spans, "index": index})
    return out


def seed_words(lexicons, lang: str, segment) -> dict[tuple[str, str], set[str]]:
    """Per (category, subcategory) and (category, "all"): the words of the entries' patterns (the
    seeds of a subcategory that matched nothing in the corpus).

    English: the words of the patterns (choices split, `...`, `*`, `=` and `?` dropped); Chinese: the
    terms (`...` splits a term) and the words `segment` (jieba) cuts them into."""
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
                        words |= {part} if _HAN.match(part) else set()
            seeds[(lexicon.category, entry.subcategory)] |= words
            seeds[(lexicon.category, ALL)] |= words
    return seeds


def zh_terms(lexicons) -> dict[str, set[str]]:
    """Per category, the Chinese terms of its entries (`...` splits a term into its parts)."""
    terms: dict[str, set[str]] = defaultdict(set)
    for lexicon in lexicons:
        for entry in lexicon.entries:
            for pattern in entry.zh:
                terms[lexicon.category] |= {p for p in pattern.split("...") if p}
    return terms


def _kwic(text_of: dict[str, str], doc_id: str, start: int, end: int, window: int) -> str:
    text = text_of.get(doc_id, "")
    left = re.sub(r"\s+", " ", text[max(0, start - window) : start])
    right = re.sub(r"\s+", " ", text[end : end + window])
    return f"{doc_id}:{start}-{end} {left}[{text[start:end]}]{right}"


def _spans_by_doc(matches: pd.DataFrame) -> dict[str, list[tuple[int, int, str, str]]]:
    by_doc: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    for row in matches.itertuples(index=False):
        by_doc[row.doc_id].append(
            (int(row.start_char), int(row.end_char), row.category, row.subcategory)
        )
    for spans in by_doc.values():
        spans.sort()
    return by_doc


def matched_sentences(sentences: list[dict], matches: pd.DataFrame, category: str) -> np.ndarray:
    """For each sentence, whether a match of `category` overlaps it."""
    found = np.zeros(len(sentences), dtype=bool)
    by_doc = _spans_by_doc(matches[matches["category"] == category])
    for i, sent in enumerate(sentences):
        spans = by_doc.get(sent["doc_id"], [])
        j = bisect.bisect_left(spans, (sent["end"],))
        found[i] = any(s < sent["end"] and e > sent["start"] for s, e, _, _ in spans[:j])
    return found


def _overlaps(spans: list[tuple[int, int, str, str]], longest: int, start: int, end: int):
    """The (category, subcategory) of the matches in `spans` (sorted) that overlap [start, end)."""
    lo = bisect.bisect_left(spans, (start - longest,))
    hi = bisect.bisect_left(spans, (end,))
    return {(c, sc) for s, e, c, sc in spans[lo:hi] if s < end and e > start}


def occurrence_coverage(
    sentences: list[dict], matches: pd.DataFrame
) -> dict[tuple[str, str], Counter]:
    """Per (category, subcategory) and (category, "all"): per word, how many of its occurrences
    overlap a match of that key."""
    by_doc = _spans_by_doc(matches)
    longest = max((e - s for spans in by_doc.values() for s, e, _, _ in spans), default=0)
    covered: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for sent in sentences:
        spans = by_doc.get(sent["doc_id"])
        if not spans:
            continue
        for word, (start, end) in zip(sent["words"], sent["spans"], strict=True):
            keys = _overlaps(spans, longest, start, end)
            for key in keys | {(c, ALL) for c, _ in keys}:
                covered[key][word] += 1
    return covered


def train_vectors(
    sentences: list[dict], *, seed: int, vector_size: int, window: int, min_count: int, epochs: int
) -> dict[str, np.ndarray]:
    """Word2Vec (skip-gram, one worker, seeded, process-independent hash) unit vectors, after removing
    the vocabulary's mean vector (a small corpus puts all vectors in one cone)."""
    from gensim.models import Word2Vec

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
        return {}
    vectors = np.array([model.wv[w] for w in vocab], dtype=float)
    vectors -= vectors.mean(axis=0)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return dict(zip(vocab, vectors, strict=True))


def _units(word: str, lang: str) -> set[str]:
    return set(word) if lang == "zh" else set(word.split(" "))


def unit_affinity(
    candidates: list[str], seeds: Iterable[str], vocabulary: Iterable[str], lang: str
) -> np.ndarray:
    """Per candidate, the largest affinity of one of its units (characters in Chinese, words in
    English) to the seeds: the number of seeds that contain the unit over one more than the number of
    vocabulary words that do (军 in 我军: most words with 军 are entries; 我 is in few of them)."""
    in_seeds: Counter = Counter(u for w in set(seeds) for u in _units(w, lang))
    in_vocabulary: Counter = Counter(u for w in set(vocabulary) for u in _units(w, lang))
    return np.array(
        [
            max((in_seeds[u] / (in_vocabulary[u] + 1) for u in _units(w, lang)), default=0.0)
            for w in candidates
        ]
    )


def percentile_rank(values: np.ndarray) -> np.ndarray:
    """Each value's rank among `values` as a share in (0, 1] (ties share their mean rank)."""
    return pd.Series(values).rank(method="average").to_numpy() / max(len(values), 1)


def propose_candidates(
    sentences: list[dict],
    lexicons,
    matches: pd.DataFrame,
    texts: dict[str, str],
    lang: str,
    segment,
    *,
    seed: int,
    vector_size: int = 100,
    window: int = 5,
    min_count: int = 3,
    epochs: int = 10,
    top_n: int = 50,
    kwic_window: int = 60,
    prior: float = 1000.0,
    max_sentence_share: float = 0.02,
    phrase_threshold: float = 0.5,
    min_embedding_tokens: int = 100_000,
) -> list[tuple]:
    """Ranked candidates per (category, subcategory) of one language (EXPANSION_COLUMNS rows)."""
    if not sentences:
        return []
    matches = matches[matches["lang"] == lang]
    stop = stop_words([lang])
    pairs = phrase_pairs(sentences, stop, min_count=min_count, threshold=phrase_threshold)
    phrased = sentences
    for _ in range(PHRASE_PASSES):
        phrased = merge_phrases(phrased, pairs, lang)
        pairs = phrase_pairs(phrased, stop, min_count=min_count, threshold=phrase_threshold)
    # candidates are the words and the phrases: a word inside a phrase still counts as the word
    sentences = [
        {
            **u,
            "words": u["words"]
            + [w for w, (a, b) in zip(p["words"], p["index"], strict=True) if b > a],
            "spans": u["spans"]
            + [sp for sp, (a, b) in zip(p["spans"], p["index"], strict=True) if b > a],
        }
        for u, p in zip(sentences, phrased, strict=True)
    ]
    tokens = sum(len(s["words"]) for s in phrased)
    vectors: dict[str, np.ndarray] = {}
    if tokens >= min_embedding_tokens:
        vectors = train_vectors(
            phrased,
            seed=seed,
            vector_size=vector_size,
            window=window,
            min_count=min_count,
            epochs=epochs,
        )
    embedding = (
        TRAINED
        if vectors
        else f"not trained: {tokens} tokens < min_embedding_tokens {min_embedding_tokens}"
    )

    vocab = sorted({w for s in sentences for w in s["words"]})
    vid = {w: i for i, w in enumerate(vocab)}
    frequency = np.zeros(len(vocab), dtype=int)
    where: list[list[int]] = [[] for _ in vocab]
    for k, s in enumerate(sentences):
        for w in s["words"]:
            frequency[vid[w]] += 1
        for w in dict.fromkeys(s["words"]):
            where[vid[w]].append(k)
    n_sentences = np.array([len(x) for x in where])
    incidence = sparse.csr_matrix(  # word x sentence, 1 where the word occurs in the sentence
        (
            np.ones(int(n_sentences.sum())),
            (np.repeat(np.arange(len(vocab)), n_sentences), [k for x in where for k in x]),
        ),
        shape=(len(vocab), len(sentences)),
    )
    n_documents = np.array([len({sentences[k]["doc_id"] for k in x}) for x in where])
    covered = occurrence_coverage(sentences, matches)
    terms = zh_terms(lexicons) if lang == "zh" else {}
    fallback = seed_words(lexicons, lang, segment)
    keys = sorted(
        {(lexicon.category, ALL) for lexicon in lexicons}
        | {(lexicon.category, e.subcategory) for lexicon in lexicons for e in lexicon.entries}
    )
    matched = {c: matched_sentences(sentences, matches, c) for c, _ in keys}
    sub_matched = {
        key: matched_sentences(sentences, matches[matches["subcategory"] == key[1]], key[0])
        for key in keys
        if key[1] != ALL
    }
    general = n_sentences > max(max_sentence_share * len(sentences), min_count)
    plain = np.array(
        [w not in stop and not any(p in stop for p in w.split(" ")) for w in vocab], dtype=bool
    )
    rows = []
    for category, subcategory in keys:
        key = (category, subcategory)
        in_category = matched[category]
        reference = in_category if subcategory == ALL else sub_matched[key]
        if not reference.any():
            continue
        cover_cat = np.array([covered[(category, ALL)][w] for w in vocab]) / frequency
        cover_key = np.array([covered[key][w] for w in vocab]) / frequency
        contains = np.array(
            [any(t in w or w in t for t in terms.get(category, ())) for w in vocab], dtype=bool
        )
        y_ref = incidence @ reference.astype(float)
        y_search = incidence @ (~in_category).astype(float)
        background = y_ref + y_search + 0.01
        delta, se = log_odds_dirichlet(y_ref, y_search, prior * background / background.sum())
        z = delta / se
        eligible = (
            plain
            & ~general
            & (frequency >= min_count)
            & (cover_cat < COVERED)
            & ~contains
            & (z > 0)
        )
        candidates = np.flatnonzero(eligible)
        if not len(candidates):
            continue
        seeds = sorted(w for w, c in zip(vocab, cover_key, strict=True) if c >= COVERED)
        seeds = [w for w in seeds if w in vectors] or sorted(
            w for w in fallback.get(key, ()) if w in vectors
        )
        similarity = np.full(len(candidates), np.nan)
        nearest = [""] * len(candidates)
        if vectors and seeds:
            seed_matrix = np.array([vectors[w] for w in seeds])
            for j, i in enumerate(candidates):
                if vocab[i] not in vectors:
                    continue
                cosines = seed_matrix @ vectors[vocab[i]]
                top = np.argsort(-cosines, kind="stable")[:NEIGHBOURS]
                similarity[j] = float(cosines[top].mean())
                nearest[j] = seeds[int(top[0])]
        key_seeds = [w for w, c in zip(vocab, cover_key, strict=True) if c >= COVERED]
        affinity = unit_affinity(
            [vocab[i] for i in candidates],
            key_seeds,
            [w for w, f in zip(vocab, frequency, strict=True) if f >= min_count] + key_seeds,
            lang,
        )
        # with an embedding, a candidate is ranked on how like the entries it is (similarity, affinity),
        # discrimination only admitting it (z > 0): ranked on z, the words that co-occur with the
        # entries (topic words) crowd out the ones used like them; without one, z replaces similarity
        second = (
            np.where(np.isnan(similarity), -1.0, similarity) if vectors and seeds else z[candidates]
        )
        score = (percentile_rank(affinity) + percentile_rank(second)) / 2
        order = sorted(
            range(len(candidates)),
            key=lambda j: (-round(float(score[j]), 9), vocab[candidates[j]]),
        )[:top_n]
        for rank, j in enumerate(order, start=1):
            i = candidates[j]
            word = vocab[i]
            ids = where[i]
            new = [k for k in ids if not in_category[k]]
            hits = []
            for k in new + [k for k in ids if in_category[k]]:
                s = sentences[k]
                hits += [
                    (s["doc_id"], *span)
                    for w, span in zip(s["words"], s["spans"], strict=True)
                    if w == word
                ][:1]
            picked, docs_seen = [], set()
            for hit in hits:
                if hit[0] not in docs_seen:
                    picked.append(hit)
                    docs_seen.add(hit[0])
            picked += [h for h in hits if h not in picked]
            kwic = [_kwic(texts, d, s, e, kwic_window) for d, s, e in picked[:KWIC_LINES]]
            kwic += [""] * (KWIC_LINES - len(kwic))
            rows.append(
                (
                    lang,
                    category,
                    subcategory,
                    rank,
                    word,
                    round(float(score[j]), 4),
                    round(float(z[i]), 3),
                    round(float(affinity[j]), 4),
                    None if np.isnan(similarity[j]) else round(float(similarity[j]), 4),
                    nearest[j],
                    int(frequency[i]),
                    int(n_documents[i]),
                    int(n_sentences[i]),
                    int(y_ref[i]),
                    round(float(in_category[ids].mean()), 4),
                    len(new),
                    embedding,
                    *kwic,
                )
            )
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
    prior: float,
    max_sentence_share: float,
    phrase_threshold: float,
    min_embedding_tokens: int,
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

        rows += propose_candidates(
            sentences,
            lexicons,
            matches,
            texts,
            lang,
            segment,
            seed=seed,
            vector_size=vector_size,
            window=window,
            min_count=min_count,
            epochs=epochs,
            top_n=top_n,
            kwic_window=kwic_window,
            prior=prior,
            max_sentence_share=max_sentence_share,
            phrase_threshold=phrase_threshold,
            min_embedding_tokens=min_embedding_tokens,
        )
    write_tsv(output, rows, EXPANSION_COLUMNS, sort_by=("lang", "category", "subcategory", "rank"))
