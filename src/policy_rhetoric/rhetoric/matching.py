"""Rhetoric stage, matching: lexicon matches with offsets into the source file.

English entries match on lowercase lemmas (all patterns compiled once into `TokenPatterns`, run once
per kept Doc; no match crosses a sentence boundary); Chinese entries match on the characters of Chinese
segments, never across a sentence. An entry's exclusions veto the matches of that entry they overlap.
Within one category overlapping matches are resolved longest-first, so one span is never counted twice;
different categories may share a span (a blockade is both militarized and a foreign restriction).

The rate tables and their intervals built on the matches live in `policy_rhetoric.rhetoric.rates`,
the genre comparisons in `rhetoric.comparisons`; the check against hand coding in `rhetoric.validation`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Doc

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.tables import read_tsv_columns
from policy_rhetoric.core.text import raw_text, simplified
from policy_rhetoric.corpus.shard_tokens import TokenTable
from policy_rhetoric.corpus.tokens import load_pipeline, read_docs
from policy_rhetoric.rhetoric.lexicon import (
    Entry,
    Lexicon,
    chinese_regex,
    english_token_patterns,
    load_lexicons,
)
from policy_rhetoric.rhetoric.match_table import write_matches

_ZH_SENTENCE_END = re.compile("[。！？；!?;\n]")


# a sentence table's SENTENCE_OFFSET_COLUMNS by name: a DataFrame, or the columns read as text
# (read_sentence_offsets: no pandas, whose import a job pays 0.4 CPU-s for)
SentenceTable = Mapping[str, Sequence]
SENTENCE_OFFSET_COLUMNS = ("doc_id", "sent_id", "start_char", "end_char")

_QUOTES = "'\"‘’“”«»‹›「」『』„‚`´"


class Columns:
    """The lemma, lowercase and word columns of some tokens (and their sentence numbers) as
    TokenPatterns reads them: an index from each value of `wanted` (per column: the values the
    patterns ask for) to the positions that hold it."""

    def __init__(self, lemma, lower, orth, sentence, wanted: Sequence[Iterable[int]]):
        self.sentence = np.asarray(sentence)
        self.arrays = (lemma, lower, orth)
        self.wanted = [np.array(sorted(values), dtype=np.uint64) for values in wanted]
        self._index: list[tuple | None] = [None, None, None]
        self._positions: dict[tuple[int, frozenset], np.ndarray] = {}
        self._sentences: dict[tuple[int, frozenset], np.ndarray] = {}

    def positions(self, col: int, values: frozenset) -> np.ndarray:
        """Sorted positions whose value in column `col` is one of `values`."""
        key = (col, values)
        found = self._positions.get(key)
        if found is None:
            index = self._index[col]
            if index is None:
                # the positions of wanted values only, sorted by value (then position)
                held = np.flatnonzero(np.isin(self.arrays[col], self.wanted[col]))
                by_value = held[np.argsort(self.arrays[col][held], kind="stable")]
                index = self._index[col] = (self.arrays[col][by_value], by_value)
            held_values, by_value = index
            wanted = np.fromiter(values, dtype=np.uint64, count=len(values))
            lows = np.searchsorted(held_values, wanted, side="left").tolist()
            highs = np.searchsorted(held_values, wanted, side="right").tolist()
            parts = [by_value[lo:hi] for lo, hi in zip(lows, highs, strict=True) if hi > lo]
            if not parts:
                found = np.zeros(0, dtype=np.int64)
            elif len(parts) == 1:
                found = parts[0]
            else:
                found = np.sort(np.concatenate(parts))
            self._positions[key] = found
        return found

    def sentences(self, col: int, values: frozenset) -> np.ndarray:
        """Sorted numbers of the sentences holding a token whose value in `col` is one of `values`."""
        key = (col, values)
        found = self._sentences.get(key)
        if found is None:
            held = self.sentence[
                self.positions(col, values)
            ]  # sorted: positions and sentences grow
            distinct = np.ones(len(held), dtype=bool)
            distinct[1:] = held[1:] != held[:-1]
            found = self._sentences[key] = held[distinct]
        return found


class TokenPatterns:
    """Token patterns (the spaCy Matcher dicts of `english_token_patterns`) compiled for fast matching.

    Supported token dicts: LEMMA / LOWER / ORTH with a value or {"IN": [...]}, optionally with
    "OP": "?"; {"OP": "{0,3}"} (a gap); {} (exactly one token); {"IS_QUOTE": True, "OP": "?"}.
    "IS_SENT_START" constraints are replaced by one check: a match never crosses a sentence start.
    Candidates are found per pattern from an index of the tokens' values (Columns): the positions of
    its first word whose sentence holds its other required words; only those are verified step by
    step, so the Python-level cost grows with the number of such candidates, not of tokens."""

    _COLUMNS = {"LEMMA": 0, "LOWER": 1, "ORTH": 2}

    def __init__(self, strings):
        self.strings = strings
        self.patterns: list[tuple[str, tuple]] = []
        self.quotes = frozenset(strings.add(q) for q in _QUOTES)
        self.required: list[
            tuple
        ] = []  # per pattern: (column, values) of its required words after the first
        self.values: list[set[int]] = [set(), set(), set()]  # per column: every value of a step
        self.fixed: list[tuple | None] = []

    def __len__(self) -> int:
        return len(self.patterns)

    def add(self, key: str, token_patterns: list[list[dict]]) -> None:
        for tokens in token_patterns:
            steps = tuple(self._step(t) for t in tokens)
            head = steps[0]
            if head[0] != "tok" or head[3]:
                raise ValueError(f"a pattern of {key!r} does not begin with a required word")
            self.patterns.append((key, steps))
            # a pattern of required words only: (column, sorted values) per step
            self.fixed.append(
                tuple((st[1], np.array(sorted(st[2]), dtype=np.uint64)) for st in steps)
                if all(st[0] == "tok" and not st[3] for st in steps)
                else None
            )
            for step in steps:
                if step[0] == "tok":
                    self.values[step[1]] |= step[2]
            self.required.append(
                tuple((s[1], s[2]) for s in steps[1:] if s[0] == "tok" and not s[3])
            )

    def _step(self, token: dict) -> tuple:
        token = {k: v for k, v in token.items() if k != "IS_SENT_START"}
        op = token.pop("OP", None)
        if not token:
            if op is None:
                return ("gap", 1, 1)
            low, high = op.strip("{}").split(",")
            return ("gap", int(low), int(high))
        if token == {"IS_QUOTE": True} and op == "?":
            return ("quote",)
        ((attr, value),) = token.items()
        values = value["IN"] if isinstance(value, dict) else [value]
        hashes = frozenset(self.strings.add(v) for v in values)
        return ("tok", self._COLUMNS[attr], hashes, op == "?")

    def __call__(self, doc) -> list[tuple[str, int, int]]:
        """(key, start token, end token) of every match in a Doc, never across a sentence start."""
        from spacy.attrs import LEMMA, LOWER, ORTH, SENT_START

        if not len(doc) or not self.patterns:
            return []
        table = doc.to_array([LEMMA, LOWER, ORTH, SENT_START])
        sentence = np.cumsum(table[:, 3].astype(np.int64) == 1)
        return self.match_columns(table[:, 0], table[:, 1], table[:, 2], sentence)

    def match_columns(
        self,
        lemma: np.ndarray,
        lower: np.ndarray,
        orth: np.ndarray,
        sentence: np.ndarray,
        prepared: Columns | None = None,
        *,
        keys: set[str] | None = None,
        sentences: np.ndarray | None = None,
    ) -> list[tuple[str, int, int]]:
        """(key, start token, end token) of every match in token arrays (hashes of the lemma, the
        lowercase form and the word; `sentence` numbers the sentences, never decreasing): never
        across sentences. `prepared`: Columns of the same arrays, shared by several matchers. `keys`
        and `sentences` (sorted sentence numbers), when given, limit the search to patterns of
        those keys starting in those sentences (matches never cross a sentence, so none elsewhere is
        lost).

        Per pattern, with array operations: the positions holding its first word, kept where the
        sentence also holds each of its other required words; only those are checked step by step."""
        if not len(lemma) or not self.patterns:
            return []
        cols = prepared or Columns(lemma, lower, orth, sentence, self.values)
        sentence = cols.sentence
        found = set()
        for index, (key, steps) in enumerate(self.patterns):
            if keys is not None and key not in keys:
                continue
            head = steps[0]
            starts = cols.positions(head[1], head[2])
            if not len(starts):
                continue
            where = sentence[starts]
            if sentences is not None:
                keep = _sorted_member(where, sentences)
                starts, where = starts[keep], where[keep]
            for col, values in self.required[index]:
                if not len(starts):
                    break
                keep = _sorted_member(where, cols.sentences(col, values))
                starts, where = starts[keep], where[keep]
            if not len(starts):
                continue
            # a match lies inside the sentence it starts in: the search stops at the sentence's end
            limits = np.searchsorted(sentence, where, side="right")
            fixed = self.fixed[index]
            if fixed is not None:
                # one required word per step: every step checked on all candidates at once
                width = len(fixed)
                keep = starts + width <= limits
                arrays = cols.arrays
                last = len(sentence) - 1
                for offset, (col, values) in enumerate(fixed[1:], start=1):
                    at = np.minimum(starts + offset, last)
                    keep &= _sorted_member(arrays[col][at], values)
                found.update((key, p, p + width) for p in starts[keep].tolist())
                continue
            # the step-by-step check reads a few tokens per candidate (ndarray.item: a Python int;
            # a shard's columns as lists would cost more than all of its checks)
            columns = cols.arrays
            for position, limit in zip(starts.tolist(), limits.tolist(), strict=True):
                for end in self._ends(steps, columns, position, limit):
                    found.add((key, position, end))
        return sorted(found, key=lambda f: (f[1], f[2], f[0]))

    def _ends(self, steps: tuple, columns: Sequence[np.ndarray], start: int, n: int) -> set[int]:
        """Every end (one past the last token) of the pattern `steps` matched from `start` on
        tokens before `n`."""
        ends = set()
        states = [(0, start)]
        seen = {(0, start)}  # gaps and optional words reach one state by many paths: visit it once
        last = len(steps)
        while states:
            state = states.pop()
            i, pos = state
            if i == last:
                ends.add(pos)
                continue
            step = steps[i]
            kind = step[0]
            following = []
            if kind == "tok":
                if pos < n and columns[step[1]].item(pos) in step[2]:
                    following.append((i + 1, pos + 1))
                if step[3]:
                    following.append((i + 1, pos))
            elif kind == "quote":
                following.append((i + 1, pos))
                if pos < n and columns[2].item(pos) in self.quotes:
                    following.append((i + 1, pos + 1))
            else:
                following.extend(
                    (i + 1, pos + w) for w in range(step[1], step[2] + 1) if pos + w <= n
                )
            for nxt in following:
                if nxt not in seen:
                    seen.add(nxt)
                    states.append(nxt)
        return ends


def _sorted_member(values: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Whether each of `values` is in the sorted array `members`."""
    if not len(members):
        return np.zeros(len(values), dtype=bool)
    at = np.searchsorted(members, values)
    return members[np.minimum(at, len(members) - 1)] == values


