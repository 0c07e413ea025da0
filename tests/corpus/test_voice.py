"""Voice segmentation: generic rules, annotations, language of mixed lines, on crafted and seed text."""

from __future__ import annotations

import pytest
import yaml
from conftest import ROOT

from policy_rhetoric.core.tables import clean_cell, read_tsv
from policy_rhetoric.core.text import raw_text
from policy_rhetoric.corpus.manifest import read_manifest
from policy_rhetoric.corpus.voice import detect_language, segment_text, split_lines

ANNOTATIONS = yaml.safe_load((ROOT / "config/voice_annotations.yaml").read_text(encoding="utf-8"))
SEEDS = {
    row.doc_id: raw_text(row.source)
    for row in read_manifest(ROOT / "config/manifest.tsv", ROOT / "resources/corpus")
}


def cut(text: str, annotation: dict | None = None) -> list[tuple[str, str, str, str]]:
    return [
        (text[s.start : s.end], s.voice, s.lang, s.rule)
        for s in segment_text(text, annotation or {})
    ]


def seed_segment(doc_id: str, needle: str):
    """The segment of a seed document that contains `needle`."""
    text = SEEDS[doc_id]
    at = text.index(needle)
    for seg in segment_text(text, ANNOTATIONS.get(doc_id, {})):
        if seg.start <= at < seg.end:
            return text[seg.start : seg.end], seg.voice, seg.lang, seg.rule
    raise AssertionError(needle)


@pytest.mark.parametrize("doc_id", sorted(SEEDS))
def test_every_seed_file_is_tiled_by_segments(doc_id):
    text = SEEDS[doc_id]
    segments = segment_text(text, ANNOTATIONS.get(doc_id, {}))
    assert segments[0].start == 0 and segments[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(segments, segments[1:], strict=False))


def test_lines_split_at_newlines_and_br_tags_and_keep_blank_lines():
    text = "\n\nTitle\r\n\r\n中文。<br/>English.\n"
    assert [
        (text[ln.start : ln.content_end], text[ln.content_end : ln.end]) for ln in split_lines(text)
    ] == [
        ("\n\nTitle", "\r\n\r\n"),
        ("中文。", "<br/>"),
        ("English.", "\n"),
    ]


def test_subtitle_of_000_is_a_pull_quote_of_the_speech():
    assert seed_segment("000_cast_speech", '"We lack strategic scientists')[1:] == (
        "primary",
        "en",
        "annotation:primary_line",
    )


def test_newsletter_announcements_of_000_are_furniture():
    for needle in ("I’ll be coming down to DC", "I’m also putting together a ChinaTalk meetup"):
        assert seed_segment("000_cast_speech", needle)[1:] == ("boilerplate", "en", "furniture")


def test_translator_insertions_inside_the_speech_are_commentary():
    assert seed_segment("000_cast_speech", "[as delineated by")[::3] == (
        "[as delineated by General Secretary Xi Jinping]",
        "translator_insertion",
    )
    assert seed_segment("000_cast_speech", "[ed.: Dissertations Only")[1:] == (
        "commentary",
        "en",
        "editor_gloss",
    )


def test_xi_quotations_are_primary_and_expert_quotations_commentary_in_001():
    xi = seed_segment("001_axios_congress", "accelerate the realization of high-level")
    assert xi == (
        "accelerate the realization of high-level scientific and technological self-reliance "
        "and self-improvement.",
        "primary",
        "en",
        "quotation",
    )
    said = seed_segment("001_axios_congress", "guided by the national strategic needs")
    assert said[1] == "primary" and said[0].endswith("key and core technologies,")
    for expert in (
        "Science and tech is the most important aspect",
        "It fuels everything.",
        "It's as much a talent retention plan",
        "still nascent",
        "But both Beijing and Washington recognize",
    ):
        assert seed_segment("001_axios_congress", expert)[1] == "commentary", expert


def test_the_headline_of_001_is_a_heading_not_a_quotation():
    assert seed_segment("001_axios_congress", "Xi pushes to accelerate")[1:] == (
        "boilerplate",
        "en",
        "heading",
    )


def test_xi_an_is_not_xi():
    text = "According to a Xi’an outlet, the CSTC issued a “Regional Innovation System Plan” that year.\n"
    assert [v for _, v, _, _ in cut(text, {"quote_speakers": ["Xi"]})] == ["commentary"]
    text = "Xi’s concept of “walk with two legs” was introduced in 2023.\n"
    assert ("walk with two legs", "primary", "en", "quotation") in cut(
        text, {"quote_speakers": ["Xi"]}
    )


