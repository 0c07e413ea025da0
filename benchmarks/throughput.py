"""Benchmark: tokenize + match throughput against a bare spaCy pass over the same text (issue 14).

Per text, in one process, interleaved rounds (the order of the two passes alternates):
(a) baseline: spaCy blank(lang) + sentencizer over every segment's text by `nlp.pipe` (Chinese with the
    jieba segmenter, so both sides produce the same tokens);
(b) the project: what rules tokenize_shard and match_shard do once started, through their run_
    functions, on shards of the default size (corpus.shard_size: auto): read the segment table,
    tokenize, write the DocBin and the sentence table; read both back with the sources, build the
    matcher, match, write the match table. The source files and segment tables are written before
    any timing.
Prints tokens/s of both (tokens: the baseline Docs' tokens without white space), their ratio per
round, the two rules' rates and the SHA-256 digests of the outputs (of docs.spacy: its decompressed
bytes, so the zlib level is not compared).

Texts: `en` = ../shared/external/interpret-china-en (each CSV one document, paragraphs joined by a blank
line as the csv_documents import joins them), `zh` = ../shared/external/cn-political-zh (JSONL records and
speech files), `gwr` = ../shared/external/bilingual-gwr/original_md; a text that is absent is replaced by
the embedded corpus repeated (`embedded`). Documents are cut into segments by rule segment_shard's
function (no annotation, default voice primary) before any timing.

`--against REV` measures the code of git revision REV (its src/, extracted to a temporary folder) and the
working tree side by side: processes alternate (REV, working tree, REV, ...), one round each, and the
output digests of the two are compared (they must be identical). `--profile` prints the cProfile of one
project pass per text instead.
`--cpu` times the CPU seconds of the process (user + system) instead of the wall: on a machine other
jobs share, the figure to compare.
Usage: .venv/bin/python benchmarks/throughput.py [--texts en,zh] [--rounds 3] [--against REV] [--cpu]
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
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# wall seconds by default; --cpu: this process's CPU seconds (user + system), which a busy machine's
# other processes disturb less (both passes run in this one process, single-threaded)
CLOCK = {"wall": time.perf_counter, "cpu": time.process_time}


def clock() -> float:
    return CLOCK[os.environ.get("THROUGHPUT_CLOCK", "wall")]()


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


def write_shards(docs: list, out: Path) -> list[dict]:
    """The input of rules tokenize_shard and match_shard, made before any timing: every document's
    text as a source file, cut into shards of the default size (corpus.shard_size: auto) and
    segmented by rule segment_shard's function (no annotation, default voice primary)."""
    from policy_rhetoric.corpus.segments import run_segment_shard
    from policy_rhetoric.corpus.shards import assign_shards

    out.mkdir(parents=True, exist_ok=True)
    sources = {}
    for doc_id, text, _ in docs:
        path = out / f"{doc_id.replace('/', '_')}.txt"
        path.write_bytes(text.encode("utf-8"))
        sources[doc_id.replace("/", "_")] = str(path)
    shards = []
    for shard, ids in assign_shards(sources).items():
        paths = {
            k: out / f"shard{shard}.{k}"
            for k in ("segments.tsv", "docs.spacy", "sentences.tsv", "matches.tsv")
        }
        run_segment_shard(
            [sources[d] for d in ids],
            str(paths["segments.tsv"]),
            doc_ids=ids,
            annotations={},
            default_voices=dict.fromkeys(ids, "primary"),
        )
        shards.append({"ids": ids, "sources": [sources[d] for d in ids], "paths": paths})
    return shards