class RhetoricMatcher:
    """All entries of some lexicons, compiled once and applied to whole Docs (one per segment)."""

    def __init__(self, lexicons: list[Lexicon], en_nlp):
        self.entries: dict[str, Entry] = {}
        self.lexicons = lexicons
        self.matcher = TokenPatterns(en_nlp.vocab.strings)
        self.exclusions = TokenPatterns(en_nlp.vocab.strings)
        self.exclusion_keys: set[str] = set()  # keys with English exclusions
        self.zh: list[tuple[str, re.Pattern]] = []
        self.zh_exclusions: dict[str, list[re.Pattern]] = defaultdict(list)
        for lexicon in lexicons:
            for entry in lexicon.entries:
                try:
                    self._add(entry, en_nlp)
                except (ValueError, re.error) as exc:
                    raise InputError(
                        lexicon.path,
                        f"entry {entry.id!r} has a pattern that cannot be compiled: {exc}",
                        "see the pattern syntax in config/README.md",
                        field=f"subcategories/{entry.subcategory}",
                    ) from exc

    def _add(self, entry: Entry, en_nlp) -> None:
        key = entry.key
        self.entries[key] = entry
        if entry.en:
            patterns = [p for pat in entry.en for p in english_token_patterns(pat, en_nlp)]
            self.matcher.add(key, patterns)
        if entry.exclude_en:
            patterns = [p for pat in entry.exclude_en for p in english_token_patterns(pat, en_nlp)]
            self.exclusions.add(key, patterns)
            self.exclusion_keys.add(key)
        self.zh.extend((key, chinese_regex(p)) for p in entry.zh)
        self.zh_exclusions[key].extend(chinese_regex(p) for p in entry.exclude_zh)

    def match_english(self, doc) -> list[tuple[str, int, int]]:
        """(entry key, start char, end char) in a Doc, exclusions applied.

        Overlaps between entries are not yet resolved."""
        if not len(self.matcher):
            return []
        vetoes: dict[str, list[tuple[int, int]]] = defaultdict(list)
        if len(self.exclusions):
            for key, start, end in self.exclusions(doc):
                vetoes[key].append(_char_span(doc, start, end))
        found = []
        for key, start, end in self.matcher(doc):
            begin, finish = _char_span(doc, start, end)
            if not any(b < finish and begin < e for b, e in vetoes.get(key, ())):
                found.append((key, begin, finish))
        return found

    def match_english_table(self, table: TokenTable) -> list[tuple[str, int, int, int]]:
        """(entry key, start char, end char, segment index; offsets into the source file) in a
        document's token arrays, exclusions applied: what match_english finds in each of its Docs
        (matches never cross a sentence, so never a segment)."""
        if not len(self.matcher) or not len(table.orth):
            return []
        columns = (table.lemma, table.lower, table.orth, table.sentence)
        prepared = Columns(
            table.lemma,
            table.lower,
            table.orth,
            table.sentence,
            [a | b for a, b in zip(self.matcher.values, self.exclusions.values, strict=True)],
        )
        starts, ends = table.start, table.end
        matches = self.matcher.match_columns(*columns, prepared)
        # (key, segment) -> token spans of exclusions (offsets are per document: a table may hold several)
        vetoes: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
        # an exclusion vetoes the matches of its entry it overlaps, so it is looked for only in the
        # sentences where such a match was found
        vetoed = {key for key, _, _ in matches if key in self.exclusion_keys}
        if vetoed:
            sentences = np.unique(table.sentence[[s for key, s, _ in matches if key in vetoed]])
            for key, start, end in self.exclusions.match_columns(
                *columns, prepared, keys=vetoed, sentences=sentences
            ):
                vetoes[key, int(table.segment[start])].append((start, end))
        found = []
        for key, start, end in matches:
            segment = int(table.segment[start])
            if not any(b < end and start < e for b, e in vetoes.get((key, segment), ())):
                found.append((key, int(starts[start]), int(ends[end - 1]), segment))
        return found

    def match_table(self, table: TokenTable) -> list[tuple[str, int, int, int]]:
        """(entry key, start char, end char, segment index) of a document's resolved matches, offsets
        into the source file: what match_doc finds in each of the document's Docs."""
        langs = [seg["lang"] for seg in table.segments]
        found = []
        if "en" in langs:
            found += [m for m in self.match_english_table(table) if langs[m[3]] == "en"]
        chinese = [i for i, lang in enumerate(langs) if lang == "zh"]
        if chinese and self.zh:
            texts = {i: simplified(table.text(i)) for i in chinese}
            # a pattern (literal characters and gaps of a character class, no look-around) that
            # matches in a segment also matches in the segments joined by line breaks
            joined = "\n".join(texts.values())
            patterns = [(key, regex) for key, regex in self.zh if regex.search(joined)]
            for i in chinese if patterns else ():
                first, last = table.bounds[i]
                base = table.segments[i]["offset"]

                def words(first=first, last=last, base=base):
                    return list(
                        zip(
                            (table.start[first:last] - base).tolist(),
                            (table.end[first:last] - base).tolist(),
                            strict=True,
                        )
                    )

                found += [
                    (key, base + start, base + end, i)
                    for key, start, end in self._match_chinese(texts[i], 0, words, patterns)
                ]
        # overlaps are resolved per segment (one Doc), as match_doc resolves them
        by_segment: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
        for key, start, end, i in found:
            by_segment[i].append((key, start, end))
        return [
            (key, start, end, i)
            for i in sorted(by_segment)
            for key, start, end in resolve_overlaps(by_segment[i], self.entries)
        ]

    def match_chinese(
        self, text: str, base: int = 0, words: list[tuple[int, int]] | None = None
    ) -> list[tuple[str, int, int]]:
        """(entry key, start, end) of Chinese patterns in `text`, offsets shifted by `base`.

        Matches that contain a sentence-final mark are dropped (they would cross a sentence), and so
        are matches that straddle a word boundary of `words` (the segmenter's (start, end) spans, see
        `straddles`), so 军人 is not found in 领军人才 nor 维和 in 思维和. Traditional characters are
        read as their simplified forms (core.text.simplified): 戰場 is found as 战场."""
        text = simplified(text)  # same length: offsets hold, and traditional text is matched too
        return self._match_chinese(text, base, (lambda: words) if words is not None else None)

    def _match_chinese(self, text, base, words, patterns=None) -> list[tuple[str, int, int]]:
        """match_chinese on simplified text; `words` a function giving the word spans (called
        only when some match is found), `patterns` the (key, regex) to try (default: all)."""
        cuts = None
        found = []
        veto_cache: dict[str, list[tuple[int, int]]] = {}
        for key, regex in self.zh if patterns is None else patterns:
            for m in regex.finditer(text):
                if _ZH_SENTENCE_END.search(text, m.start(), m.end()):
                    continue
                if self.zh_exclusions.get(key):
                    if key not in veto_cache:
                        veto_cache[key] = [
                            v.span() for ex in self.zh_exclusions[key] for v in ex.finditer(text)
                        ]
                    if any(s < m.end() and m.start() < e for s, e in veto_cache[key]):
                        continue
                if words is not None:
                    if cuts is None:
                        cuts = word_cuts(words())
                    if straddles(cuts, m.start(), m.end()):
                        continue
                found.append((key, base + m.start(), base + m.end()))
        return found

    def match_doc(self, doc: Doc, lang: str) -> list[tuple[str, int, int]]:
        """Resolved matches (entry key, start, end; offsets into the Doc's text) of one Doc."""
        if lang == "en":
            found = self.match_english(doc)
        elif lang == "zh":
            found = self.match_chinese(doc.text, words=[(t.idx, t.idx + len(t)) for t in doc])
        else:
            found = []
        return resolve_overlaps(found, self.entries)


