"""A benchmark corpus of any size from real text: paragraphs of real documents resampled into N documents.

Sources are read where they lie (never copied into the project): corpora described by an import spec
(`policy-rhetoric init` specs such as config/experiments/cn_political.import.yaml) and corpora listed by a
manifest (such as config/experiments/gwr_manifest.tsv). Each source document gives its paragraphs
(non-empty lines), its genre, its date and its languages.

Generated document i takes one source document at random (its genre, date and languages), a length
drawn around the mean (target tokens / N, between half and one and a half of it), and paragraphs drawn
with replacement: each from that source document with probability `own_share`, else from any document
of the same source corpus and genre, until the length is reached. So genres and years carry real
differences for the trend and inference stages, and the corpus reaches any size.

Tokens are estimated without spaCy (Latin words, digits and punctuation marks count one; Han characters
count 1/2.15, the mean length of a jieba token measured on a Government Work Report); the pipeline's own
token count is in its sentence table. Everything is seeded: the same sources, sizes and seed give a
byte-identical corpus (texts, manifest, paragraph table).
"""

from __future__ import annotations

import os
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.tables import read_tsv, write_tsv
from policy_rhetoric.core.text import decode_text
from policy_rhetoric.corpus.importers import import_corpus
from policy_rhetoric.corpus.manifest import MANIFEST_COLUMNS

BENCHMARK_MANIFEST_COLUMNS = (*MANIFEST_COLUMNS, "notes", "default_voice")
# where each generated document's paragraphs come from: source document and its paragraph number
BENCHMARK_PARAGRAPH_COLUMNS = ("doc_id", "paragraph", "source", "source_doc", "source_paragraph")
# page furniture that ends a source's own words (Wikisource's licence notice)
FURNITURE_START = ("本作品是中华人民共和国的",)
HAN_PER_TOKEN = 2.15
_LATIN = re.compile(r"[A-Za-z0-9]+|[^\sA-Za-z0-9\u3400-\u9fff]")
_HAN = re.compile(r"[\u3400-\u9fff]")


def estimate_tokens(text: str) -> int:
    """Tokens of `text` as the pipeline's tokenizers roughly count them (see the module docstring)."""
    return len(_LATIN.findall(text)) + round(len(_HAN.findall(text)) / HAN_PER_TOKEN)


@dataclass
class SourceDocument:
    """One real document: where it is, its metadata and its paragraphs with their estimated tokens."""

    corpus: str
    doc_id: str
    genre: str
    date: str
    issuer: str
    languages: str
    paragraphs: list[str] = field(default_factory=list)
    tokens: list[int] = field(default_factory=list)


def paragraphs_of(text: str) -> list[str]:
    """Non-empty lines of a text with a YAML front matter block and page furniture left out."""
    if text.startswith("\ufeff"):
        text = text[1:]
    for marker in FURNITURE_START:
        text = text.split(marker, 1)[0]
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        lines = lines[end + 1 :]
    return [line.strip() for line in lines if estimate_tokens(line.strip()) >= 2]


def _source(corpus: str, row: dict, text: str) -> SourceDocument | None:
    paragraphs = paragraphs_of(text)
    if not paragraphs:
        return None
    return SourceDocument(
        corpus=corpus,
        doc_id=row["doc_id"],
        genre=row["genre"],
        date=row["primary_date"] or row["published_date"],
        issuer=row.get("issuer", ""),
        languages=row["languages"],
        paragraphs=paragraphs,
        tokens=[estimate_tokens(p) for p in paragraphs],
    )


