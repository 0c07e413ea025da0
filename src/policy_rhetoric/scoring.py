"""Stage 3, score: lexicon matches with offsets into the source file, and rates per 1,000 tokens.

English entries match on lowercase lemmas (spaCy Matcher, longest match per pattern); Chinese entries
match on characters of Chinese segments. Matches never cross a sentence, and within one category
overlapping matches are resolved longest-first, so one span is never counted twice.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable

import pandas as pd
from spacy.matcher import Matcher
from spacy.tokens import Doc

from policy_rhetoric.lexicon import Entry, Lexicon, chinese_regex, english_token_patterns
from policy_rhetoric.tables import write_tsv

MATCH_COLUMNS = (
    "doc_id",
    "sent_id",
    "start_char",
    "end_char",
    "category",
    "subcategory",
    "term",
    "matched_text",
    "voice",
    "lang",
)
SCORE_COLUMNS = (
    "doc_id",
    "genre",
    "voice",
    "lang",
    "category",
    "subcategory",
    "hits",
    "tokens",
    "rate_per_1k",
)


class RhetoricMatcher:
    """All entries of some lexicons, compiled once and applied to sentences."""

    def __init__(self, lexicons: list[Lexicon], en_nlp):
        self.entries: dict[str, Entry] = {}
        self.matcher = Matcher(en_nlp.vocab)
        self.exclusions = Matcher(en_nlp.vocab)
        self.zh: list[tuple[str, object]] = []
        self.zh_exclusions: dict[str, list] = defaultdict(list)
        for lexicon in lexicons:
            for entry in lexicon.entries:
                key = f"{entry.category}/{entry.id}"
                self.entries[key] = entry
                if entry.en:
                    self.matcher.add(
                        key, [english_token_patterns(p, en_nlp) for p in entry.en], greedy="LONGEST"
                    )
                if entry.exclude_en:
                    self.exclusions.add(
                        key, [english_token_patterns(p, en_nlp) for p in entry.exclude_en]
                    )
                self.zh.extend((key, chinese_regex(p)) for p in entry.zh)
                self.zh_exclusions[key].extend(chinese_regex(p) for p in entry.exclude_zh)

    def match_english(self, span) -> list[tuple[str, int, int]]:
        """(entry key, start char, end char) in the span's Doc, exclusions applied, overlaps not yet resolved."""
        strings = self.matcher.vocab.strings
        vetoes = defaultdict(list)
        for key_hash, start, end in self.exclusions(span) if len(self.exclusions) else ():
            vetoes[strings[key_hash]].append(
                (span[start].idx, span[end - 1].idx + len(span[end - 1]))
            )
        found = []
        for key_hash, start, end in self.matcher(span):
            key = strings[key_hash]
            begin, finish = span[start].idx, span[end - 1].idx + len(span[end - 1])
            if not any(b < finish and begin < e for b, e in vetoes[key]):
                found.append((key, begin, finish))
        return found

    def match_chinese(self, text: str, base: int) -> list[tuple[str, int, int]]:
        """(entry key, start, end) of Chinese patterns in `text`, offsets shifted by `base`."""
        found = []
        for key, regex in self.zh:
            for m in regex.finditer(text):
                vetoed = any(
                    v.start() < m.end() and m.start() < v.end()
                    for ex in self.zh_exclusions[key]
                    for v in ex.finditer(text)
                )
                if not vetoed:
                    found.append((key, base + m.start(), base + m.end()))
        return found


def resolve_overlaps(
    found: Iterable[tuple[str, int, int]], entries: dict[str, Entry]
) -> list[tuple[str, int, int]]:
    """Within each category keep the longest matches that do not overlap (earliest first on ties)."""
    kept: list[tuple[str, int, int]] = []
    taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for key, start, end in sorted(set(found), key=lambda f: (-(f[2] - f[1]), f[1], f[0])):
        category = entries[key].category
        if any(s < end and start < e for s, e in taken[category]):
            continue
        taken[category].append((start, end))
        kept.append((key, start, end))
    return sorted(kept, key=lambda f: (f[1], f[2], f[0]))


