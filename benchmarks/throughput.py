"""Benchmark: tokenize + match throughput against a bare spaCy pass over the same text (issue 14).

Per text, in one process, interleaved rounds (the order of the two passes alternates):
(a) baseline: spaCy blank(lang) + sentencizer over every segment's text by `nlp.pipe` (Chinese with the
    jieba segmenter, so both sides produce the same tokens);
(b) the project: per document what rules tokenize_document and match_rhetoric do once started:
    `tokenize_segments` + `write_tokens` (DocBin and sentence table), then `read_docs` + the sentence
    table read back + `score_document` + `write_matches` (the matcher is built once, as a sharded job
    builds it once).
Prints tokens/s of both, their ratio per round, the project's stages (tokenize, write, match; "match
alone" is `score_document` by itself, formerly benchmarks/scoring.py) and SHA-256 digests of the outputs.
Tokens are the Docs' tokens without white space.

Texts: `en` = ../shared/external/interpret-china-en (each CSV one document, paragraphs joined by a blank
line as the csv_documents import joins them), `zh` = ../shared/external/cn-political-zh (JSONL records and
speech files), `gwr` = ../shared/external/bilingual-gwr/original_md; a text that is absent is replaced by
the embedded corpus repeated (`embedded`). Documents are cut into segments by `segment_text` (no
annotation, default voice primary) before any timing.

`--against REV` measures the code of git revision REV (its src/, extracted to a temporary folder) and the
working tree side by side: processes alternate (REV, working tree, REV, ...), one round each, and the
output digests of the two are compared (they must be identical). `--profile` prints the cProfile of one
project pass per text instead.
Usage: .venv/bin/python benchmarks/throughput.py [--texts en,zh] [--rounds 3] [--against integ2]
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import hashlib
import io
import json
import os
import pickle
import pstats
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXTERNAL = ROOT.parent / "shared" / "external"
LEXICONS = [ROOT / "config/lexicons/militarized.yaml", ROOT / "config/lexicons/self_reliance.yaml"]


def documents(name: str, repeat: int) -> tuple[str, list[tuple[str, str]]]:
    """(source label, [(doc_id, text)]) of one text set; the embedded corpus repeated when absent."""
    from policy_rhetoric.core.text import raw_text

    if name == "en" and (EXTERNAL / "interpret-china-en").is_dir():
        docs = []
        for path in sorted((EXTERNAL / "interpret-china-en").glob("*/*.csv")):
            with path.open(encoding="utf-8", newline="") as handle:
                paragraphs = [row["full_text"] or "" for row in csv.DictReader(handle)]
            docs.append((f"{path.parent.name}/{path.stem}", "\n\n".join(paragraphs)))
        return "interpret-china-en", docs
    if name == "zh" and (EXTERNAL / "cn-political-zh").is_dir():
        base = EXTERNAL / "cn-political-zh"
        docs = []
        for path in sorted((base / "wikisource").glob("*.jsonl")):
            for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
                docs.append((f"{path.stem}/{i}", json.loads(line)["content"]))
        docs += [(p.stem, raw_text(p)) for p in sorted((base / "xi-speeches").glob("*.txt"))]
        return "cn-political-zh", docs
    if name == "gwr" and (EXTERNAL / "bilingual-gwr" / "original_md").is_dir():
        paths = sorted((EXTERNAL / "bilingual-gwr" / "original_md").glob("*.md"))
        return "bilingual-gwr", [(p.stem, raw_text(p)) for p in paths]
    texts = [(p.stem, raw_text(p)) for p in sorted((ROOT / "resources/corpus").glob("*.txt"))]
    return f"embedded corpus x{repeat}", [(f"{d}_{i}", t) for i in range(repeat) for d, t in texts]


def prepare(names: list[str], repeat: int) -> dict:
    """Every text set as documents with their segments (the input of rule tokenize_document)."""
    from policy_rhetoric.corpus.voice import segment_text

    prepared = {}
    for name in names:
        label, docs = documents(name, repeat)
        prepared[name] = {
            "label": label,
            "docs": [
                (
                    doc_id,
                    text,
                    [
                        {
                            "doc_id": doc_id,
                            "seg_id": i,
                            "start_char": s.start,
                            "end_char": s.end,
                            "voice": s.voice,
                            "lang": s.lang,
                            "text": text[s.start : s.end],
                        }
                        for i, s in enumerate(segment_text(text, {}, "primary"))
                    ],
                )
                for doc_id, text in docs
            ],
        }
    return prepared


def baseline_pipelines() -> dict:
    import spacy

    en = spacy.blank("en")
    zh = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    for nlp in (en, zh):
        nlp.add_pipe("sentencizer")
        nlp.max_length = 10**8
    return {"en": en, "zh": zh}


def baseline_pass(docs: list, pipelines: dict) -> int:
    """The bare pass: every segment through blank + sentencizer, by language; returns the tokens
    (counted from an array, not a loop over Token objects, which would slow the baseline down)."""
    tokens = 0
    for lang, nlp in pipelines.items():
        texts = [s["text"] for _, _, segs in docs for s in segs if s["lang"] == lang]
        for doc in nlp.pipe(texts):
            tokens += non_space(doc)
    return tokens


def non_space(doc) -> int:
    from spacy.attrs import IS_SPACE

    return len(doc) - int(doc.to_array(IS_SPACE).sum()) if len(doc) else 0


def project_pass(docs: list, matcher, out: Path) -> dict:
    """What rules tokenize_document and match_rhetoric do per document; seconds per stage, tokens,
    matches and the SHA-256 of each kind of output over all documents."""
    from policy_rhetoric.core.tables import read_tsv
    from policy_rhetoric.corpus.tokens import read_docs, tokenize_segments, write_tokens
    from policy_rhetoric.rhetoric.matching import score_document, write_matches

    seconds = dict.fromkeys(("tokenize", "write", "match", "match_alone"), 0.0)
    digests = {k: hashlib.sha256() for k in ("docs.spacy", "sentences.tsv", "matches.tsv")}
    tokens = matches = 0
    for doc_id, text, segments in docs:
        name = doc_id.replace("/", "_")
        paths = {k: out / f"{name}.{k}" for k in digests}
        t0 = time.perf_counter()
        spacy_docs, sentences = tokenize_segments(segments, {"en": "blank", "zh": "blank"})
        t1 = time.perf_counter()
        write_tokens(paths["docs.spacy"], paths["sentences.tsv"], spacy_docs, sentences)
        t2 = time.perf_counter()
        kept, table = read_docs(paths["docs.spacy"]), read_tsv(paths["sentences.tsv"])
        t3 = time.perf_counter()
        rows = score_document(kept, table, matcher, text)
        t4 = time.perf_counter()
        write_matches(paths["matches.tsv"], rows)
        t5 = time.perf_counter()
        seconds["tokenize"] += t1 - t0
        seconds["write"] += t2 - t1
        seconds["match"] += t5 - t2
        seconds["match_alone"] += t4 - t3
        tokens += sum(non_space(d) for d in spacy_docs)
        matches += len(rows)
        for kind, path in paths.items():
            digests[kind].update(path.read_bytes())
            path.unlink()
    seconds["total"] = seconds["tokenize"] + seconds["write"] + seconds["match"]
    return {
        "seconds": seconds,
        "tokens": tokens,
        "matches": matches,
        "digests": {k: v.hexdigest() for k, v in digests.items()},
    }


def measure(prepared: dict, rounds: int, first: int = 0, profile: bool = False) -> dict:
    """Interleaved rounds of the baseline and the project pass on every text set, in this process."""
    from policy_rhetoric.corpus.tokens import load_pipeline
    from policy_rhetoric.rhetoric.lexicon import load_lexicons
    from policy_rhetoric.rhetoric.matching import RhetoricMatcher

    pipelines = baseline_pipelines()
    t0 = time.perf_counter()
    matcher = RhetoricMatcher(load_lexicons(LEXICONS), load_pipeline("en"))
    setup = time.perf_counter() - t0
    results = {"matcher_setup": setup, "texts": {}}
    with tempfile.TemporaryDirectory(prefix="throughput.") as tmp:
        for name, text_set in prepared.items():
            docs = text_set["docs"]
            warm = docs[:2]  # jieba's dictionary, lookup tables, first-call costs
            baseline_pass(warm, pipelines)
            project_pass(warm, matcher, Path(tmp))
            if profile:
                profiler = cProfile.Profile()
                profiler.enable()
                project_pass(docs, matcher, Path(tmp))
                profiler.disable()
                out = io.StringIO()
                stats = pstats.Stats(profiler, stream=out).strip_dirs()
                stats.sort_stats("tottime").print_stats(25)
                stats.sort_stats("cumulative").print_stats(25)
                results["texts"][name] = {"profile": out.getvalue()}
                continue
            runs = []
            for r in range(first, first + rounds):
                order = ("baseline", "project") if r % 2 == 0 else ("project", "baseline")
                run = {}
                for kind in order:
                    start = time.perf_counter()
                    if kind == "baseline":
                        run["baseline_tokens"] = baseline_pass(docs, pipelines)
                        run["baseline_seconds"] = time.perf_counter() - start
                    else:
                        run["project"] = project_pass(docs, matcher, Path(tmp))
                runs.append(run)
            results["texts"][name] = {"label": text_set["label"], "runs": runs}
    return results


def report(name: str, label: str, runs: list[dict], tag: str = "") -> list[float]:
    tokens = runs[0]["project"]["tokens"]
    ratios = []
    print(f"{tag}{name}: {label}; {tokens:,} tokens, {runs[0]['project']['matches']:,} matches")
    if runs[0]["baseline_tokens"] != tokens:
        print(f"  note: the baseline saw {runs[0]['baseline_tokens']:,} tokens")
    for run in runs:
        s = run["project"]["seconds"]
        base = tokens / run["baseline_seconds"]
        ratio = run["baseline_seconds"] / s["total"]
        ratios.append(ratio)
        print(
            f"  baseline {base:>9,.0f} tok/s | project {tokens / s['total']:>9,.0f} tok/s"
            f" (tokenize {tokens / s['tokenize']:>9,.0f}, write {tokens / s['write']:>9,.0f},"
            f" match {tokens / s['match']:>9,.0f}, match alone {tokens / s['match_alone']:>9,.0f})"
            f" | ratio {ratio:.2f}"
        )
    return ratios


def digests_of(result: dict) -> dict:
    return {n: t["runs"][0]["project"]["digests"] for n, t in result["texts"].items()}


def against(rev: str, prepared_path: Path, names: list[str], rounds: int) -> None:
    """REV's src and the working tree's, in alternating processes, one round each (REV's workflow/ is
    extracted too: src/policy_rhetoric/schemas links into it)."""
    with tempfile.TemporaryDirectory(prefix="throughput-rev.") as tmp:
        archive = subprocess.run(
            ["git", "archive", rev, "src", "workflow"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        tarfile.open(fileobj=io.BytesIO(archive)).extractall(tmp, filter="data")
        sources = {rev: Path(tmp) / "src", "working tree": ROOT / "src"}
        results: dict[str, list[dict]] = {k: [] for k in sources}
        for r in range(rounds):
            for tag, src in sources.items():
                env = dict(os.environ, PYTHONPATH=str(src), OMP_NUM_THREADS="1")
                done = subprocess.run(
                    [sys.executable, __file__, "--worker", str(prepared_path), "--first", str(r)],
                    env=env,
                    capture_output=True,
                    text=True,
                )
                if done.returncode != 0:
                    sys.exit(f"the {tag} worker failed:\n{done.stderr[-3000:]}")
                results[tag].append(json.loads(done.stdout))
    print(
        "matcher setup: "
        + ", ".join(f"{t} {r[0]['matcher_setup']:.2f} s" for t, r in results.items())
    )
    for name in names:
        for tag, runs in results.items():
            label = runs[0]["texts"][name]["label"]
            ratios = report(name, label, [x["texts"][name]["runs"][0] for x in runs], f"[{tag}] ")
            print(
                f"  ratio median {statistics.median(ratios):.2f} (range {min(ratios):.2f}-{max(ratios):.2f})"
            )
    before, after = (digests_of(results[t][0]) for t in sources)
    for name in names:
        same = before[name] == after[name]
        print(f"{name}: outputs {'identical' if same else 'DIFFER'} ({rev} vs working tree)")
        if not same:
            for kind in before[name]:
                if before[name][kind] != after[name][kind]:
                    print(f"  {kind} differs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", default="en,zh", help="comma-separated: en, zh, gwr")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=20, help="copies of the embedded corpus")
    parser.add_argument("--against", metavar="REV", help="also measure git revision REV's src")
    parser.add_argument("--profile", action="store_true", help="cProfile one project pass")
    parser.add_argument("--worker", metavar="PICKLE", help=argparse.SUPPRESS)
    parser.add_argument("--first", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if args.worker:
        prepared = pickle.loads(Path(args.worker).read_bytes())
        json.dump(measure(prepared, 1, first=args.first), sys.stdout)
        return
    names = args.texts.split(",")
    prepared = prepare(names, args.repeat)
    if args.profile:
        for name, result in measure(prepared, 1, profile=True)["texts"].items():
            print(f"== {name}: {prepared[name]['label']}\n{result['profile']}")
        return
    if args.against:
        with tempfile.NamedTemporaryFile(suffix=".pickle") as handle:
            handle.write(pickle.dumps(prepared))
            handle.flush()
            against(args.against, Path(handle.name), names, args.rounds)
        return
    result = measure(prepared, args.rounds)
    print(f"matcher setup: {result['matcher_setup']:.2f} s")
    for name, text in result["texts"].items():
        ratios = report(name, text["label"], text["runs"])
        print(f"  ratio median {statistics.median(ratios):.2f} (target >= 0.60)")


if __name__ == "__main__":
    main()
