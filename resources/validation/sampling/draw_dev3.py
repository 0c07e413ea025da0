"""Draw the third English development sample of issue 12 (session 3): English sentences where the kinds of
self-reliance the lexicon missed on held-out English text can occur (codebook: foreign technology
constraints in other words than restriction/embargo, the domestic share of a market, supply and production
chains and dependence on them, self-reliance in paraphrase), from development text only:

  (a) interpret-china-en: the documents of the dev half of interpret_en_sample.tsv and the 13 documents in
      neither half, sentences that neither interpret_en_sample.tsv nor interpret_en_dev2_sample.tsv holds
      (test-half documents are never opened);
  (b) bilingual-gwr: the English paragraphs of the 13 releases (lines "中文<br/>English"; the part after the
      last <br/> of a line whose text is mostly Latin), sentences that overlap no row of
      rhetoric_gwr_sample.tsv.

Strata (first that applies), per origin (interpret / gwr): 'constraint' (containment, monopoly, hegemony,
cut off, stuck, choke, suppression, sanctions ...), 'chain' (supply / industrial / production chains),
'market' (market share, domestic products, localization, substitution, home-grown, imports), 'paraphrase'
(self-, own hands / our own, independent, autonomous, core / key technologies, bottlenecks, controllable,
reliance, dependence, sovereignty ...), 'none' (the rest). Simple random samples per stratum, weight =
N_h / n_h within the pool. Every row is development (split = dev).
Usage: python draw_dev3.py EXTERNAL_ROOT VALIDATION_DIR OUT_TSV
"""

import csv
import random
import re
import sys
from pathlib import Path

EXT, VAL, OUT = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
SEED = 20261130
csv.field_size_limit(10**9)
EN_SENT = re.compile(r"[^.!?]*(?:[.!?]+[\"'”’)\]]*|$)")  # draw_samples.py's splitter
MINLEN = 25
STRATA = (
    ("constraint", r"contain|monopol|hegemon|cut off|cut-off|cutting off|cuts off|stuck|chok|strangl|\bneck|suppress|blockade|sanction|restrict|embargo|export control|entity list|decoupl|de-risk|bully|coerc|encircl"),
    ("chain", r"supply chain|supply-chain|industrial chain|industry chain|production chain|value chain|\bchains\b"),
    ("market", r"market share|domestic(ally)? (product|brand|chip|semiconductor|made|produced|manufactur|substitut|alternative|supplier|equipment|software)|locali[sz]|substitut|home-?grown|indigenous|\bimport"),
    ("paraphrase", r"self-|own hands|our own|its own|their own|ourselves|itself|independen|autonom|core technolog|key technolog|critical technolog|bottleneck|controllab|original|weak link|own feet|mercy|relian|\brely|depend|sovereign|key fields|key areas"),
)
N = {
    "interpret": {"constraint": 45, "chain": 25, "market": 35, "paraphrase": 50, "none": 15},
    "gwr": {"constraint": 25, "chain": 25, "market": 25, "paraphrase": 40, "none": 12},
}
LATIN = re.compile(r"[A-Za-z]")
HAN = re.compile(r"[\u3400-\u9fff]")


def stratum(text):
    for name, pattern in STRATA:
        if re.search(pattern, text, re.I):
            return name
    return "none"


def split_sentences(text, lo, hi):
    for m in EN_SENT.finditer(text, lo, hi):
        s, e = m.start(), m.end()
        seg = text[s:e]
        s, e = s + len(seg) - len(seg.lstrip()), e - (len(seg) - len(seg.rstrip()))
        if e - s >= MINLEN:
            yield s, e


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


first = read_rows(VAL / "interpret_en_sample.tsv")
dev2 = read_rows(VAL / "interpret_en_dev2_sample.tsv")
gwr_rows = read_rows(VAL / "rhetoric_gwr_sample.tsv")
half = {r["doc"]: r["split"] for r in first}
taken = {}
for r in first + dev2:
    taken.setdefault((r["source"], int(r["record"])), []).append((int(r["start_char"]), int(r["end_char"])))
for r in gwr_rows:
    taken.setdefault((f"bilingual-gwr/original_md/{r['file']}", 0), []).append((int(r["start_char"]), int(r["end_char"])))


def free(key, record, s, e):
    return not any(s < b and a < e for a, b in taken.get((key, record), []))


pool = {}
seen = set()
for folder in ("xi-speech", "interpret"):
    for f in sorted((EXT / "interpret-china-en" / folder).glob("*.csv")):
        if f.name in seen:
            continue
        seen.add(f.name)
        key = f"interpret-china-en/{folder}/{f.name}"
        if half.get(key) == "test":
            continue  # test-half documents are never read
        with open(f, encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh), start=1):
                text = row["full_text"] or ""
                for s, e in split_sentences(text, 0, len(text)):
                    if free(key, i, s, e):
                        pool.setdefault(("interpret", stratum(text[s:e])), []).append((key, i, s, e))
