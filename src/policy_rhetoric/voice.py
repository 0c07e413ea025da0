"""Voice segmentation: which characters are the Chinese source's words, the outlet's, or page furniture.

Every character of a file belongs to exactly one Segment. Lines are the first cut (a line's break and any
blank lines after it stay with it); then spans inside a line are re-cut: quotations of the source inside
the outlet's sentences become primary, "[ed.: ...]" glosses inside the source become commentary.
Each segment records the `rule` that decided its voice, so every decision can be audited.

Per-document annotations (config/voice_annotations.yaml) say where the source's text lies; the generic
rules (furniture, headings, translator's notes, quotations) need no configuration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VOICES = ("primary", "commentary", "boilerplate")

FURNITURE = re.compile(
    r"""^\s*(?:
        read\ more|go\ deeper|keep\ scrolling|share\ this.*|discover\ more.*|
        .*\b(?:subscrib\w*|reader-supported|sells\ ads|profile\ picture|tweets?)\b.*|
        (?:illustration|image|photo|thumbnail\ credit|credit|source)\s*:.*|
        [a-z]{3}\ \d{1,2},\ \d{4}(?:\ -\ .*)?|
        [a-z]{3}\ \d{1,2},\ \d+\ tweets|
        <?https?://\S+>?|
        a\ scrolly\ tale.*
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
TRANSLATOR_NOTE = re.compile(
    r"^\s*[\u00b9\u00b2\u00b3\u2070-\u2079\d]*\s*(?:translator'?s note|editor'?s note|note:)",
    re.IGNORECASE,
)
EDITOR_GLOSS = re.compile(r"\[(?:ed\.|editor|translator'?s note|tn)\s*:[^\]]*\]", re.IGNORECASE)
QUOTATION = re.compile(r"[\"“]([^\"“”]{12,}?)[\"”]")
SENTENCE_END = re.compile(r"[.!?。！？;；:：\"”’)…]\s*$")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    voice: str
    lang: str
    rule: str


def detect_language(text: str) -> str:
    """Script-based language: zh when Han characters weigh at least a third as much as Latin letters."""
    han = len(HAN.findall(text))
    latin = len(LATIN.findall(text))
    return "zh" if han and han * 3 >= latin else "en"


def split_lines(text: str) -> list[tuple[int, int, int]]:
    """(start, content_end, end) per non-blank line; the break and following blank lines lie in [content_end, end)."""
    spans: list[tuple[int, int, int]] = []
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text):
        start, end = match.span()
        if start == end and start == len(text):
            break
        content = match.group().rstrip("\r\n")
        if content.strip(" \t\ufeff\u200b\u3000"):
            spans.append((start, start + len(content), end))
        elif spans:
            s, c, _ = spans[-1]
            spans[-1] = (s, c, end)
    if spans and spans[0][0] > 0:
        s, c, e = spans[0]
        spans[0] = (0, c, e)
    if not spans and text:
        spans.append((0, len(text), len(text)))
    if spans and spans[-1][2] < len(text):
        s, c, _ = spans[-1]
        spans[-1] = (s, c, len(text))
    return spans


def _matches_prefix(line: str, prefix: str) -> bool:
    return line.lstrip(" \t\ufeff\"“'‘").startswith(prefix)


def _line_voice(line: str, inside: str | None, annotation: dict) -> tuple[str, str]:
    if FURNITURE.match(line):
        return "boilerplate", "furniture"
    if TRANSLATOR_NOTE.match(line):
        return "commentary", "translator_note"
    words = len(line.split())
    if words <= 12 and not SENTENCE_END.search(line) and detect_language(line) == "en":
        return "boilerplate", "heading"
    if inside:
        return inside
    quoted = annotation.get("quoted_lines")
    if quoted and line.lstrip().startswith(('"', "“")):
        return quoted, "annotation:quoted_line"
    zh_lines = annotation.get("zh_lines")
    if zh_lines and detect_language(line) == "zh":
        return zh_lines, "annotation:zh_line"
    return annotation.get("default_voice", "commentary"), "default"


def segment_text(text: str, annotation: dict) -> list[Segment]:
    """Cut `text` into voice segments following the generic rules and one document's annotation."""
    regions = annotation.get("regions", [])
    speakers = annotation.get("quote_speakers", [])
    segments: list[Segment] = []
    active: dict | None = None
    for start, content_end, end in split_lines(text):
        line = text[start:content_end]
        if active is not None and active.get("until") and _matches_prefix(line, active["until"]):
            active = None
        if active is None:
            active = next((r for r in regions if _matches_prefix(line, r["from"])), None)
        inside = (active["voice"], f"annotation:{active['voice']}_region") if active else None
        override = next(
            (o for o in annotation.get("lines", []) if _matches_prefix(line, o["from"])), None
        )
        if override is not None:
            voice, rule = override["voice"], f"annotation:{override['voice']}_line"
        else:
            voice, rule = _line_voice(line, inside, annotation)
        segments.extend(_split_line(text, start, content_end, end, voice, rule, speakers))
    return _merge_trailing(segments, len(text))


def _split_line(text, start, content_end, end, voice, rule, speakers) -> list[Segment]:
    """Re-cut one line: glosses inside primary text, source quotations inside commentary."""
    line = text[start:content_end]
    cuts: list[tuple[int, int, str, str]] = []
    if voice == "primary":
        cuts = [
            (m.start(), m.end(), "commentary", "editor_gloss") for m in EDITOR_GLOSS.finditer(line)
        ]
    elif (
        voice == "commentary"
        and speakers
        and any(re.search(rf"\b{re.escape(s)}\b", line) for s in speakers)
    ):
        cuts = [(m.start(1), m.end(1), "primary", "quotation") for m in QUOTATION.finditer(line)]
    pieces: list[Segment] = []
    pos = 0
    for cut_start, cut_end, cut_voice, cut_rule in cuts:
        if cut_start > pos:
            pieces.append(Segment(start + pos, start + cut_start, voice, "", rule))
        pieces.append(Segment(start + cut_start, start + cut_end, cut_voice, "", cut_rule))
        pos = cut_end
    pieces.append(Segment(start + pos, end, voice, "", rule))
    return [
        Segment(
            p.start,
            p.end,
            p.voice,
            detect_language(text[p.start : min(p.end, content_end)] or text[p.start : p.end]),
            p.rule,
        )
        for p in pieces
        if p.end > p.start
    ]


def _merge_trailing(segments: list[Segment], length: int) -> list[Segment]:
    """Segments must tile [0, length): check it, so a rule bug cannot silently drop characters."""
    pos = 0
    for seg in segments:
        if seg.start != pos or seg.end <= seg.start:
            raise AssertionError(f"segments do not tile the text at offset {pos}: {seg}")
        pos = seg.end
    if pos != length:
        raise AssertionError(f"segments end at {pos}, text at {length}")
    return segments
