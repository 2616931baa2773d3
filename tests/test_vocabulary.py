"""The vocabulary's look-ups agree with what they stand for, written out the long way."""

from __future__ import annotations

from linter.engine import load_packs
from linter.memo import SHORT_TEXT
from linter.parse.vocabulary import _KEPT, vocabulary


def _title_end_written_out(vocab, text: str, start: int) -> int | None:
    """Each kept character of the next 80 found, then the titles tried longest first."""
    kept = list(_KEPT.finditer(text, start, min(len(text), start + 80)))
    squeezed = "".join(m.group() for m in kept)
    for title in vocab.section_titles:
        if squeezed.startswith(title):
            return kept[len(title) - 1].end()
    return None


def test_title_end_is_where_the_title_squeezed_ends_in_the_text():
    vocab = vocabulary(load_packs())
    texts = [
        "一、总体情况 2022年，全县…二、主动公开政府信息情况 全年", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开 行政复议、行政诉讼情况", "五、存在的主要问题及改进措施。", "（一）主动公开",
        "一、 总 体 情 况", "一、概述,二、主动公开", "主要做了以下工作：一、加强…；二、完善…", "",
        "x" * 90 + "一、总体情况", "一、政府信息公开行政复议、行政诉讼情况" + "，" * 70,
    ]
    for text in texts:
        for start in range(len(text) + 1):
            assert vocab.title_end(text, start) == _title_end_written_out(vocab, text, start), (text, start)
    assert vocab.title_end(texts[0], 2) is not None


def test_a_section_title_is_one_that_holds_a_phrase_of_a_section():
    from linter.chinese import squeeze

    vocab = vocabulary(load_packs())
    titles = [
        "总体情况", "主动公开政府信息情况", "（一）主动公开", "本年新收政府信息公开申请数量", "其他需要报告的事项",
        "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进措施", "", " ", "，", "规章", "一、总体情况。",
        "收到和处理政府信息公开申请情况", "予以公开", "x" * 50,
    ] + [phrase[1:] for phrase in vocab.section_phrases] + list(vocab.section_phrases)
    for title in titles:
        s = squeeze(title)
        assert vocab.is_section_title(title) == (bool(s) and any(p in s for p in vocab.section_phrases)), title


def test_a_label_key_is_kept_for_short_texts_only():
    """Labels and cells are short: their keys are kept; a line of prose is never kept (its key
    is computed each time)."""
    from linter.parse import vocabulary as v

    label = "（四）申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    prose = "一、本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息1,234条，比上年增长12%。"
    assert len(label) <= SHORT_TEXT < len(prose)
    assert v.label_key(prose) == v._label_key(prose)
    v._kept_label_key.cache_clear()
    v.label_key(prose)
    assert v._kept_label_key.cache_info().currsize == 0
    assert v.label_key(label) == "申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请"
    assert v._kept_label_key.cache_info().currsize == 1