for f in sorted((EXT / "bilingual-gwr" / "original_md").glob("*.md")):
    key = f"bilingual-gwr/original_md/{f.name}"
    text = f.read_bytes().decode("utf-8")  # raw_text: UTF-8, no newline translation
    pos = 0
    for line in text.split("\n"):
        lo, hi = pos, pos + len(line)
        pos = hi + 1
        cut = line.rfind("<br/>")
        if cut < 0:
            continue
        lo = lo + cut + len("<br/>")
        part = text[lo:hi]
        if len(HAN.findall(part)) or len(LATIN.findall(part)) < 20 or "<" in part:
            continue  # English paragraphs only (no Han, no markup)
        for s, e in split_sentences(text, lo, hi):
            if free(key, 0, s, e):
                pool.setdefault(("gwr", stratum(text[s:e])), []).append((key, 0, s, e))

rng = random.Random(SEED)
phase1 = []
for origin in ("interpret", "gwr"):
    for h in ("constraint", "chain", "market", "paraphrase", "none"):
        cands = pool.get((origin, h), [])
        k = min(N[origin][h], len(cands))
        for j in sorted(rng.sample(range(len(cands)), k)):
            phase1.append((*cands[j], origin, h))

# Phase 2 (drawn after phase 1 was coded: it held 11 self-reliance positives in 260): a census of the
# pool's sentences with a narrow self-reliance cue (the codebook's kinds, still broader than the lexicon).
# Final strata: every narrow-cue sentence is '<origin>_narrow' (census, weight 1); the other phase-1 units
# keep their stratum, whose population and sample now leave the narrow-cue sentences out.
NARROW = re.compile(
    r"self-relian|self-sufficien|self-support|self-improv|self-develop|self-design|own efforts|own strength|own hands"
    r"|our own (technolog|innovat|brand|chip|core)|core technolog|key technolog|critical technolog|bottleneck"
    r"|chokepoint|choke|stranglehold|neck|(supply|industrial|industry|production|value)[- ]chains?"
    r"|independen\w* (innovat|research|develop|technolog|control)|indigenous|home-?grown"
    r"|domestic(ally)? (produc|made|brand|chip|substitut|alternativ|supplier|equipment|software|manufactur)"
    r"|market share|locali[sz]|substitut|controllab"
    r"|(contain|monopol|hegemon|suppress|blockade|cut off|cutting off|decoupl)\w*.{0,60}(technolog|tech\b|chip|semiconductor|science|scientific|high-tech|innovat|supply|component)"
    r"|(technolog|tech\b|chip|semiconductor|science|scientific|high-tech)\w*.{0,60}(contain|monopol|hegemon|suppress|blockade|cut off|decoupl|sanction|restrict)"
    r"|stuck|dependen\w* on (foreign|import|other|the west|the u)",
    re.I,
)
_texts = {}


def unit_text(key, record, s, e):
    if (key, record) not in _texts:
        if key.endswith(".csv"):
            with open(EXT / key, encoding="utf-8", newline="") as fh:
                for i, row in enumerate(csv.DictReader(fh), start=1):
                    _texts[(key, i)] = row["full_text"] or ""
        else:
            _texts[(key, 0)] = (EXT / key).read_bytes().decode("utf-8")
    return _texts[(key, record)][s:e]


narrow = {
    (o, h): [c for c in v if NARROW.search(unit_text(*c))] for (o, h), v in pool.items()
}
drawn1 = {u[:4] for u in phase1}
out = []
for u in phase1:
    key, rec, s, e, origin, h = u
    if NARROW.search(unit_text(key, rec, s, e)):
        continue
    population = len(pool[(origin, h)]) - len(narrow[(origin, h)])
    sampled = sum(1 for v in phase1 if v[4:] == (origin, h) and not NARROW.search(unit_text(*v[:4])))
    out.append((key, rec, s, e, f"{origin}_{h}", round(population / sampled, 4), 1))
for (origin, h), cands in sorted(narrow.items()):
    for c in cands:
        out.append((*c, f"{origin}_narrow", 1.0, 1 if c in drawn1 else 2))
print({f"{o}_{h}": len(v) for (o, h), v in sorted(pool.items())}, "narrow",
      {f"{o}_{h}": len(v) for (o, h), v in sorted(narrow.items()) if v},
      "drawn", len(out), "docs", len({r[0] for r in out}), file=sys.stderr)
# items: phase-1 units keep the number they were coded under (d3NNNN in phase-1 order, as first drawn);
# phase-2 units are numbered after them
order1 = list(phase1)
rng.shuffle(order1)
number = {u[:4]: n for n, u in enumerate(order1, 1)}
extra = sorted((u for u in out if u[:4] not in number), key=lambda u: u[:4])
for n, u in enumerate(extra, len(order1) + 1):
    number[u[:4]] = n
out.sort(key=lambda u: number[u[:4]])
with open(OUT, "w", encoding="utf-8", newline="") as fh:
    fh.write("doc\tsource\trecord\tstart_char\tend_char\tmilitarized\tself_reliance\tsplit\tstratum\tweight\titem\tnote\n")
    for key, rec, s, e, h, w, phase in out:
        fh.write(f"{key}\t{key}\t{rec}\t{s}\t{e}\t\t\tdev\t{h}\t{w}\td3{number[(key, rec, s, e)]:04d}\tphase {phase}\n")