def word_cuts(words: Iterable[tuple[int, int]]) -> dict[int, tuple[int, int]]:
    """Every word's (start, end) under each position it covers but its first: position -> word, so a
    match boundary at a position of the map cuts that word; one-character words are kept under their
    start as a negative key (-1 - start) for `straddles`."""
    inside: dict[int, tuple[int, int]] = {}
    for start, end in words:
        for position in range(start + 1, end):
            inside[position] = (start, end)
        if end - start == 1:
            inside[-1 - start] = (start, end)
    return inside


def straddles(inside: dict[int, tuple[int, int]], start: int, end: int) -> bool:
    """Whether the match [start, end) joins pieces of words across a word boundary: the tail of one
    word and the head of another (领军|人才 for 军人, 加强|军队 for 强军), or the tail or head of a word
    and a one-character word (思维|和 for 维和). A match inside one word (战场 in 主战场), made of whole
    words (关键|核心技术 for 关键核心技术) or cutting one longer word on one side only (自主创新 in
    自主|创新能力, 链安全 in 供应链|安全) does not straddle: lexicon terms are often the head or the
    tail of a longer word."""
    head = inside.get(start)
    tail = inside.get(end)
    head_cut = head is not None and head[0] < start < head[1] < end
    tail_cut = tail is not None and start < tail[0] < end < tail[1]
    ends_single = (-end) in inside and inside[-end] == (end - 1, end)
    starts_single = (-1 - start) in inside
    return (head_cut and (tail_cut or ends_single)) or (tail_cut and starts_single)