def score_document(
    docs: list[Doc], sentences: pd.DataFrame, matcher: RhetoricMatcher, text: str
) -> list[tuple]:
    """Match rows (MATCH_COLUMNS) of one document from its kept Docs and its sentence table."""
    starts = sentences["start_char"].astype(int).tolist()
    ends = sentences["end_char"].astype(int).tolist()
    sent_ids = sentences["sent_id"].astype(int).tolist()
    rows = []
    for doc in docs:
        offset = doc.user_data["offset"]
        lang = doc.user_data["lang"]
        found: list[tuple[str, int, int]] = []
        for sent in doc.sents:
            if not sent.text.strip():
                continue
            if lang == "en":
                found += [(k, offset + s, offset + e) for k, s, e in matcher.match_english(sent)]
            else:
                found += matcher.match_chinese(sent.text, offset + sent.start_char)
        for key, start, end in resolve_overlaps(found, matcher.entries):
            entry = matcher.entries[key]
            i = bisect_right(starts, start) - 1
            if i < 0 or start >= ends[i]:
                continue
            rows.append(
                (
                    doc.user_data["doc_id"],
                    sent_ids[i],
                    start,
                    end,
                    entry.category,
                    entry.subcategory,
                    entry.id,
                    text[start:end],
                    doc.user_data["voice"],
                    lang,
                )
            )
    return rows


def write_matches(path: str | os.PathLike, rows: list[tuple]) -> None:
    write_tsv(
        path, rows, MATCH_COLUMNS, sort_by=("doc_id", "start_char", "end_char", "category", "term")
    )


def rate_table(
    sentences: pd.DataFrame, matches: pd.DataFrame, documents: pd.DataFrame, categories: list[str]
) -> pd.DataFrame:
    """Hits, tokens and rate per 1,000 tokens per document x voice x language x category.

    Every document x voice x language that has sentences gets a row for every category, zeros included."""
    sentences = sentences.assign(n_tokens=sentences["n_tokens"].astype(int))
    tokens = (
        sentences.groupby(["doc_id", "voice", "lang"], as_index=False)["n_tokens"]
        .sum()
        .rename(columns={"n_tokens": "tokens"})
    )
    cells = tokens.merge(pd.DataFrame({"category": categories}), how="cross")
    hits = (
        matches.groupby(["doc_id", "voice", "lang", "category"]).size().rename("hits").reset_index()
    )
    table = cells.merge(hits, how="left", on=["doc_id", "voice", "lang", "category"])
    table["hits"] = table["hits"].fillna(0).astype(int)
    table["rate_per_1k"] = (1000.0 * table["hits"] / table["tokens"]).where(
        table["tokens"] > 0, 0.0
    )
    table = table.merge(documents[["doc_id", "genre"]], on="doc_id", how="left")
    table["subcategory"] = "all"
    return (
        table[list(SCORE_COLUMNS)]
        .sort_values(["doc_id", "voice", "lang", "category"])
        .reset_index(drop=True)
    )


def run_match_rhetoric(
    docbin: str,
    sentences_tsv: str,
    source: str,
    lexicon_paths: list[str],
    output: str,
    *,
    en_model: str = "blank",
) -> None:
    """Rule match_rhetoric: one document's matches."""
    from policy_rhetoric.ingest import raw_text
    from policy_rhetoric.lexicon import load_lexicons
    from policy_rhetoric.tables import read_tsv
    from policy_rhetoric.tokenization import load_pipeline, read_docs

    matcher = RhetoricMatcher(load_lexicons(lexicon_paths), load_pipeline("en", en_model))
    write_matches(
        output,
        score_document(read_docs(docbin), read_tsv(sentences_tsv), matcher, raw_text(source)),
    )


def run_summarize_rhetoric(
    match_tables: list[str],
    sentences_tsv: str,
    documents_tsv: str,
    lexicon_paths: list[str],
    matches_out: str,
    scores_out: str,
) -> None:
    """Rule summarize_rhetoric: all matches in one table, and the rate table."""
    from policy_rhetoric.lexicon import load_lexicons
    from policy_rhetoric.tables import read_tsv, write_frame

    frames = [read_tsv(t) for t in match_tables]
    matches = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=MATCH_COLUMNS)
    )
    matches = matches.assign(
        start_char=matches["start_char"].astype(int),
        end_char=matches["end_char"].astype(int),
        sent_id=matches["sent_id"].astype(int),
    )
    write_matches(
        matches_out, list(matches[list(MATCH_COLUMNS)].itertuples(index=False, name=None))
    )
    categories = [lx.category for lx in load_lexicons(lexicon_paths)]
    write_frame(
        scores_out,
        rate_table(read_tsv(sentences_tsv), matches, read_tsv(documents_tsv), categories),
    )
