"""Voice segmentation: which characters are the Chinese source's words, the outlet's, or page furniture.

Every character of a file belongs to exactly one Segment, with a voice (primary, commentary, boilerplate,
as defined in the project's codebook), a language (en, zh) and the `rule` that decided the voice.

How a file is cut:

1. Lines. A line ends at a line break (LF, CRLF, CR) or at HTML that breaks lines (`<br/>`, the end of a
   block element such as `</p>`, an element followed by one styled `display:block`); blank lines (white
   space, zero-width characters, `&nbsp;`) stay with the line before them.
2. One voice per line, from the first rule that applies (see `LineRules` and `segment_text`):
   annotation `lines` override; YAML front matter; separator lines (no letters); a translator's or
   editor's note or a footnote, and the lines that continue a footnote after a page break; page
   furniture (subscription prompts, "Read More", image credits, dates, URLs); headings (short lines
   without final punctuation); annotation `regions`; `quoted_lines`; `zh_lines`; `default_voice`.
3. Spans inside a line are re-cut: HTML markup is boilerplate; inside primary text, `[ed.: ...]` glosses,
   other square-bracket insertions and footnote marks are the translator's (commentary); inside
   commentary, quotations attributed (in the same sentence) to one of the document's `quote_speakers`
   are primary.
4. Language per span, by script: each stretch of text between markup takes the language of most of its
   letters (a Han character weighs three Latin letters). Inside an English stretch, a run of Han
   characters becomes a separate `zh` span only when it is a clause (at least six Han characters with
   Chinese clause punctuation ，。；！？); names and terms such as "Zhang Yuzhuo 张玉卓" or
   "(关键核心技术)" keep the language of their sentence. Symmetrically, inside a Chinese stretch an English
   run becomes `en` only when it is a sentence (at least five words with . ! or ?).

Offsets are Python `str` indices into the text as read by `policy_rhetoric.corpus.segments.raw_text`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

VOICES = ("primary", "commentary", "boilerplate")
LANGS = ("en", "zh")

HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
HAN = re.compile(f"[{HAN_CHARS}]")
HAN_RUN = re.compile(f"[{HAN_CHARS}]+")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff\uff21-\uff3a\uff41-\uff5a]")
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
URL_LIKE = re.compile(r"\(?https?://[^\s)\]]*\)?|\bwww\.[^\s)\]]*|\[[^\]]*\]\([^)]*\)")
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u00a0\u3000"

# line breaks: newlines, <br/>, the end of an HTML block element, and the end of an inline element that
# is followed by one styled display:block (centred title lines of reposted pages)
LINE_BREAK = re.compile(
    r"\r\n|\r|\n|<br\s*/?>|</(?:p|div|li|h[1-6]|tr|blockquote)>"
    r"|</[A-Za-z]+>(?=<[A-Za-z]+\s[^<>]*display:\s*block)",
    re.IGNORECASE,
)
BLANK = re.compile(rf"(?:[\s{INVISIBLE}]|&nbsp;|&#160;)*", re.IGNORECASE)
# HTML tags and white-space entities (layout, not words); entities of characters (&#x24; = "$") stay text
MARKUP = re.compile(
    r"(?:</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|&(?:nbsp|ensp|emsp|thinsp|#160|#xa0|#x3000|#12288);)+",
    re.IGNORECASE,
)

FURNITURE = re.compile(
    r"""^\s*(?:
        read\ more|go\ deeper|keep\ scrolling|share\ this\b.*|discover\ more\b.*|
        (?:illustration|image|photo|photograph|thumbnail\ credit|photo\ credit|credit|source)\s*:.*|
        (?:来源|图片来源|图源|责任编辑|编辑)\s*[:：].*|
        (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\ \d{1,2},\ \d{4}(?:\ -\ .*)?|
        (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\ \d{1,2},\ \d+\ tweets|
        <?https?://\S+>?|
        [^.!?。！？]{0,24}?\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\ +\d{1,2}:\d{2}(?::\d{2})?)?|
        a\ scrolly\ tale\b.*
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# prompts recognised by a phrase anywhere in a short line (at most FURNITURE_MAX_WORDS words)
FURNITURE_PHRASE = re.compile(
    r"\b(?:subscribe|subscriber|subscription|reader-supported|sells\ ads|profile\ picture|\d+\ tweets|"
    r"respond(?:ing)?\ to\ this\ email|reply\ to\ this\ email|sign\ up\ for)\b",
    re.IGNORECASE,
)
FURNITURE_MAX_WORDS = 60
NOTE_LABEL = re.compile(
    r"""^[\s*_>]*[\u00b9\u00b2\u00b3\u2070-\u2079\d]*[\s.)]*\[?\s*(?:
        translator[’']?s[’']?\ notes?|editor[’']?s[’']?\ notes?|t\.?n\.?\s*:|ed\.\s*:|note\s*:|译者注|编者按|编者注
    )""",
    re.IGNORECASE | re.VERBOSE,
)
FOOTNOTE_START = re.compile(
    r"^[\s*_>]*(?:[\u00b9\u00b2\u00b3\u2070-\u2079]+|[\u2460-\u2473]|\[\d{1,3}\])\s*\S"
)
EDITOR_GLOSS = re.compile(
    r"\[\s*(?:ed\.?|editor[’']?s?(?:\ note)?|translator[’']?s?\ note|tn)\s*:[^\]\n]*\]",
    re.IGNORECASE,
)
BRACKET_INSERTION = re.compile(r"\[[^\[\]\n]{1,80}\](?!\()")
FOOTNOTE_MARK = re.compile(r"[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+")
QUOTATION = re.compile(r"[\"“]([^\"“”\n]+?)[\"”]")
SENTENCE_SPLIT = re.compile(r"[.!?。！？][\"”’)\]]*\s+")
CLOSERS = "\"'”’)）]】》」』*_\\ \t" + INVISIBLE
TERMINAL = ".!?。！？:：;；…,，、．｡"
SENTENCE_CLOSED = '.!?。！？…"”’)）>．｡'
BULLET = re.compile(r"^\s*(?:[-•*·▪‣]|\d{1,2}[.)])\s+")
DASH_ITEM = re.compile(r"^\s*(?:--|[—–])")
MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+\S")
HAN_CLAUSE_PUNCT = re.compile("[，。；！？]")
OPEN_PUNCT = "“‘（《「『(\"'"
CLOSE_PUNCT = "，。、；：！？…”’）》」』)\"'"


@dataclass(frozen=True)
class Segment:
    """Characters [start, end) of the file, with their voice, language and the rule that decided it."""

    start: int
    end: int
    voice: str
    lang: str
    rule: str


@dataclass(frozen=True)
class Line:
    """A visual line: content [start, content_end); its break and following blank lines [content_end, end)."""

    start: int
    content_end: int
    end: int


def detect_language(text: str) -> str:
    """Script-based language: zh when Han characters weigh at least a third as much as Latin letters."""
    if "http" in text or "www." in text:
        text = URL_LIKE.sub(" ", text)
    han = len(HAN.findall(text))
    latin = len(LATIN.findall(text))
    return "zh" if han and han * 3 >= latin else "en"


def _has_script(text: str) -> bool:
    return bool(HAN.search(text) or LATIN.search(text))


def split_lines(text: str) -> list[Line]:
    """Visual lines of `text` that tile it: breaks are LF, CRLF, CR and `<br/>` tags; blank lines join the line before."""
    pieces: list[list[int]] = []
    pos = 0
    for match in LINE_BREAK.finditer(text):
        pieces.append([pos, match.start(), match.end()])
        pos = match.end()
    if pos < len(text) or not pieces:
        pieces.append([pos, len(text), len(text)])
    lines: list[list[int]] = []
    for start, content_end, end in pieces:
        blank = BLANK.fullmatch(text, start, content_end) is not None
        if blank and lines:
            lines[-1][2] = end
        elif blank:
            lines.append([start, content_end, end, 1])
        else:
            if lines and lines[-1][3]:
                # only blank text so far: it becomes part of this (the first) line
                start = lines.pop()[0]
            lines.append([start, content_end, end, 0])
    if lines and lines[-1][2] < len(text):
        lines[-1][2] = len(text)
    return [Line(s, c, e) for s, c, e, _ in lines]


def plain_text(text: str) -> str:
    """A line's text for the rules: markup removed, zero-width characters dropped, stripped."""
    text = MARKUP.sub(" ", text)
    return "".join(ch for ch in text if ch not in "\ufeff\u200b\u200c\u200d\u2060").strip()


def _prefix_key(text: str) -> str:
    """Comparable start of a line or of an annotation's `from`: NFKC form, no leading white space, quotes,
    bullets or markdown."""
    text = unicodedata.normalize("NFKC", plain_text(text))
    return text.lstrip(" \t\"'“”‘’*_#>-•·")


def matches_prefix(line_plain: str, prefix: str) -> bool:
    """Whether a line begins with `prefix` (ignoring leading white space, quotation marks and markup)."""
    key = _prefix_key(prefix)
    return bool(key) and _prefix_key(line_plain).startswith(key)


def _is_open(plain: str) -> bool:
    """A line that stops mid-sentence (no closing punctuation), e.g. at a page break."""
    stripped = plain.rstrip(" \t*_")
    return bool(stripped) and stripped[-1] not in SENTENCE_CLOSED


def _is_continuation(plain: str) -> bool:
    stripped = plain.lstrip(" \t*_")
    return bool(stripped) and (
        stripped[0].islower() or stripped.lower().startswith(("<http", "http://", "https://"))
    )


def is_furniture(plain: str) -> bool:
    """Page furniture: a whole line such as "Read More" or "Image: ...", or a short line with a prompt phrase."""
    plain = unicodedata.normalize("NFKC", plain)
    if FURNITURE.match(plain):
        return True
    return len(plain.split()) <= FURNITURE_MAX_WORDS and bool(FURNITURE_PHRASE.search(plain))


def is_heading(plain: str) -> bool:
    """A short line without final punctuation (or a markdown heading): a title, subheading or label.

    Bullet items are never headings, nor are English items led by a dash ("-- Over 11 million new jobs")."""
    if MARKDOWN_HEADING.match(plain):
        return True
    if BULLET.match(plain):
        return False
    core = plain.rstrip(CLOSERS).strip(" \t*_#>")
    if not core or core[-1] in TERMINAL:
        return False
    if detect_language(core) == "zh":
        return len(HAN.findall(core)) <= 40
    # English list items led by a dash often drop the final punctuation of their Chinese original
    return len(core.split()) <= 20 and not DASH_ITEM.match(core)


class LineRules:
    """The line-level voice rules of one document (generic rules + its annotation), applied in file order."""

    def __init__(self, annotation: dict, default_voice: str = "commentary"):
        self.annotation = annotation or {}
        # the voice of lines no other rule decides: the annotation's, else the document's or corpus's
        self.default_voice = self.annotation.get("default_voice") or default_voice
        self.regions = self.annotation.get("regions", [])
        self.overrides = self.annotation.get("lines", [])
        self.footnote_voice = self.annotation.get("footnote_voice", "commentary")
        self.active: dict | None = None
        self.front_matter = None  # None: not decided yet; True: inside; False: over or absent
        self.body_open_at: int | None = None
        self.footnote_open_at: int | None = None

    def voice(self, index: int, plain: str) -> tuple[str, str]:
        """(voice, rule) of line number `index` whose rule text is `plain`."""
        region = self._region(plain)
        override = next((o for o in self.overrides if matches_prefix(plain, o["from"])), None)
        if override is not None:
            return override["voice"], f"annotation:{override['voice']}_line"
        if self.front_matter is None:
            self.front_matter = plain == "---"
            if self.front_matter:
                return "boilerplate", "front_matter"
        elif self.front_matter:
            if plain == "---":
                self.front_matter = False
            return "boilerplate", "front_matter"
        if not any(ch.isalnum() for ch in plain):
            return "boilerplate", "separator"
        if NOTE_LABEL.match(plain) or FOOTNOTE_START.match(plain):
            self.footnote_open_at = index if _is_open(plain) else None
            if NOTE_LABEL.match(plain):
                return "commentary", "translator_note"
            return self.footnote_voice, "footnote"
        if self.footnote_open_at is not None and _is_continuation(plain):
            body_first = self.body_open_at is not None and self.body_open_at < self.footnote_open_at
            if not body_first or plain.lower().startswith(("<http", "http")):
                if not _is_open(plain):
                    self.footnote_open_at = None
                return ("commentary", "footnote_continuation")
        if is_furniture(plain):
            return "boilerplate", "furniture"
        if is_heading(plain):
            return "boilerplate", "heading"
        self.body_open_at = index if _is_open(plain) else None
        if region is not None:
            return region["voice"], f"annotation:{region['voice']}_region"
        quoted = self.annotation.get("quoted_lines")
        if quoted and plain.lstrip(" \t*_").startswith(('"', "“")):
            return quoted, "annotation:quoted_line"
        zh_lines = self.annotation.get("zh_lines")
        if zh_lines and detect_language(plain) == "zh":
            return zh_lines, "annotation:zh_line"
        return self.default_voice, "default"

    def _region(self, plain: str) -> dict | None:
        """The region annotation covering this line (regions end before the line beginning `until`)."""
        if self.active is not None and self.active.get("until"):
            if matches_prefix(plain, self.active["until"]):
                self.active = None
        if self.active is None:
            self.active = next((r for r in self.regions if matches_prefix(plain, r["from"])), None)
        return self.active


def segment_text(
    text: str, annotation: dict | None = None, default_voice: str = "commentary"
) -> list[Segment]:
    """Cut `text` into voice segments following the generic rules and one document's annotation.

    `default_voice` is the voice of body lines no rule decides when the annotation sets none (the
    manifest's `default_voice` column, else `corpus.default_voice`); headings, furniture, separators
    and notes keep the voices the generic rules give them."""
    annotation = annotation or {}
    if default_voice not in VOICES:
        raise ValueError(f"default_voice {default_voice!r} is not one of {', '.join(VOICES)}")
    rules = LineRules(annotation, default_voice)
    speakers = [_speaker_pattern(s) for s in annotation.get("quote_speakers", [])]
    min_quote = int(annotation.get("min_quote_chars", 12))
    segments: list[Segment] = []
    for index, line in enumerate(split_lines(text)):
        content = text[line.start : line.content_end]
        voice, rule = rules.voice(index, plain_text(content))
        segments.extend(_merge(_cut_line(text, line, voice, rule, speakers, min_quote)))
    return check_tiling(segments, len(text))


def _speaker_pattern(name: str) -> re.Pattern:
    """A speaker's name as a word: "Xi" matches "Xi" and "Xi's" but not "Xi’an" or "Xinhua"."""
    return re.compile(rf"(?<![\w’'-]){re.escape(name)}(?:[’']s)?(?![\w’'-])")


def _cut_line(text, line: Line, voice, rule, speakers, min_quote) -> list[Segment]:
    """Segments of one line: markup, inner voice cuts, language runs; the break joins the last piece."""
    start, content_end = line.start, line.content_end
    content = text[start:content_end]
    markup = [(m.start(), m.end()) for m in MARKUP.finditer(content)]
    if voice == "primary":
        cuts = _primary_cuts(content, markup)
    elif voice == "commentary" and speakers:
        cuts = _quotation_cuts(content, speakers, min_quote)
    else:
        cuts = []
    layers = [(a, b, "boilerplate", "markup") for a, b in markup]
    langs = _language_spans(content, markup)
    bounds = {0, len(content)}
    for a, b, *_ in cuts + layers + langs:
        bounds.update((a, b))
    points = sorted(bounds)
    default_lang = langs[0][2] if langs else "en"
    cut_at, layer_at, lang_at = _Cover(cuts), _Cover(layers), _Cover(langs)
    pieces: list[Segment] = []
    for a, b in zip(points, points[1:], strict=False):
        v, r = voice, rule
        inner = layer_at.covering(a, b) or cut_at.covering(a, b)
        if inner is not None:
            v, r = inner[2], inner[3]
        lang = lang_at.covering(a, b)
        pieces.append(Segment(start + a, start + b, v, lang[2] if lang else default_lang, r))
    tail = text[content_end : line.end]
    if tail:
        if "<" in tail or "&" in tail:
            last_lang = pieces[-1].lang if pieces else "en"
            pieces.append(Segment(content_end, line.end, "boilerplate", last_lang, "markup"))
        elif pieces:
            last = pieces[-1]
            pieces[-1] = Segment(last.start, line.end, last.voice, last.lang, last.rule)
        else:
            pieces.append(Segment(content_end, line.end, voice, "en", rule))
    return pieces


class _Cover:
    """Which of sorted, non-overlapping spans covers [a, b), for pieces visited left to right (linear)."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.i = 0

    def covering(self, a: int, b: int):
        while self.i < len(self.spans) and self.spans[self.i][1] <= a:
            self.i += 1
        if self.i < len(self.spans):
            span = self.spans[self.i]
            if span[0] <= a and b <= span[1]:
                return span
        return None


def _add_free(taken: list[tuple[int, int]], candidates) -> list[tuple[int, int]]:
    """Candidates (sorted spans) that overlap none of `taken` (sorted, non-overlapping); linear sweep."""
    free, i = [], 0
    for a, b in candidates:
        while i < len(taken) and taken[i][1] <= a:
            i += 1
        if i < len(taken) and taken[i][0] < b:
            continue
        free.append((a, b))
    return free


def _union(x: list[tuple[int, int]], y: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return sorted(x + y)


def _primary_cuts(content: str, markup) -> list[tuple[int, int, str, str]]:
    """Inside primary text: the translator's glosses, bracketed insertions and footnote marks."""
    glosses = [m.span() for m in EDITOR_GLOSS.finditer(content)]
    taken = _union(glosses, list(markup))
    insertions = _add_free(taken, (m.span() for m in BRACKET_INSERTION.finditer(content)))
    taken = _union(taken, insertions)
    marks = _add_free(taken, (m.span() for m in FOOTNOTE_MARK.finditer(content)))
    return sorted(
        [(a, b, "commentary", "editor_gloss") for a, b in glosses]
        + [(a, b, "commentary", "translator_insertion") for a, b in insertions]
        + [(a, b, "commentary", "footnote_mark") for a, b in marks]
    )


def _quotation_cuts(content: str, speakers, min_quote: int) -> list[tuple[int, int, str, str]]:
    """Quotations (of at least `min_quote` characters) whose sentence names a source speaker are primary.

    The attribution is looked for in the sentence around the quotation (outside all quotation marks); a
    sentence that is nothing but a quotation keeps the attribution of the sentence before it."""
    quotes = [
        m.span(1) for m in QUOTATION.finditer(content) if len(m.group(1).strip()) >= min_quote
    ]
    if not quotes:
        return []
    masked = list(content)
    for a, b in quotes:
        masked[a : b - 1] = "x" * (b - 1 - a)
    masked_text = "".join(masked)
    bounds = [0] + [m.end() for m in SENTENCE_SPLIT.finditer(masked_text)] + [len(content)]
    cuts = []
    from_source = False
    q = 0
    for s, e in zip(bounds, bounds[1:], strict=False):
        inside = []
        while q < len(quotes) and quotes[q][0] < e:
            if quotes[q][0] >= s:
                inside.append(quotes[q])
            q += 1
        outside = list(content[s:e])
        for a, b in inside:
            lo, hi = max(a - 1, s), min(b + 1, e)
            outside[lo - s : hi - s] = " " * (hi - lo)
        attribution = "".join(outside)
        if LATIN.search(attribution) or HAN.search(attribution):
            from_source = any(p.search(attribution) for p in speakers)
        if from_source:
            cuts.extend((a, b, "primary", "quotation") for a, b in inside)
    return cuts


def _language_spans(content: str, markup) -> list[tuple[int, int, str]]:
    """(start, end, lang) covering `content`: per stretch between markup, its language, clauses of the other split out."""
    stretches = []
    pos = 0
    for a, b in markup:
        if a > pos:
            stretches.append((pos, a))
        pos = b
    if pos < len(content):
        stretches.append((pos, len(content)))
    line_lang = detect_language(MARKUP.sub(" ", content) if markup else content)
    spans: list[tuple[int, int, str]] = []
    for a, b in stretches:
        chunk = content[a:b]
        lang = detect_language(chunk) if _has_script(chunk) else line_lang
        inner = _han_clauses(chunk) if lang == "en" else _latin_sentences(chunk)
        other = "zh" if lang == "en" else "en"
        pos = 0
        for ia, ib in inner:
            if ia > pos:
                spans.append((a + pos, a + ia, lang))
            spans.append((a + ia, a + ib, other))
            pos = ib
        if pos < len(chunk):
            spans.append((a + pos, b, lang))
    for a, b in markup:
        spans.append((a, b, line_lang))
    return sorted(spans)


def _han_clauses(chunk: str) -> list[tuple[int, int]]:
    """Runs of Chinese inside English text that are clauses (>= 6 Han characters and ，。；！？)."""
    runs: list[list[int]] = []
    for m in HAN_RUN.finditer(chunk):
        if runs and len(LATIN_WORD.findall(chunk, runs[-1][1], m.start())) < 3:
            if "\n" not in chunk[runs[-1][1] : m.start()]:
                runs[-1][1] = m.end()
                continue
        runs.append([m.start(), m.end()])
    out = []
    for a, b in runs:
        while a > 0 and chunk[a - 1] in OPEN_PUNCT:
            a -= 1
        while b < len(chunk) and chunk[b] in CLOSE_PUNCT:
            b += 1
        run = chunk[a:b]
        if len(HAN.findall(run)) >= 6 and HAN_CLAUSE_PUNCT.search(run):
            out.append((a, b))
    return out


LATIN_RUN = re.compile(
    rf"[A-Za-z0-9\"“‘'(\u00c0-\u024f][^{HAN_CHARS}]*[^\s{HAN_CHARS}，。、；：！？（）“”]"
)


def _latin_sentences(chunk: str) -> list[tuple[int, int]]:
    """Runs of English inside Chinese text that are sentences (>= 5 words, not counting URLs, with . ! or ?)."""
    out = []
    for m in LATIN_RUN.finditer(chunk):
        run = URL_LIKE.sub(" ", m.group())
        if len(LATIN_WORD.findall(run)) >= 5 and re.search(r"[A-Za-z][.!?](?:[\s\"”’)]|$)", run):
            out.append(m.span())
    return out


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join neighbours (within one line) with the same voice, language and rule."""
    merged: list[Segment] = []
    for seg in segments:
        if seg.end <= seg.start:
            continue
        if merged:
            last = merged[-1]
            if (last.voice, last.lang, last.rule) == (
                seg.voice,
                seg.lang,
                seg.rule,
            ) and last.end == seg.start:
                merged[-1] = Segment(last.start, seg.end, last.voice, last.lang, last.rule)
                continue
        merged.append(seg)
    return merged


def check_tiling(segments: list[Segment], length: int) -> list[Segment]:
    """Segments must tile [0, length): check it, so a rule bug cannot silently drop characters."""
    pos = 0
    for seg in segments:
        if seg.start != pos or seg.end <= seg.start:
            raise AssertionError(f"segments do not tile the text at offset {pos}: {seg}")
        if seg.voice not in VOICES or seg.lang not in LANGS:
            raise AssertionError(f"bad voice or language: {seg}")
        pos = seg.end
    if pos != length:
        raise AssertionError(f"segments end at {pos}, text at {length}")
    return segments