def load_sources(
    project_root: str | os.PathLike,
    specs: list[str | os.PathLike] = (),
    manifests: list[tuple[str | os.PathLike, str | os.PathLike]] = (),
) -> list[SourceDocument]:
    """Source documents of import specs and of (manifest, corpus root) pairs, paths relative to
    `project_root`; a corpus is named after its spec's `name` or its manifest file's stem."""
    project_root = Path(project_root)
    documents = []
    for spec_path in specs:
        spec = yaml.safe_load((project_root / spec_path).read_text(encoding="utf-8"))
        result = import_corpus(spec, project_root, name=str(spec_path))
        corpus = spec.get("name", Path(spec_path).stem)
        for doc in result.documents:
            if doc.text is not None:
                text = doc.text
            else:
                source = project_root / doc.row["source"]
                text = decode_text(source.read_bytes(), str(source))
            documents.append(_source(corpus, doc.row, text))
    for manifest, root in manifests:
        corpus = Path(manifest).stem.removesuffix("_manifest")
        for row in read_tsv(project_root / manifest).to_dict("records"):
            path = project_root / root / row["path"]
            documents.append(_source(corpus, row, decode_text(path.read_bytes(), str(path))))
    documents = [d for d in documents if d is not None]
    if not documents:
        raise InputError(
            str(project_root),
            "no source document has a paragraph",
            "give specs or manifests of text",
        )
    return sorted(documents, key=lambda d: (d.corpus, d.doc_id))


def generate_corpus(
    sources: list[SourceDocument],
    out_dir: str | os.PathLike,
    *,
    documents: int,
    tokens: int,
    seed: int,
    own_share: float = 0.7,
) -> dict:
    """Write `documents` texts of about `tokens` estimated tokens in all to out_dir/docs/, with
    out_dir/manifest.tsv (BENCHMARK_MANIFEST_COLUMNS) and out_dir/paragraphs.tsv
    (BENCHMARK_PARAGRAPH_COLUMNS). Returns counts: documents, estimated tokens, paragraphs, genres."""
    if documents < 1 or tokens < documents:
        raise InputError(
            "benchmark corpus",
            f"{documents} documents of {tokens} tokens in all",
            "ask for at least one document and at least one token per document",
        )
    rng = random.Random(seed)
    pools: dict[tuple[str, str], list[SourceDocument]] = {}
    for doc in sources:
        pools.setdefault((doc.corpus, doc.genre), []).append(doc)
    lengths = [0.5 + rng.random() for _ in range(documents)]
    scale = tokens / sum(lengths)
    budgets = [max(1, round(x * scale)) for x in lengths]
    width = max(6, len(str(documents)))
    out = Path(out_dir)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    manifest, paragraph_rows, total = [], [], 0
    for i, budget in enumerate(budgets, start=1):
        origin = rng.choice(sources)
        pool = pools[(origin.corpus, origin.genre)]
        doc_id = f"bench_{i:0{width}d}"
        lines, count = [], 0
        while count < budget:
            donor = origin if rng.random() < own_share else rng.choice(pool)
            k = rng.randrange(len(donor.paragraphs))
            lines.append(donor.paragraphs[k])
            count += donor.tokens[k]
            paragraph_rows.append((doc_id, len(lines), donor.corpus, donor.doc_id, k + 1))
        total += count
        path = f"docs/{doc_id}.txt"
        (out / path).write_text("\n\n".join(lines) + "\n", encoding="utf-8", newline="\n")
        manifest.append(
            {
                "doc_id": doc_id,
                "path": path,
                "title": f"Benchmark document {i} (paragraphs resampled from {origin.doc_id})",
                "outlet": f"policy-rhetoric benchmark corpus, seed {seed}",
                "genre": origin.genre,
                "issuer": origin.issuer,
                "primary_date": origin.date,
                "published_date": origin.date,
                "languages": origin.languages,
                "url": "",
                "notes": f"{origin.corpus}: {len(lines)} paragraphs, about {count} tokens",
                "default_voice": "primary",
            }
        )
    write_tsv(out / "manifest.tsv", manifest, BENCHMARK_MANIFEST_COLUMNS)
    write_tsv(out / "paragraphs.tsv", paragraph_rows, BENCHMARK_PARAGRAPH_COLUMNS)
    return {
        "documents": documents,
        "tokens": total,
        "paragraphs": len(paragraph_rows),
        "genres": sorted({row["genre"] for row in manifest}),
    }
