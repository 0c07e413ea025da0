"""Lexicons: YAML files (category -> subcategories -> entries) compiled into matchers.

One file per construct (category); users add constructs by listing more files under `lexicons` in the
config. An entry has an `id`, English patterns (`en`), Chinese patterns (`zh`), optional exclusions
(`exclude: {en: [...], zh: [...]}`) that veto its matches they overlap, and a `note`.

English pattern syntax (matched on lowercase lookup lemmas of one sentence, see config/README.md):

- words separated by spaces, each matched on its lemma, so "win the battle" also matches "won the battles";
- `a|b` is a choice of words; a trailing `?` makes a (single-token) word optional;
- `=word` matches that exact lowercase form instead of the lemma ("=fronts" but not "front");
- `...` stands for up to three tokens of any kind, `*` for exactly one;
- a hyphen inside a word is optional in the text ("self-reliance" also matches "self reliance");
- a quotation mark may stand between two words of the text ("'asymmetric' strategy").

Chinese patterns are matched on characters (so segmenter boundaries cannot hide 核心技术 inside
关键核心技术); `...` there stands for up to ten characters inside the sentence.
"""

from __future__ import annotations

import collections
import hashlib
import itertools
import os
import re
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from policy_rhetoric.core.config import read_yaml_file
from policy_rhetoric.core.errors import InputError
from policy_rhetoric.corpus.lemmas import lemma_table

GAP = "..."
ANY = "*"
MAX_VARIANTS = 64
ZH_GAP = "[^。！？；!?;\\n]{0,10}?"
NOT_SENT_START = {"IS_SENT_START": False}


