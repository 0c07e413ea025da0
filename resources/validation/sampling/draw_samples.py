"""Draw the development samples of issue 12 from ../shared/external, stratified on broad cue lists.

Unit: a sentence, located by (source, record, start_char, end_char): source is the path under
shared/external; record is the CSV data row (1-based, header not counted), the JSONL line (1-based), or 0 for a
whole text file; offsets index the cell / `content` / the file's raw text (UTF-8, BOM and CRLF kept).
Strata: 'sr_cue' (a broad self-reliance cue), 'mil_cue' (a broad militarized cue and no sr cue), 'none'.
Weight = sentences in the stratum / sentences sampled from it. Split by document (hash of doc key).
"""
import csv, hashlib, json, random, re, sys
from pathlib import Path

EXT = Path(sys.argv[1]); OUT = Path(sys.argv[2]); SEED = 20261128
csv.field_size_limit(10**9)
EN_SENT = re.compile(r"[^.!?]*(?:[.!?]+[\"'”’)\]]*|$)")
ZH_SENT = re.compile(r"[^。！？\n]*(?:[。！？]+[”’」』）)]*|$)")
EN_SR = re.compile(r"self-relian|self-sufficien|self-improv|self-strength|independen|indigenous|autonomous|autonomy|own hands|core technolog|key technolog|critical technolog|chokepoint|choke|bottleneck|stranglehold|neck|cut off|supply chain|industrial chain|industry chain|dependen|rely on|reliance|substitut|domestic|locali[sz]|sanction|export control|restrict|embargo|monopol|hegemon|contain|decoupl|mercy|stuck|original innovation|controllab|secure and control|blockade|suppress", re.I)
EN_MIL = re.compile(r"battle|\bwar\b|wars\b|warfare|fight|combat|campaign|offensive|attack|strike|weapon|front|army|armies|military|defen[cs]|struggle|blockade|siege|suppress|encircl|commanding height|assassin|\bmace\b|troop|soldier|conquer|victor|enemy|enemies|storm|\barms\b|deploy|invasion|invade|cold war|march|vanguard|bastion|fortress|trench|arsenal|mobiliz|militar", re.I)
ZH_SR = re.compile(r"自立|自强|自主|自力更生|核心技术|关键技术|卡脖子|受制于人|依赖|依靠|国产|替代|供应链|产业链|原始创新|自给|引进|封锁|垄断|霸权|手中|可控|命脉|短板|瓶颈|制裁|遏制|脱钩|独立")
ZH_MIL = re.compile(r"战(?!略)|斗争|攻坚|攻关|杀手锏|制高点|打压|封锁|遏制|国防|军|武器|法宝|阵地|前沿|冲锋|堡垒|侵略|敌|围剿|突破口|打赢|决胜|硬仗|进军|抗美|援朝|帝国主义|枪|炮|兵|胜利|歼灭|进攻|防御|冷战|世界大战")

def docs_en():
    seen = {}
    for folder in ("xi-speech", "interpret"):
        for f in sorted((EXT / "interpret-china-en" / folder).glob("*.csv")):
            if f.name in seen: continue
            seen[f.name] = f
            with open(f, encoding="utf-8", newline="") as fh:
                for i, row in enumerate(csv.DictReader(fh), start=1):
                    yield f"interpret-china-en/{folder}/{f.name}", f"interpret-china-en/{folder}/{f.name}", i, row["full_text"] or ""

def docs_zh():
    for name in ("government_work_reports", "cpc_congress_reports"):
        p = EXT / "cn-political-zh" / "wikisource" / f"{name}.jsonl"
        for i, line in enumerate(open(p, encoding="utf-8"), start=1):
            r = json.loads(line)
            if name == "government_work_reports" and r.get("year") is None: continue  # NPC resolutions
            text = r["content"]
            cut = text.find("本作品是")  # Wikisource licence furniture
            src = f"cn-political-zh/wikisource/{name}.jsonl"
            yield f"{src}#{i}", src, i, text[:cut] if cut > 0 else text
    for f in sorted((EXT / "cn-political-zh" / "xi-speeches").glob("*.txt")):
        raw = f.read_bytes().decode("utf-8")
        lines = raw.split("\n")
        # skip the header: title, date and source lines (first 3 non-empty lines at most, with brackets/来源)
        yield f"cn-political-zh/xi-speeches/{f.name}", f"cn-political-zh/xi-speeches/{f.name}", 0, raw

def sentences(text, pat, minlen):
    for m in pat.finditer(text):
        s, e = m.start(), m.end()
        seg = text[s:e]
        ls = len(seg) - len(seg.lstrip()); rs = len(seg) - len(seg.rstrip())
        s, e = s + ls, e - rs
        if e - s >= minlen: yield s, e

def draw(lang, docs, pat, sr, mil, n, minlen, skip_header):
    pop = {"sr_cue": [], "mil_cue": [], "none": []}
    for doc, src, rec, text in docs:
        for s, e in sentences(text, pat, minlen):
            t = text[s:e]
            if skip_header and rec == 0 and s < 200 and ("来源" in t or t.startswith(("习近平", "（", "(", "[", "【")) or len(t) < 40 and "。" not in t):
                continue
            stratum = "sr_cue" if sr.search(t) else "mil_cue" if mil.search(t) else "none"
            pop[stratum].append((doc, src, rec, s, e, t))
    rng = random.Random(SEED + (lang == "zh"))
    rows = []
    for stratum, k in n.items():
        cands = pop[stratum]
        pick = rng.sample(range(len(cands)), k)
        w = len(cands) / k
        for j in sorted(pick):
            doc, src, rec, s, e, t = cands[j]
            h = int(hashlib.sha256(f"{SEED}:{doc}".encode()).hexdigest(), 16)
            rows.append((doc, src, rec, s, e, stratum, round(w, 4), "dev" if h % 2 == 0 else "test", t.replace("\t", " ").replace("\r", " ").replace("\n", " ")))
    print(lang, {k: len(v) for k, v in pop.items()}, "docs sampled:", len({r[0] for r in rows}), file=sys.stderr)
    rng.shuffle(rows)
    with open(OUT / f"coding_{lang}.tsv", "w", encoding="utf-8", newline="") as fh:
        fh.write("item\tdoc\tsource\trecord\tstart_char\tend_char\tstratum\tweight\tsplit\ttext\n")
        for i, r in enumerate(rows, 1):
            fh.write(f"{lang}{i:04d}\t" + "\t".join(map(str, r)) + "\n")

draw("en", docs_en(), EN_SENT, EN_SR, EN_MIL, {"sr_cue": 190, "mil_cue": 150, "none": 110}, 25, False)
draw("zh", docs_zh(), ZH_SENT, ZH_SR, ZH_MIL, {"sr_cue": 190, "mil_cue": 150, "none": 110}, 8, True)