def test_quotation_attribution_is_per_sentence():
    text = (
        'Xi spoke on Sunday. "Science fuels everything we do," says an analyst. '
        '"It is a talent plan as much as a science one."\n'
    )
    assert all(v == "commentary" for _, v, _, _ in cut(text, {"quote_speakers": ["Xi"]}))
    text = 'The analyst spoke. Xi said the goal is to "win the battle of core technologies."\n'
    assert ("win the battle of core technologies.", "primary", "en", "quotation") in cut(
        text, {"quote_speakers": ["Xi"]}
    )


def test_quotations_of_state_media_in_004_are_primary_but_not_of_a_xi_an_outlet():
    assert seed_segment("004_igcc_cstc", "created a new atmosphere")[1:] == (
        "primary",
        "en",
        "quotation",
    )
    assert seed_segment("004_igcc_cstc", "Regional Innovation System Construction")[1:] == (
        "commentary",
        "en",
        "default",
    )
    assert seed_segment("004_igcc_cstc", "” (四个面向) and “")[1:3] == ("commentary", "en")


def test_footnotes_split_by_page_breaks_in_002():
    # the note opened on one page ("For a more") continues after the next page's body text
    assert seed_segment("002_most_conference", "thorough discussion in English")[1:] == (
        "commentary",
        "en",
        "footnote_continuation",
    )
    assert seed_segment("002_most_conference", "<https://www.newamerica.org")[1] == "commentary"
    # while the body interrupted before the note continues first
    assert seed_segment("002_most_conference", "a major historic, comprehensive")[1:] == (
        "primary",
        "en",
        "annotation:primary_region",
    )
    assert seed_segment("002_most_conference", "way to Mars, Xihe")[1] == "primary"
    assert seed_segment("002_most_conference", "¹ Translator's note")[1:] == (
        "commentary",
        "en",
        "translator_note",
    )


def test_crafted_footnote_continuation_prefers_the_body_interrupted_first():
    words = (
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
    )
    text = (
        f"Body text {words} sixteen that stops at the page\n"
        "¹ Translator's note: a note that stops at the\n"
        "end of the page body, which goes on.\n"
        f"Next body paragraph {words} that stops at\n"
        "page end of the note.\n"
        "the next body page.\n"
    )
    got = [(t.strip()[:20], v, r) for t, v, _, r in cut(text, {"default_voice": "primary"})]
    assert got == [
        ("Body text one two th", "primary", "default"),
        ("¹ Translator's note:", "commentary", "translator_note"),
        ("end of the page body", "primary", "default"),
        ("Next body paragraph ", "primary", "default"),
        ("page end of the note", "commentary", "footnote_continuation"),
        ("the next body page.", "primary", "default"),
    ]


def test_metadata_block_of_002_is_boilerplate():
    for needle in (
        "PRC Ministry of Science and Technology (MOST;",
        "The Chinese source text is available online at:",
        "U.S. \\$1",
        "Etcetera Language Group",
        "2022年全国科技工作会议在京召开",
    ):
        assert seed_segment("002_most_conference", needle)[1] == "boilerplate", needle
    assert (
        seed_segment("002_most_conference", "The following article summarizes")[1] == "commentary"
    )


def test_study_outline_quotes_and_originals_are_primary_comments_commentary():
    assert seed_segment("003_security_outline", "科技创新成为国际战略博弈")[1:] == (
        "primary",
        "zh",
        "annotation:zh_line",
    )
    assert seed_segment("003_security_outline", "Techno-scientific innovation has become")[1] == (
        "primary"
    )
    assert seed_segment("003_security_outline", "1) The text reads more like")[1] == "commentary"
    assert seed_segment("003_security_outline", "Prong 1:")[1:] == ("commentary", "en", "default")
    assert seed_segment("003_security_outline", "Keep scrolling")[1] == "boilerplate"


def test_long_heading_without_punctuation_and_bullets():
    text = (
        "Provincial commissions offer important clues about the national CSTC and its focus on core "
        "technologies and party ideology\n- Prong 2: Address relative technological deficiencies\n"
    )
    assert [(v, r) for _, v, _, r in cut(text)] == [
        ("boilerplate", "heading"),
        ("commentary", "default"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Read More",
        "Go deeper",
        "Image: Qian Xuesen with Mao Zedong. (SpaceTech Asia)",
        "Oct 20, 2022 - Science",
        "新华社 2016-03-18 13:13",
        "来源：[China Daily](https://language.chinadaily.com.cn/a/1.html)",
        "https://example.org/a/b",
        "ChinaTalk is a reader-supported publication. Consider becoming a paid subscriber.",
    ],
)
def test_page_furniture(line):
    assert [(v, r) for _, v, _, r in cut(line + "\n", {"default_voice": "primary"})] == [
        ("boilerplate", "furniture")
    ]


