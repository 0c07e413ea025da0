"""Draw the second English development sample of issue 12 (session 2): sentences of interpret-china-en
that no sample holds yet, from (a) the 13 documents in neither half of interpret_en_sample.tsv and
(b) the sentences not drawn before from the documents of its dev half. Test-half documents are never read.

Strata (first that applies): 'entry' (a cue of the three entries under review: decoupling / de-risking /
cut off, technological or strategic autonomy/sovereignty/independence, technology/trade/chip war),
'sr_tech', 'sr_other', 'mil_cue', 'none' (the cue lists of draw_samples.py/assemble.py).
'entry' is a census; the others are simple random samples. Weight = N_h / n_h within this pool.
Usage: python draw_dev2.py EXTERNAL_ROOT SAMPLE_TSV OUT_DIR
"""
import csv, random, re, sys
from pathlib import Path

EXT, SAMPLE, OUT = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
SEED = 20261129
csv.field_size_limit(10**9)
src = open("/work/s12-measure/resources/validation/sampling/draw_samples.py").read()
exec(src.split("def docs_en")[0].split("EXT = Path")[0])  # imports
for line in src.splitlines():
    if line.startswith(("EN_SENT", "EN_SR", "EN_MIL")):
        exec(line)
TECH = re.compile(r"technolog|innovat|chip|semiconductor|industr|scien|manufactur|supply chain|digital|software|research", re.I)
ENTRY = re.compile(r"decoupl|de-risk|cut\w* off|(strategic|technolog\w*|tech|scientific|digital) (autonomy|sovereignty|independence)|(technolog\w*|tech|trade|chip|science|economic) wars?\b", re.I)

rows = list(csv.DictReader(open(SAMPLE, encoding="utf-8"), delimiter="\t"))
split = {r["doc"]: r["split"] for r in rows}
taken = {}
for r in rows:
    taken.setdefault((r["source"], int(r["record"])), []).append((int(r["start_char"]), int(r["end_char"])))

def stratum(t):
    if ENTRY.search(t): return "entry"
    if EN_SR.search(t): return "sr_tech" if TECH.search(t) else "sr_other"
    return "mil_cue" if EN_MIL.search(t) else "none"

pool = {}
seen = set()
for folder in ("xi-speech", "interpret"):
    for f in sorted((EXT / "interpret-china-en" / folder).glob("*.csv")):
        if f.name in seen: continue
        seen.add(f.name)
        key = f"interpret-china-en/{folder}/{f.name}"
        origin = split.get(key, "new")
        if origin == "test": continue
        with open(f, encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh), start=1):
                text = row["full_text"] or ""
                for m in EN_SENT.finditer(text):
                    s, e = m.start(), m.end()
                    seg = text[s:e]
                    s, e = s + len(seg) - len(seg.lstrip()), e - (len(seg) - len(seg.rstrip()))
                    if e - s < 25: continue
                    if any(s < b and a < e for a, b in taken.get((key, i), [])): continue
                    t = text[s:e]
                    pool.setdefault(stratum(t), []).append((key, key, i, s, e, origin, t))
n = {"entry": None, "sr_tech": 130, "sr_other": 150, "mil_cue": 40, "none": 30}
rng = random.Random(SEED)
out = []
for h in ("entry", "sr_tech", "sr_other", "mil_cue", "none"):
    cands = pool.get(h, [])
    k = len(cands) if n[h] is None else min(n[h], len(cands))
    pick = sorted(rng.sample(range(len(cands)), k))
    for j in pick:
        out.append((*cands[j], h, round(len(cands) / k, 4)))
print({h: len(v) for h, v in pool.items()}, "drawn", len(out), "docs", len({r[0] for r in out}),
      "new-doc rows", sum(r[5] == "new" for r in out), file=sys.stderr)
rng.shuffle(out)
with open(OUT / "coding_en3.tsv", "w", encoding="utf-8", newline="") as fh:
    fh.write("item\tdoc\tsource\trecord\tstart_char\tend_char\torigin\tstratum\tweight\ttext\n")
    for i, r in enumerate(out, 1):
        key, src_, rec, s, e, origin, t, h, w = r
        fh.write(f"ex{i:04d}\t{key}\t{src_}\t{rec}\t{s}\t{e}\t{origin}\t{h}\t{w}\t" + t.replace("\t", " ").replace("\r", " ").replace("\n", " ") + "\n")
