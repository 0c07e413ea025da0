"""Join the coded sheets with their locations; final strata sr_tech/sr_other/mil_cue/none with weights N_h/n_h."""
import csv, hashlib, re, sys
sys.argv = ["x", "/work/shared/external", "/tmp"]
exec(open("/work/sampling/draw_samples.py").read().split('draw("en"')[0])
TECH = {"en": re.compile(r"technolog|innovat|chip|semiconductor|industr|scien|manufactur|supply chain|digital|software|research", re.I),
        "zh": re.compile(r"技术|科技|创新|芯片|半导体|产业|工业|科学|制造|供应链|产业链|装备|研发")}
def stratum(lang, t):
    sr, mil = (EN_SR, EN_MIL) if lang == "en" else (ZH_SR, ZH_MIL)
    if sr.search(t): return "sr_tech" if TECH[lang].search(t) else "sr_other"
    return "mil_cue" if mil.search(t) else "none"
def population(lang):
    counts = {}
    docs, pat, minlen = (docs_en(), EN_SENT, 25) if lang == "en" else (docs_zh(), ZH_SENT, 8)
    for doc, s_, rec, text in docs:
        for s, e in sentences(text, pat, minlen):
            t = text[s:e]
            if lang == "zh" and rec == 0 and s < 200 and ("来源" in t or t.startswith(("习近平", "（", "(", "[", "【")) or len(t) < 40 and "。" not in t):
                continue
            h = stratum(lang, t); counts[h] = counts.get(h, 0) + 1
    return counts
for lang, out in (("en", "interpret_en_sample.tsv"), ("zh", "cn_political_sample.tsv")):
    rows = []
    for sheet, coded in ((f"coding_{lang}.tsv", f"coded_{lang}.tsv"), (f"coding_{lang}2.tsv", f"coded_{lang}2.tsv")):
        codes = {r["item"]: r for r in csv.DictReader(open(coded, encoding="utf-8"), delimiter="\t")}
        for r in csv.DictReader(open(sheet, encoding="utf-8"), delimiter="\t"):
            c = codes[r["item"]]
            rows.append(dict(item=r["item"], doc=r["doc"], source=r["source"], record=r["record"], start_char=r["start_char"], end_char=r["end_char"],
                militarized=c["militarized"], self_reliance=c["self_reliance"], split=r["split"], stratum=stratum(lang, r["text"]),
                text=r["text"], note=c["note"]))
    N = population(lang); n = {}
    for r in rows: n[r["stratum"]] = n.get(r["stratum"], 0) + 1
    for r in rows: r["weight"] = f"{N[r['stratum']] / n[r['stratum']]:.4f}"
    print(lang, "population", N, "sampled", n, "docs", len({r['doc'] for r in rows}),
          "pos mil", sum(r["militarized"] == "1" for r in rows), "pos sr", sum(r["self_reliance"] == "1" for r in rows),
          {s: (sum(r['split'] == s for r in rows), len({r['doc'] for r in rows if r['split'] == s}), sum(r['self_reliance']=='1' for r in rows if r['split']==s), sum(r['militarized']=='1' for r in rows if r['split']==s)) for s in ('dev', 'test')})
    rows.sort(key=lambda r: (r["source"], int(r["record"]), int(r["start_char"])))
    cols = ["doc", "source", "record", "start_char", "end_char", "militarized", "self_reliance", "split", "stratum", "weight", "item", "note"]
    with open(out, "w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(cols) + "\n")
        for r in rows: fh.write("\t".join(r[c].replace("\t", " ") for c in cols) + "\n")