@dataclass(frozen=True)
class Entry:
    category: str
    subcategory: str
    id: str
    en: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()
    exclude_en: tuple[str, ...] = ()
    exclude_zh: tuple[str, ...] = ()
    note: str = ""
    intended: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Unique key of the entry across lexicons: `category/id`."""
        return f"{self.category}/{self.id}"


@dataclass
class Lexicon:
    category: str
    version: str
    path: str
    sha256: str
    labels: dict[str, str] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)


def load_lexicon(path: str | os.PathLike) -> Lexicon:
    """Read and validate one lexicon file; InputError names the file and the entry at fault."""
    path = Path(path)
    data, raw = read_yaml_file(path, "lexicon", "lexicon")
    lexicon = Lexicon(
        category=data["category"],
        version=str(data["version"]),
        path=str(path),
        sha256=hashlib.sha256(raw).hexdigest(),
    )
    seen: set[str] = set()
    for sub, body in data["subcategories"].items():
        lexicon.labels[sub] = body.get("label", sub)
        for item in body["entries"]:
            if item["id"] in seen:
                raise InputError(
                    str(path),
                    f"entry id {item['id']!r} is used twice",
                    "give every entry of a lexicon its own id",
                    field=f"subcategories/{sub}",
                )
            seen.add(item["id"])
            exclude = item.get("exclude", {})
            lexicon.entries.append(
                Entry(
                    category=lexicon.category,
                    subcategory=sub,
                    id=item["id"],
                    en=tuple(item.get("en", [])),
                    zh=tuple(item.get("zh", [])),
                    exclude_en=tuple(exclude.get("en", [])),
                    exclude_zh=tuple(exclude.get("zh", [])),
                    note=item.get("note", ""),
                    intended=tuple(item.get("intended", [])),
                )
            )
    return lexicon


def load_lexicons(paths) -> list[Lexicon]:
    """All lexicons of an experiment; categories must be distinct."""
    lexicons = [load_lexicon(p) for p in paths]
    categories = [lx.category for lx in lexicons]
    for lx in lexicons:
        if categories.count(lx.category) > 1:
            raise InputError(
                lx.path,
                f"category {lx.category!r} is defined by more than one lexicon file",
                "give each lexicon file its own category",
            )
    return lexicons


def _word_tokens(word: str, nlp, pattern: str) -> list[list[dict]]:
    """Token dicts of one pattern word (possibly several tokens: "self-reliance" -> self - reliance)."""
    if word.startswith("=") and len(word) > 1:
        tokens = [t.lower_.replace("\u2019", "'") for t in nlp.make_doc(word[1:])]
        return [[{"LOWER": t}] for t in tokens]
    out = []
    for kind, value in _analysed(word, nlp):
        if kind == "ORTH":
            out.append([{"ORTH": value, "OP": "?"}])
        else:
            out.append([{kind: value}])
    if not out:
        raise ValueError(f"in pattern {pattern!r}, {word!r} has no tokens")
    return out


# per pipeline: word -> its tokens' (attribute, value) as _word_tokens reads them; a lexicon names
# the same word in many patterns, and analysing it is a call of the pipeline
_ANALYSED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _analysed(word: str, nlp) -> tuple[tuple[str, str], ...]:
    """("LEMMA", lemma) of each token of `word` by `nlp` but quotation marks (when the word has
    other tokens), ("ORTH", "-") for an inner hyphen."""
    cache = _ANALYSED.setdefault(nlp, {})
    found = cache.get(word)
    if found is None:
        doc = nlp(word)
        found = cache[word] = tuple(
            ("ORTH", "-")
            if token.text == "-" and 0 < token.i < len(doc) - 1
            else ("LEMMA", token.lemma_)
            for token in doc
            # quotation marks are transparent (see english_token_patterns)
            if not (token.is_quote and len(doc) > 1)
        )
    return found


def _choice(unit: str, nlp, pattern: str) -> list[list[dict]]:
    """Alternatives of a `a|b|=c` unit as token sequences: single-token words sharing an attribute are
    merged into one `IN` token; hyphenated words ("self-supporting") stay sequences of their own."""
    by_attr: dict[str, set[str]] = {}
    sequences: list[list[dict]] = []
    for alt in unit.split("|"):
        tokens = _word_tokens(alt, nlp, pattern)
        if len(tokens) == 1 and "OP" not in tokens[0][0]:
            ((attr, value),) = tokens[0][0].items()
            by_attr.setdefault(attr, set()).add(value)
        else:
            sequences.append([t[0] for t in tokens])
    merged = [
        [{attr: sorted(values)[0]} if len(values) == 1 else {attr: {"IN": sorted(values)}}]
        for attr, values in sorted(by_attr.items())
    ]
    return merged + sequences


def english_token_patterns(pattern: str, nlp) -> list[list[dict]]:
    """spaCy Matcher patterns (several when a choice mixes lemma and `=form` words) for one pattern.

    Tokens after the first must not start a sentence, so no match crosses a sentence boundary; an
    optional quotation mark may stand between two words."""
    units = pattern.split()
    if not units or units[0] in (GAP, ANY) or units[-1] in (GAP, ANY):
        raise ValueError(f"pattern {pattern!r} must begin and end with a word")
    slots: list[list[list[dict]]] = []  # slot -> alternatives -> token dicts
    for unit in units:
        if unit == GAP:
            slots.append([[{"OP": "{0,3}"}]])
            continue
        if unit == ANY:
            slots.append([[{}]])
            continue
        optional = unit.endswith("?") and len(unit) > 1
        unit = unit[:-1] if optional else unit
        if "|" in unit:
            alternatives = _choice(unit, nlp, pattern)
        else:
            alternatives = [[t[0] for t in _word_tokens(unit, nlp, pattern)]]
        if optional:
            if any(len(a) != 1 for a in alternatives):
                raise ValueError(
                    f"in pattern {pattern!r}, only a single word can be optional: {unit!r}"
                )
            alternatives = [[{**a[0], "OP": "?"}] for a in alternatives]
        slots.append(alternatives)
    variants = list(itertools.product(*slots))
    if len(variants) > MAX_VARIANTS:
        raise ValueError(f"pattern {pattern!r} expands to too many variants")
    patterns = []
    for variant in variants:
        tokens: list[dict] = []
        for i, part in enumerate(variant):
            if i > 0 and units[i] not in (GAP, ANY) and units[i - 1] not in (GAP, ANY):
                tokens.append({"IS_QUOTE": True, "OP": "?"})
            tokens.extend(dict(t) for t in part)
        for i, token in enumerate(tokens):
            if i > 0:
                token.update(NOT_SENT_START)
        patterns.append(tokens)
    return patterns


def chinese_regex(pattern: str) -> re.Pattern:
    """A compiled regex for one Chinese lexicon pattern (`...` is a short gap inside the sentence)."""
    parts = [p.strip() for p in pattern.split(GAP)]
    if not all(parts):
        raise ValueError(f"Chinese pattern {pattern!r} must begin and end with characters")
    return re.compile(ZH_GAP.join(re.escape(part) for part in parts))


def lemma_review(lexicons: list[Lexicon], nlp) -> list[tuple[str, str, str, bool]]:
    """(entry key, word, lemma, known) for every English pattern word whose lemma is not the word.

    The lemma table is context-free ("number" -> "numb", "ground" -> "grind"); a pattern word matches
    every word with the same lemma, so review this list when adding terms. `known` says whether the
    lookup table has the word itself. Inflections of rare words are often missing from the table
    ("chokepoints", "frontlines", "weaponized" stay as they are): list those forms explicitly."""
    table = lemma_table()
    rows = set()
    for lexicon in lexicons:
        for entry in lexicon.entries:
            for pattern in entry.en + entry.exclude_en:
                for unit in pattern.split():
                    for word in unit.rstrip("?").split("|"):
                        if word in (GAP, ANY) or word.startswith("="):
                            continue
                        for token in nlp(word):
                            lower = token.lower_.replace("\u2019", "'")
                            if token.lemma_ != lower:
                                rows.add((entry.key, lower, token.lemma_, lower in table))
    return sorted(rows)


def lexicon_summary(lexicons: list[Lexicon]) -> list[dict]:
    """Version and hash of each lexicon, for provenance."""
    return [
        {
            "category": lx.category,
            "version": lx.version,
            "path": lx.path,
            "sha256": lx.sha256,
            "entries": len(lx.entries),
        }
        for lx in lexicons
    ]


_WORD = re.compile(r"[^\W\d_]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# the words of _WORD whose first character is not Han (a run of letters, not preceded by a letter)
_EN_WORD = re.compile(r"(?<![^\W\d_])(?!" + _HAN.pattern + r")[^\W\d_]+")
_HAN_RUN = re.compile(_HAN.pattern + "+")
# Below this many English words (Chinese characters) a share says nothing about an entry: one match in
# a nine-word corpus is 11%. The stop-word check still applies to any corpus.
MIN_SHARE_BASE = 2000


def check_lexicons(
    lexicons: list[Lexicon], en_nlp, texts, *, max_share: float, stop_words: dict[str, frozenset]
) -> None:
    """Load-time checks of compiled lexicons; InputError names the lexicon file and entry at fault.

    Every pattern must compile (English with `en_nlp`, Chinese to its regex). A pattern made only of
    stop words (`stop_words` by language, e.g. "the", "of the", 的) is an error unless the entry says
    `intended: [stop_words]`; an entry whose patterns could match more than `max_share` of the
    corpus's English words or Chinese characters in `texts` (an upper bound: each pattern counts the
    occurrences of its rarest word or character run) is an error unless it says
    `intended: [frequent]`; the share is checked only on at least MIN_SHARE_BASE words (characters)."""
    # One pass over the corpus for all entries: English words counted by lower case (and so by lemma),
    # Chinese counted in the runs of Han characters (where every all-Han pattern part occurs).
    lower_words: collections.Counter = collections.Counter()
    han_runs: list[str] = []
    for text in texts:
        lower_words.update(map(str.lower, _EN_WORD.findall(text)))
        han_runs.extend(_HAN_RUN.findall(text))
    n_en = lower_words.total()
    n_zh = sum(map(len, han_runs))
    lemma = lemma_table()
    en_words: dict[str, int] = {}
    for lower, count in lower_words.items():
        key = lemma.get(lower, lower)
        en_words[key] = en_words.get(key, 0) + count
    zh_counts = _PartCounter(texts, "\n".join(han_runs))
    del han_runs
    for lexicon in lexicons:
        for entry in lexicon.entries:
            where = f"subcategories/{entry.subcategory}/{entry.id}"
            for pattern in entry.en + entry.exclude_en:
                try:
                    english_token_patterns(pattern, en_nlp)
                except ValueError as exc:
                    raise InputError(
                        lexicon.path,
                        f"entry {entry.id!r}: {exc}",
                        "write English patterns as words separated by spaces, `...` and `*` only "
                        "between words (syntax in config/README.md)",
                        field=where,
                    ) from exc
            for pattern in entry.zh + entry.exclude_zh:
                try:
                    chinese_regex(pattern)
                except ValueError as exc:
                    raise InputError(
                        lexicon.path,
                        f"entry {entry.id!r}: {exc}",
                        "write Chinese patterns as characters, `...` only between them",
                        field=where,
                    ) from exc
            for lang, patterns in (("en", entry.en), ("zh", entry.zh)):
                if "stop_words" in entry.intended:
                    break
                for pattern in patterns:
                    if _only_stop_words(pattern, lang, stop_words.get(lang, frozenset())):
                        raise InputError(
                            lexicon.path,
                            f"entry {entry.id!r}: the {lang} pattern {pattern!r} is made only of "
                            "stop words, so it matches nearly every sentence",
                            "remove the pattern or make it specific; if it is really meant, add "
                            "`intended: [stop_words]` to the entry",
                            field=where,
                        )
            if "frequent" in entry.intended:
                continue
            bound_en = sum(_en_bound(p, en_words, lower_words, lemma) for p in entry.en)
            bound_zh = sum(_zh_bound(p, zh_counts) for p in entry.zh)
            for lang, bound, total, unit in (
                ("en", bound_en, n_en, "English words"),
                ("zh", bound_zh, n_zh, "Chinese characters"),
            ):
                if total >= MIN_SHARE_BASE and bound / total > max_share:
                    raise InputError(
                        lexicon.path,
                        f"entry {entry.id!r}: its {lang} patterns could match {bound} of the "
                        f"corpus's {total} {unit} ({bound / total:.1%}, more than "
                        f"scoring.max_entry_share = {max_share:g})",
                        "make the patterns specific; if so frequent an entry is meant, add "
                        "`intended: [frequent]` to it (or raise scoring.max_entry_share)",
                        field=where,
                    )


def _alternatives(unit: str) -> list[str]:
    return [w for w in unit.rstrip("?").split("|") if w]


def _only_stop_words(pattern: str, lang: str, stops: frozenset) -> bool:
    if lang == "zh":
        parts = [p.strip() for p in pattern.split(GAP) if p.strip()]
        return bool(parts) and all(p in stops for p in parts)
    words = [
        w.lstrip("=").lower()
        for unit in pattern.split()
        if unit not in (GAP, ANY)
        for w in _alternatives(unit)
    ]
    return bool(words) and all(
        w in stops or all(part in stops for part in _WORD.findall(w)) for w in words
    )


def _en_bound(pattern: str, lemmas: dict, lowers: dict, table) -> int:
    """Occurrences of the pattern's rarest required word (an upper bound of its matches)."""
    counts = []
    for unit in pattern.split():
        if unit in (GAP, ANY) or (unit.endswith("?") and len(unit) > 1):
            continue
        total = 0
        for word in _alternatives(unit):
            exact = word.startswith("=")
            runs = _WORD.findall(word.lstrip("=").lower()) or [""]
            run_counts = [
                lowers.get(r, 0) if exact else lemmas.get(table.get(r, r), 0) for r in runs
            ]
            total += min(run_counts)
        counts.append(total)
    return min(counts) if counts else 0


class _PartCounter:
    """Occurrences (str.count) of a Chinese pattern part in the texts that hold Han characters, joined
    by newlines. An all-Han part is counted in the Han runs alone (`han_text`, runs joined by newlines):
    its occurrences lie inside one run, so the count is the same; other parts in the joined texts."""

    def __init__(self, texts, han_text: str):
        self.texts = texts
        self.han_text = han_text
        self.counts: dict[str, int] = {}
        self._zh_text: str | None = None

    def count(self, part: str) -> int:
        if part not in self.counts:
            if _HAN_RUN.fullmatch(part):
                self.counts[part] = self.han_text.count(part)
            else:
                if self._zh_text is None:
                    self._zh_text = "\n".join(t for t in self.texts if _HAN.search(t))
                self.counts[part] = self._zh_text.count(part)
        return self.counts[part]


def _zh_bound(pattern: str, counter: _PartCounter) -> int:
    parts = [p.strip() for p in pattern.split(GAP) if p.strip()]
    return min((counter.count(p) for p in parts), default=0)
