"""Chinese text helpers every stage uses: numerals both ways, and text squeezed for phrase
matching."""

from __future__ import annotations

from linter.cache import regex

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SLIP_NUMERALS = "—–-－"  # a dash written where 一 was meant: `（—）`
# A count as written: Arabic digits (with thousands commas) or a Chinese numeral. It starts
# where a numeral starts (never inside a run of digits), which also keeps matching linear.
NUMBER = r"(?<![\d零〇一二两三四五六七八九十百千])(?<!\d,)(?:\d{1,3}(?:,\d{3})+|\d+|[零〇一二两三四五六七八九十百千]+)"


# A count written with more digits than this is not a count any report states: it is read as no
# number (and never handed to int(), whose conversion of a long digit string is slow and, past
# 4,300 digits, an error).
MAX_DIGITS = 1000


def digits_value(digits: str) -> int | None:
    """The number a run of ASCII digits writes, None past MAX_DIGITS significant digits."""
    if len(digits) > MAX_DIGITS and len(digits.lstrip("0")) > MAX_DIGITS:
        return None
    return int(digits)


def chinese_number(numeral: str) -> int:
    """一 → 1 … 十 → 10, 十二 → 12, 二十 → 20, 两 → 2, 一百零五 → 105, 三千二百 → 3200, 零 → 0;
    a slip dash counts as 1; digits as themselves. Anything else (digit strings such as 二〇二三,
    other characters) → 0, like an unreadable numeral."""
    if numeral.isdigit():
        return digits_value(numeral) or 0
    if numeral in SLIP_NUMERALS:
        return 1
    total = pending = 0  # the value so far; the digit waiting for its unit
    unit = 10**4  # the last unit used: units must fall (一百零五), a digit needs one after it
    have_digit = False
    for ch in numeral:
        if ch in _CN_ZERO:
            have_digit = False
            continue
        if ch in CN_DIGITS or ch == "两":
            if have_digit:
                return 0
            pending, have_digit = CN_DIGITS.get(ch, 2), True
            continue
        value = _CN_UNITS.get(ch)
        if value is None or value >= unit:
            return 0
        total += (pending if have_digit else 1) * value
        pending, have_digit, unit = 0, False, value
    return total + (pending if have_digit else 0)


_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_ZERO = "零〇"


CN_NUMERALS = "一二三四五六七八九十"


def cn(number: int) -> str:
    if 1 <= number <= 10:
        return CN_NUMERALS[number - 1]
    if number < 20:
        return "十" + CN_NUMERALS[number - 11]
    return str(number)


# The characters squeeze() drops, as the body of a character class.
SQUEEZED = r"\s、，,：:；;（）()“”\"《》。.·"
_SQUEEZE = regex(f"[{SQUEEZED}]")


def squeeze(text: str) -> str:
    """Text for phrase matching: no spaces or punctuation (PDF text spaces and wraps anywhere)."""
    return _SQUEEZE.sub("", text)