def _char_span(doc, start: int, end: int) -> tuple[int, int]:
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last)


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
    docs: list[Doc], sentences: SentenceTable, matcher: RhetoricMatcher, text: str
) -> list[tuple]:
    """Match rows (MATCH_COLUMNS) of one document from its kept Docs and its sentence table.

    Offsets are into the raw file (`text`); a match outside every sentence of the table (white space
    only) is dropped."""
    lookups = _sentence_lookups(sentences)
    rows = []
    for doc in docs:
        offset, meta = doc.user_data["offset"], doc.user_data
        hits = ((k, s + offset, e + offset) for k, s, e in matcher.match_doc(doc, meta["lang"]))
        lookup = lookups.get(meta["doc_id"], _NO_SENTENCES)
        rows += _match_rows(
            hits, lookup, matcher, text, meta["doc_id"], meta["voice"], meta["lang"]
        )
    return rows


_NO_SENTENCES: tuple[list[int], list[int], list[int]] = ([], [], [])


def read_sentence_offsets(sentences_tsv: str) -> SentenceTable:
    """The offsets of a sentence table (its text is not needed to place a match), read without
    pandas."""
    return read_tsv_columns(sentences_tsv, SENTENCE_OFFSET_COLUMNS)


def _sentence_lookups(
    sentences: SentenceTable,
) -> dict[str, tuple[list[int], list[int], list[int]]]:
    """Per doc_id of a sentence table: the start chars, end chars and sent_ids of its sentences, by
    start (table order among equal starts), from one sort of the table."""
    doc_ids = np.asarray(sentences["doc_id"], dtype=object)
    starts, ends, sent_ids = (
        np.fromiter(map(int, sentences[c]), dtype=np.int64, count=len(sentences[c]))
        for c in ("start_char", "end_char", "sent_id")
    )
    order = np.lexsort((starts, doc_ids))  # stable: by doc_id, then start, then table order
    doc_ids = doc_ids[order]
    cuts = np.flatnonzero(doc_ids[1:] != doc_ids[:-1]) + 1
    bounds = zip([0, *cuts.tolist()], [*cuts.tolist(), len(order)], strict=True)
    return {
        doc_ids[lo]: (
            starts[order[lo:hi]].tolist(),
            ends[order[lo:hi]].tolist(),
            sent_ids[order[lo:hi]].tolist(),
        )
        for lo, hi in bounds
        if hi > lo
    }