def test_a_long_paragraph_mentioning_subscribers_is_not_furniture():
    line = "We added 340 million 4G subscribers. " * 12
    assert cut(line, {"default_voice": "primary"})[0][1] == "primary"


def test_front_matter_and_separators_of_a_markdown_repost():
    text = '---\nlayout: post\ntitle: "报告"\n---\n\n> 学习一下。\n\n---\n\n各位代表：<br/>Fellow Deputies,\n'
    got = [
        (t, v, lg, r)
        for t, v, lg, r in cut(text, {"regions": [{"voice": "primary", "from": "各位代表"}]})
    ]
    assert got == [
        ("---\n", "boilerplate", "en", "front_matter"),
        ("layout: post\n", "boilerplate", "en", "front_matter"),
        ('title: "报告"\n', "boilerplate", "zh", "front_matter"),
        ("---\n\n", "boilerplate", "en", "front_matter"),
        ("> 学习一下。\n\n", "commentary", "zh", "default"),
        ("---\n\n", "boilerplate", "en", "separator"),
        ("各位代表：", "primary", "zh", "annotation:primary_region"),
        ("<br/>", "boilerplate", "zh", "markup"),
        ("Fellow Deputies,\n", "primary", "en", "annotation:primary_region"),
    ]


def test_markup_inside_a_line_is_boilerplate_and_each_stretch_has_its_language():
    text = '&nbsp;&nbsp;<strong style="display:block;">政府工作报告</strong>\n'
    assert cut(text, {"default_voice": "primary"}) == [
        ('&nbsp;&nbsp;<strong style="display:block;">', "boilerplate", "zh", "markup"),
        ("政府工作报告", "boilerplate", "zh", "heading"),
        ("</strong>\n", "boilerplate", "zh", "markup"),
    ]


def test_html_entities_of_characters_stay_text():
    text = "China utilized US&#x24;126.3 billion of overseas investment.\n"
    assert cut(text, {"default_voice": "primary"}) == [(text, "primary", "en", "default")]


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Zhang Yuzhuo 张玉卓, an energy scientist", "en"),
        ("科技创新成为国际战略博弈的主要战场", "zh"),
        ("2022年全国科技工作会议在京召开", "zh"),
        (
            "①美国《外交政策》网站（[https://foreignpolicy.com](https://foreignpolicy.com)），2021年7月15日。",
            "zh",
        ),
    ],
)
def test_script_based_language(text, lang):
    assert detect_language(text) == lang


def test_names_and_terms_in_han_keep_the_english_line_language():
    text = (
        "But this past week, a speech by Zhang Yuzhuo 张玉卓, an energy scientist, caught my eye.\n"
    )
    assert cut(text) == [(text, "commentary", "en", "default")]
    text = "New progress was made in tackling key and core technologies (关键核心技术).\n"
    assert [lg for _, _, lg, _ in cut(text)] == ["en"]


def test_a_chinese_clause_inside_an_english_line_is_split_out():
    text = "Analysis @datenna, formerly research @CNASdc. 博观而约取,厚积而薄发。\n"
    assert cut(text) == [
        ("Analysis @datenna, formerly research @CNASdc. ", "commentary", "en", "default"),
        ("博观而约取,厚积而薄发。\n", "commentary", "zh", "default"),
    ]


def test_an_english_sentence_inside_a_chinese_line_is_split_out():
    text = "谢谢大家！祝大家新年快乐，万事如意！Thank you all for listening.\n"
    assert [(t, lg) for t, _, lg, _ in cut(text)] == [
        ("谢谢大家！祝大家新年快乐，万事如意！", "zh"),
        ("Thank you all for listening.\n", "en"),
    ]
    text = "核心技术 (core technologies, see the note) 要掌握在自己手中。\n"
    assert [lg for _, _, lg, _ in cut(text)] == ["zh"]


def test_voice_sample_text_equals_the_raw_slices():
    sample = read_tsv(ROOT / "resources/validation/voice_sample.tsv")
    assert list(sample.columns) == ["doc_id", "start_char", "end_char", "voice", "text"]
    assert len(sample) >= 200 and set(sample["doc_id"]) == set(SEEDS)
    assert set(sample["voice"]) == {"primary", "commentary", "boilerplate"}
    for row in sample.itertuples(index=False):
        raw = SEEDS[row.doc_id][int(row.start_char) : int(row.end_char)]
        assert clean_cell(raw) == row.text and raw.strip() == raw
