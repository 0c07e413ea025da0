"""Stage 4, topics: chunks of primary-voice text and their modelling terms (rule prepare_topic_corpus).

Modelling unit: a chunk is a paragraph (one primary segment) or a window of N sentences of the primary
voice, never crossing documents, languages or a stretch of another voice. Its offsets are Python str
indices into the source file, so every example passage can be shown.

Terms: English chunks contribute lowercase lemmas (hyphenated compounds such as "self-reliance" kept as
one term; words of 3+ Latin letters); Chinese chunks are segmented by a private jieba tokenizer that knows
the lexicons' Chinese terms (without `...` gaps) and `topics.zh_user_words`, so 自立自强 or 关键核心技术
stay single terms where jieba alone would split them (the global jieba dictionary used by the tokenize
stage is left untouched). Stop words (spaCy's English and Chinese lists plus `topics.extra_stopwords`),
numbers, punctuation and one-character Chinese words are dropped; the vocabulary filter is in corpus.py.
"""

from __future__ import annotations

import logging
import sys
from collections import Counter
from functools import cache
from itertools import product

import numpy as np

from policy_rhetoric.core.tables import write_tsv
from policy_rhetoric.corpus.shard_tokens import iter_documents
from policy_rhetoric.corpus.tokens import load_pipeline, stop_words
from policy_rhetoric.corpus.voice import HAN
from policy_rhetoric.rhetoric.lexicon import ANY, GAP, load_lexicons
from policy_rhetoric.topics.corpus import (
    CORPUS_COLUMNS,
    LEXICON_TERM_COLUMNS,
    VOCAB_COLUMNS,
    Chunk,
    TopicCorpus,
    build_topic_corpus,
)

log = logging.getLogger(__name__)
TOPIC_LANGUAGES = ("en", "zh")


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


def own_segments(patterns) -> list[list[str]]:
    """The words of each English pattern itself, without its condition context: [units] per pattern.

    A pattern without `...` gaps is its own words. A gapped pattern is a word or phrase and the
    context it must stand near ("self-reliance ... ... ... ... science|technology|industry", "dependence
    on ... foreign|import|overseas", "through|by our|its|their own efforts ... grain|technology"). A
    condition is one broad choice of context words, so of the segments between gaps: those of the most
    units are kept (a phrase is what the pattern is about: "dependence on", "own efforts"); among these,
    those that recur most often among the entry's patterns (the self-reliance words recur, the
    technology lists beside them vary); among these the narrowest (fewest alternatives); ties keep every
    tied segment. Units come before recurrence because an entry may repeat one condition list beside
    several phrases ("dependence on ... foreign|import", "rely on ... foreign|import"), and there the
    condition recurs most."""
    split = []
    for pattern in patterns:
        segments, current = [], []
        for unit in pattern.split():
            if unit == GAP:
                if current:
                    segments.append(" ".join(current))
                current = []
            else:
                current.append(unit)
        if current:
            segments.append(" ".join(current))
        split.append(segments)
    recurrence = Counter(seg for segments in split for seg in set(segments))

    def width(segment: str) -> int:
        return sum(len(unit.split("|")) for unit in segment.split())

    def keep(candidates, key, best):
        top = best(key(seg) for seg in candidates)
        return [seg for seg in candidates if key(seg) == top]

    out = []
    for segments in split:
        if len(segments) == 1:
            out.append(segments[0].split())
            continue
        candidates = keep(segments, lambda seg: len(seg.split()), max)
        candidates = keep(candidates, recurrence.__getitem__, max)
        out += [seg.split() for seg in keep(candidates, width, min)]
    return out


def lexicon_terms(lexicon_paths, nlp=None) -> dict[str, dict[str, list[str]]]:
    """Seed terms of each lexicon category: {category: {"en": [...], "zh": [...]}}.

    English: the words of each pattern itself (`own_segments`: a gapped pattern gives the words it is
    about, not the condition context it must stand near): every single word (choices `a|b` each
    count) lemmatized as the chunks are, and several words without optional words as Phrases-style
    terms ("core_technology"), which only matter when topics.phrases is on. Chinese: every pattern
    without a `...` gap. Sorted, distinct."""
    nlp = nlp or load_pipeline("en", "blank")
    out: dict[str, dict[str, set]] = {}
    for lexicon in load_lexicons(lexicon_paths):
        terms = out.setdefault(lexicon.category, {"en": set(), "zh": set()})
        for entry in lexicon.entries:
            for units in own_segments(entry.en):
                if ANY in units or any(u.endswith("?") and len(u) > 1 for u in units):
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
                    tuple(map(sys.intern, terms)),  # one string per distinct term
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