def score_token_table(
    table: TokenTable,
    sentences: SentenceTable,
    matcher: RhetoricMatcher,
    text: str | Callable[[str], str],
) -> list[tuple]:
    """score_document's rows from token arrays (corpus.shard_tokens) instead of Docs: the same rows,
    without rebuilding a Doc. The table holds one document (`text` its source text) or several
    (read_token_table: `text` gives a document's source text by doc_id, asked once per document);
    `sentences` is their sentence table."""
    if isinstance(text, str):
        if table.doc_id is None:
            raise ValueError("score_token_table: a table of several documents needs text by doc_id")
        text_of = {table.doc_id: text}.__getitem__
    else:
        text_of = text
    lookups = _sentence_lookups(sentences)
    rows = []
    current, source = None, ""
    for segment, hits in groupby(matcher.match_table(table), key=itemgetter(3)):
        meta = table.segments[segment]
        doc_id = meta["doc_id"]
        if doc_id != current:
            current, source = doc_id, text_of(doc_id)
        hits = (hit[:3] for hit in hits)
        rows += _match_rows(
            hits,
            lookups.get(doc_id, _NO_SENTENCES),
            matcher,
            source,
            doc_id,
            meta["voice"],
            meta["lang"],
        )
    return rows


def _match_rows(hits, lookup, matcher: RhetoricMatcher, text, doc_id, voice, lang) -> list[tuple]:
    """Match rows (MATCH_COLUMNS) of (entry key, start, end) hits with raw-file offsets; a hit
    outside every sentence of the table (white space only) is dropped."""
    starts, ends, sent_ids = lookup
    rows = []
    for key, start, end in hits:
        entry = matcher.entries[key]
        i = bisect_right(starts, start) - 1
        if i < 0 or end > ends[i]:
            continue
        rows.append(
            (
                doc_id,
                sent_ids[i],
                start,
                end,
                entry.category,
                entry.subcategory,
                entry.id,
                text[start:end],
                voice,
                lang,
            )
        )
    return rows


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

    matcher = RhetoricMatcher(load_lexicons(lexicon_paths), load_pipeline("en", en_model))
    write_matches(
        output,
        score_document(
            read_docs(docbin), read_sentence_offsets(sentences_tsv), matcher, raw_text(source)
        ),
    )
