"""The phrase checks' prefilter (linter/patterns.py `required_strings`): a text without any of a
pattern's required strings is not searched, so every text a pattern matches must have one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from linter import engine
from linter.patterns import required_strings

ROOT = Path(__file__).resolve().parent.parent


def _pack_patterns() -> list[re.Pattern]:
    packs = engine.load_packs()
    return [p for r in packs.rules.values() if r.kind == "phrases" for p in r.params["patterns"]]


@pytest.mark.parametrize(("source", "required"), [
    (r"(?<![A-Za-z])(?:XX+|xx+|××+)(?![A-Za-z])", ("X", "x", "×")),
    (r"此处(?:填写|填报|输入)", ("此处填写", "此处填报", "此处输入")),
    (r"[\u4e00-\u9fff]{2,8}?(?:省|市|县|区|州|旗|盟|镇|乡|街道|办事处)年(?=政务公开|工作要点)", ("年工作要点", "年政务公开")),
    (r"(?:收取)?信息处理费(?:的)?", ("信息处理费",)),
    (r"a b", None),  # a space: a mask may make one
    (r"\d+", None),
    (r"(?:ab|)c?", None),
    (r"(?i)abc", ("abc",)),  # read, but not used with IGNORECASE (phrases._prefilter)
])
def test_required_strings(source, required):
    assert required_strings(re.compile(source)) == required


def test_every_match_has_a_required_string():
    texts = [line for path in sorted((ROOT / "examples").glob("*.txt"))
             for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    texts += ["按照《青山县年政务公开工作任务分工方案》（青政办发〔〕号）要求，本街道于20XX年", "（此处填写单位名称）",
              "规章（仅设区的市级政府填写）", "（填上年末数）", "收取信息处理费的情况在此处报告", "于**年**月"]
    for pattern in _pack_patterns():
        required = required_strings(pattern)
        if required is None:
            continue
        for text in texts:
            if pattern.search(text):
                assert any(s in text for s in required), (pattern.pattern, text)


def _packs_patterns_of_every_kind() -> list[re.Pattern]:
    """Every pattern of the packs' rule parameters (phrases, channels, figures …)."""
    packs = engine.load_packs()
    found = []

    def collect(value):
        if isinstance(value, re.Pattern):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                collect(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                collect(v)

    for rule in packs.rules.values():
        collect(rule.params)
    return found


def test_may_match_is_false_only_where_nothing_matches():
    import random

    from linter.patterns import may_match

    texts = [line for path in sorted((ROOT / "examples").glob("*.*")) if path.is_file()
             for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    rnd = random.Random(14)
    texts += ["".join(rnd.choice("XxX×*〔〕号【】（）()“”a1 填写此处年政务公开") for _ in range(rnd.randint(0, 12)))
              for _ in range(3000)]
    patterns = _packs_patterns_of_every_kind()
    patterns += [re.compile(p) for p in (r"(?i)abc", r"\d+", r"a b", r"x(?=y)", r"“[^”]+”")]
    told = 0
    for pattern in patterns:
        test = may_match([pattern])
        for text in texts:
            if not test(text):
                told += 1
                assert not pattern.search(text), (pattern.pattern, text)
    together = may_match(patterns[:6])
    assert all(together(t) for t in texts if any(p.search(t) for p in patterns[:6]))
    assert told > len(texts)  # the test does pass texts over
    assert not may_match([])("anything")