def project_pass(shards: list[dict]) -> dict:
    """What rules tokenize_shard and match_shard do once started (their run_ functions: read the
    segment table, tokenize, write the DocBin and the sentence table; read both back, build the
    matcher, match, write the match table); seconds per rule, tokens, matches and the SHA-256 of
    each kind of output over all shards."""
    from policy_rhetoric.corpus.shard_tokens import run_tokenize_shard
    from policy_rhetoric.rhetoric.shard_matches import run_match_shard

    seconds = dict.fromkeys(("tokenize", "match"), 0.0)
    digests = {k: hashlib.sha256() for k in ("docs.spacy", "sentences.tsv", "matches.tsv")}
    for shard in shards:
        paths = shard["paths"]
        t0 = clock()
        run_tokenize_shard(
            str(paths["segments.tsv"]),
            str(paths["docs.spacy"]),
            str(paths["sentences.tsv"]),
            en_model="blank",
            zh_model="blank",
        )
        t1 = clock()
        run_match_shard(
            str(paths["docs.spacy"]),
            str(paths["sentences.tsv"]),
            shard["sources"],
            [str(p) for p in LEXICONS],
            str(paths["matches.tsv"]),
            doc_ids=shard["ids"],
        )
        t2 = clock()
        seconds["tokenize"] += t1 - t0
        seconds["match"] += t2 - t1
        for kind in digests:
            data = paths[kind].read_bytes()
            # the DocBin by its content: the zlib level of the file is not part of it
            digests[kind].update(zlib.decompress(data) if kind == "docs.spacy" else data)
    seconds["total"] = seconds["tokenize"] + seconds["match"]
    return {"seconds": seconds, "digests": {k: v.hexdigest() for k, v in digests.items()}}


def count_matches(shards: list[dict]) -> int:
    """Rows of the match tables (after the timed passes)."""
    from policy_rhetoric.core.tables import read_tsv

    return sum(len(read_tsv(shard["paths"]["matches.tsv"])) for shard in shards)


def measure(prepared: dict, rounds: int, first: int = 0, profile: bool = False) -> dict:
    """Interleaved rounds of the baseline and the project pass on every text set, in this process."""
    pipelines = baseline_pipelines()
    results = {"texts": {}}
    with tempfile.TemporaryDirectory(prefix="throughput.") as tmp:
        for name, text_set in prepared.items():
            docs = text_set["docs"]
            shards = write_shards(docs, Path(tmp) / name)
            # jieba's dictionary, lookup tables, first-call costs
            baseline_pass(docs[:2], pipelines)
            project_pass(write_shards(docs[:2], Path(tmp) / f"{name}_warm"))
            if profile:
                profiler = cProfile.Profile()
                profiler.enable()
                project_pass(shards)
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
                    start = clock()
                    if kind == "baseline":
                        run["baseline_tokens"] = baseline_pass(docs, pipelines)
                        run["baseline_seconds"] = clock() - start
                    else:
                        run["project"] = project_pass(shards)
                runs.append(run)
            matches = count_matches(shards)
            for run in runs:  # the same text, so the baseline's tokens
                run["project"].update(tokens=run["baseline_tokens"], matches=matches)
            results["texts"][name] = {"label": text_set["label"], "runs": runs}
    return results


def report(name: str, label: str, runs: list[dict], tag: str = "") -> list[float]:
    tokens = runs[0]["project"]["tokens"]
    ratios = []
    print(f"{tag}{name}: {label}; {tokens:,} tokens, {runs[0]['project']['matches']:,} matches")
    for run in runs:
        s = run["project"]["seconds"]
        base = tokens / run["baseline_seconds"]
        ratio = run["baseline_seconds"] / s["total"]
        ratios.append(ratio)
        print(
            f"  baseline {base:>9,.0f} tok/s | project {tokens / s['total']:>9,.0f} tok/s"
            f" (tokenize_shard {tokens / s['tokenize']:>9,.0f}, match_shard"
            f" {tokens / s['match']:>9,.0f}) | ratio {ratio:.2f}"
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
    parser.add_argument(
        "--cpu", action="store_true", help="time CPU seconds of the process instead of wall seconds"
    )
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if args.cpu:
        os.environ["THROUGHPUT_CLOCK"] = "cpu"  # inherited by the --against workers
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
    for name, text in result["texts"].items():
        ratios = report(name, text["label"], text["runs"])
        print(f"  ratio median {statistics.median(ratios):.2f} (target >= 0.60)")


if __name__ == "__main__":
    main()