def write_topic_corpus(corpus: TopicCorpus, corpus_out: str, vocab_out: str) -> None:
    """topics/corpus.tsv (chunks with their terms) and topics/vocabulary.tsv (term counts)."""
    write_tsv(
        corpus_out,
        ((*row, " ".join(corpus.chunk_terms(i))) for i, row in enumerate(corpus.rows)),
        CORPUS_COLUMNS,
    )
    df, cf = corpus.document_frequency().tolist(), corpus.term_frequency().tolist()
    write_tsv(vocab_out, [(i, t, df[i], cf[i]) for i, t in enumerate(corpus.vocab)], VOCAB_COLUMNS)


def write_lexicon_terms(seeds: dict, lang: str, path: str) -> None:
    """topics/{lang}/lexicon_terms.tsv: the seed terms (`lexicon_terms`) of each category in `lang`,
    a category without one as a row with an empty term (read back by corpus.read_lexicon_terms)."""
    rows = [
        (category, term) for category in sorted(seeds) for term in (seeds[category][lang] or [""])
    ]
    write_tsv(path, rows, LEXICON_TERM_COLUMNS)


def run_prepare_topic_corpus(
    docbins: list[str],
    lexicons: list[str],
    corpus_out: str,
    vocab_out: str,
    lexicon_terms_out: str,
    *,
    lang: str,
    unit: str,
    window_sentences: int,
    extra_stopwords: list[str],
    zh_user_words: list[str],
    seeded: bool,
    keep_seed_words: bool,
    phrases: dict,
    min_df: int,
    max_df: float,
    min_chunk_tokens: int,
    heldout_fraction: float,
    reference_fraction: float,
    resampling_seed: int,
) -> None:
    """Rule prepare_topic_corpus: chunk every document's primary voice in `lang`, filter, write the
    corpus of that language's model (one model per language of topics.languages) and the lexicons'
    seed terms in `lang` (`lexicon_terms_out`, for fit_seeded_topics).

    With `seeded` and `keep_seed_words` the lexicons' words in `lang` stay in the vocabulary below
    `min_df`."""
    stopwords = stop_words(TOPIC_LANGUAGES, extra_stopwords)
    seeds = lexicon_terms(lexicons)
    zh_words = sorted({t for s in seeds.values() for t in s["zh"]} | set(zh_user_words))
    segmenter = chinese_segmenter(tuple(zh_words)) if lang == "zh" else None
    keep = (
        frozenset(t for s in seeds.values() for t in s[lang])
        if seeded and keep_seed_words
        else frozenset()
    )
    chunks: list[Chunk] = []
    for _, docs in iter_documents(sorted(docbins)):
        chunks += make_chunks(
            docs,
            unit=unit,
            window_sentences=window_sentences,
            stopwords=stopwords,
            segmenter=segmenter,
            languages=(lang,),
        )
    corpus = build_topic_corpus(
        chunks,
        min_df=min_df,
        max_df=max_df,
        min_chunk_tokens=min_chunk_tokens,
        phrases=phrases,
        heldout_fraction=heldout_fraction,
        reference_fraction=reference_fraction,
        seed=resampling_seed,
        keep_terms=keep,
    )
    log.warning(
        "%s: %d chunks of %d kept (min_chunk_tokens %d), vocabulary %d terms, %d chunks held out, "
        "%d chunks of %d reference documents",
        lang,
        corpus.n_chunks,
        len(chunks),
        min_chunk_tokens,
        len(corpus.vocab),
        len(corpus.heldout_rows()),
        len(corpus.reference_rows()),
        len({corpus.rows[i][0] for i in corpus.reference_rows()}),
    )
    write_topic_corpus(corpus, corpus_out, vocab_out)
    write_lexicon_terms(seeds, lang, lexicon_terms_out)
