"""Benchmark: lexicon matching throughput (tokens per second, one core) once text is tokenized.

Tokenizes a corpus once with the project's pipelines (blank English with lookup lemmas, jieba Chinese),
then times what rule match_rhetoric does per document: `RhetoricMatcher.match_doc` on every Doc plus
the mapping of matches to sentences (`score_document`). Text: the bilingual-gwr releases (English and
Chinese paragraphs) when ../shared/external/bilingual-gwr is present, else the embedded seed corpus
repeated. Target: >= 200,000 tokens/s (tokens = all tokens of the Docs, white space excluded; the rate
tables count tokens without punctuation, which is about 12% fewer).
Usage: .venv/bin/python benchmarks/scoring.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import re
import time
from pathlib import Path

import pandas as pd

from policy_rhetoric.core.text import raw_text
from policy_rhetoric.corpus.tokens import load_pipeline, tokenize_segments
from policy_rhetoric.rhetoric.lexicon import load_lexicons
from policy_rhetoric.rhetoric.matching import RhetoricMatcher, score_document

ROOT = Path(__file__).resolve().parents[1]
GWR = ROOT.parent / "shared" / "external" / "bilingual-gwr" / "original_md"
HAN = re.compile(r"[\u4e00-\u9fff]")
LEXICONS = [ROOT / "config/lexicons/militarized.yaml", ROOT / "config/lexicons/self_reliance.yaml"]
SENTENCE_COLUMNS = [
    "doc_id",
    "sent_id",
    "start_char",
    "end_char",
    "voice",
    "lang",
    "n_tokens",
    "text",
]


def segments_of(doc_id: str, text: str) -> list[dict]:
    """One segment per line part (bilingual lines are split at <br/>), language by its characters."""
    segments, offset = [], 0
    for line in text.splitlines(keepends=True):
        position = offset
        for part in line.split("<br/>"):
            if part.strip():
                han = len(HAN.findall(part))
                lang = "zh" if han > 0.3 * len(part.replace(" ", "")) else "en"
                segments.append(
                    {
                        "doc_id": doc_id,
                        "seg_id": len(segments),
                        "start_char": position,
                        "voice": "primary",
                        "lang": lang,
                        "text": part,
                    }
                )
            position += len(part) + len("<br/>")
        offset += len(line)
    return segments


def corpus(repeat: int) -> list[tuple[str, str]]:
    if GWR.is_dir():
        return [(p.stem, raw_text(p)) for p in sorted(GWR.glob("*.md"))]
    texts = [(p.stem, raw_text(p)) for p in sorted((ROOT / "resources/corpus").glob("*.txt"))]
    return [(f"{d}_{i}", t) for i in range(repeat) for d, t in texts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="rounds of timing (best is reported)")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    matcher = RhetoricMatcher(load_lexicons(LEXICONS), load_pipeline("en"))
    prepared = []
    for doc_id, text in corpus(args.repeat):
        docs, sentences = tokenize_segments(segments_of(doc_id, text), {})
        prepared.append((docs, pd.DataFrame(sentences, columns=SENTENCE_COLUMNS), text))
    tokens = {
        lang: sum(
            sum(1 for t in d if not t.is_space)
            for docs, _, _ in prepared
            for d in docs
            if d.user_data["lang"] == lang
        )
        for lang in ("en", "zh")
    }
    best, n_matches = float("inf"), 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        n_matches = sum(len(score_document(docs, s, matcher, t)) for docs, s, t in prepared)
        best = min(best, time.perf_counter() - start)
    total = sum(tokens.values())
    source = "bilingual-gwr" if GWR.is_dir() else f"seed corpus x{args.repeat}"
    print(f"text: {source}; {total:,} tokens ({tokens['en']:,} en, {tokens['zh']:,} zh)")
    print(f"matches: {n_matches:,}; best of {args.repeat}: {best:.3f} s")
    print(f"throughput: {total / best:,.0f} tokens/s (target >= 200,000)")
    for lang in ("en", "zh"):
        docs = [d for ds, _, _ in prepared for d in ds if d.user_data["lang"] == lang]
        start = time.perf_counter()
        for d in docs:
            matcher.match_doc(d, lang)
        seconds = time.perf_counter() - start
        print(f"  {lang} matching alone: {tokens[lang] / seconds:,.0f} tokens/s")


if __name__ == "__main__":
    main()
