"""Chinese-English pairing: the 13 passages of seed 003, crafted layouts, and bilingual-gwr's reference."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from conftest import GWR, ROOT

from policy_rhetoric.core.config import load_config
from policy_rhetoric.core.genres import allowed_genres
from policy_rhetoric.core.text import raw_text
from policy_rhetoric.corpus.alignment import (
    agreement_with_reference,
    align_segments,
    normalise_for_comparison,
)
from policy_rhetoric.corpus.manifest import load_annotations, read_manifest
from policy_rhetoric.corpus.voice import detect_language, segment_text


def segment_records(texts: dict[str, str], annotations: dict) -> list[dict]:
    return [
        {
            "doc_id": doc_id,
            "start_char": s.start,
            "end_char": s.end,
            "voice": s.voice,
            "lang": s.lang,
            "rule": s.rule,
            "text": text[s.start : s.end].replace("\n", " "),
        }
        for doc_id, text in texts.items()
        for s in segment_text(text, annotations.get(doc_id, {}))
    ]


def pairs_of(text: str, annotation: dict) -> list[tuple[str, str]]:
    pairs = align_segments(segment_records({"d": text}, {"d": annotation}))
    return [(text[zs:ze], text[es:ee]) for _, _, es, ee, zs, ze in pairs]


def test_all_thirteen_passages_of_the_study_outline():
    rows = read_manifest(ROOT / "config/manifest.tsv", ROOT / "resources/corpus")
    source = next(r.source for r in rows if r.doc_id == "003_security_outline")
    text = raw_text(source)
    annotations = yaml.safe_load((ROOT / "config/voice_annotations.yaml").read_text("utf-8"))
    pairs = align_segments(segment_records({"003_security_outline": text}, annotations))
    assert len(pairs) == 13
    assert [p[1] for p in pairs] == list(range(13))
    for _, _, es, ee, zs, ze in pairs:
        en, zh = text[es:ee], text[zs:ze]
        assert en[0] in '"“' and detect_language(en) == "en" and "\n" not in en
        assert detect_language(zh) == "zh" and zh.endswith('"') and "\n" not in zh
        assert es < ee < zs < ze
    first = pairs[0]
    assert text[first[2] : first[3]].startswith('"Techno-scientific innovation has become')
    assert text[first[4] : first[5]].startswith("科技创新成为国际战略博弈的主要战场")
    last = pairs[-1]
    assert text[last[4] : last[5]].endswith('让中国科技为推动构建人类命运共同体作出更大贡献。"')


def test_pairs_on_one_line_split_by_br_chinese_first():
    text = (
        "各位代表：<br/>Fellow Deputies,\n\n"
        "过去一年，我国发展面临多重困难和严峻挑战。<br/>Last year, China faced many difficulties and "
        "grave challenges in its development.\n\n"
        "**一、2015年工作回顾**<br/>**I. Review of our work in 2015**\n"
    )
    assert pairs_of(text, {"default_voice": "primary"}) == [
        ("各位代表：", "Fellow Deputies,"),
        (
            "过去一年，我国发展面临多重困难和严峻挑战。",
            "Last year, China faced many difficulties and grave challenges in its development.",
        ),
        ("**一、2015年工作回顾**", "**I. Review of our work in 2015**"),
    ]


def test_block_of_chinese_paragraphs_then_their_english():
    text = (
        "&nbsp;&nbsp;——经济保持恢复发展。国内生产总值达到114万亿元。\n\n"
        "&nbsp;&nbsp;——创新能力进一步增强。国家战略科技力量加快壮大。\n\n"
        "—The economy continued to recover and grow. GDP reached 114 trillion yuan.\n"
        "—China's innovation capacity was further enhanced and strategic S&T capabilities grew.\n"
    )
    ((zh, en),) = pairs_of(text, {"default_voice": "primary"})
    assert zh.startswith("——经济保持") and zh.endswith("加快壮大。")
    assert en.startswith("—The economy") and en.endswith("capabilities grew.")


def test_commentary_between_passages_ends_a_block_and_order_is_per_document():
    text = (
        "1) A comment by the translator about the next passage, which is long enough.\n\n"
        '"We must hold core technologies in our own hands."\n\n'
        '只有把核心技术掌握在自己手中。"\n\n'
        "2) Another comment by the translator about the passage that follows below.\n\n"
        '"Develop unique assassin\'s maces against surprise attacks."\n\n'
        '发展独有的杀手锏，确保不被敌实施技术突袭。"\n'
    )
    pairs = pairs_of(text, {"quoted_lines": "primary", "zh_lines": "primary"})
    assert [(zh[:6], en[:10]) for zh, en in pairs] == [
        ("只有把核心技", '"We must h'),
        ("发展独有的杀", '"Develop u'),
    ]


def test_a_label_is_not_paired_with_a_title_of_implausible_length():
    text = "2022年全国科技工作会议在京召开\n\nSource\n"
    assert pairs_of(text, {"default_voice": "primary"}) == []


def test_reference_comparison_normalises_markup_and_forgives_grouping():
    predicted = [
        ("d", "各位代表：", "Fellow Deputies,"),
        ("d", "大家好！", "Greetings to you all!"),
    ]
    reference = [
        ("d", "各位代表：", "**Fellow  Deputies,**"),
        ("d", "全文如下： 大家好！", "Greetings to you all!"),
    ]
    got = agreement_with_reference(predicted, reference)
    assert (got["exact_precision"], got["exact_recall"]) == (0.5, 0.5)
    assert (got["overlap_precision"], got["overlap_recall"]) == (1.0, 1.0)
    assert normalise_for_comparison("US&#x24;1 <br/>bn") == "US$1bn"


@pytest.mark.skipif(
    not GWR.is_dir(), reason="../shared/external/bilingual-gwr is not beside the project"
)
def test_agreement_with_the_bilingual_gwr_reference():
    config = load_config(ROOT / "config/experiments/gwr.yaml")
    root = ROOT / config["corpus"]["root"]
    rows = read_manifest(
        ROOT / config["corpus"]["manifest"], root, allowed_genres(config), check_files=False
    )
    annotations = load_annotations(
        ROOT / config["corpus"]["voice_annotations"], [r.doc_id for r in rows]
    )
    texts = {r.doc_id: raw_text(r.source) for r in rows}
    stems = {r.doc_id: r.source.stem for r in rows}
    pairs = align_segments(segment_records(texts, annotations))
    predicted = [(stems[d], texts[d][zs:ze], texts[d][es:ee]) for d, _, es, ee, zs, ze in pairs]
    reference = pd.read_csv(GWR / "aligned_pairs.tsv", sep="\t", dtype=str, keep_default_na=False)
    got = agreement_with_reference(
        predicted, list(zip(reference["doc"], reference["zh"], reference["en"], strict=True))
    )
    assert got["reference"] == 808
    assert got["exact_recall"] >= 0.97 and got["exact_precision"] >= 0.97
    assert got["overlap_recall"] >= 0.99 and got["overlap_precision"] >= 0.98
