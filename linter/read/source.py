"""Stage 1 — source: the bytes of a report, decoded, split into lines.

Government sites serve UTF-8 (with or without BOM), GB18030/GBK and, from Word exports,
UTF-16 with a BOM. Anything else that is not text is refused with a one-line reason.
"""

from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path

from linter.cache import regex
from linter.errors import InputError
from linter.settings import DEFAULT_MAX_BYTES

_LINE_BREAK = regex(r"\r\n|\r|\n")
# C0 controls other than tab, LF, VT, FF, CR: their presence means binary, not text.
_CONTROL = regex(r"[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
# Encodings in which a byte of a control character is never part of another character's
# bytes: the text holds as many controls as its bytes hold such bytes.
_CONTROLS_AS_BYTES = frozenset({"utf-8", "gb18030"})


class Source:
    """The bytes of one input and its name. A plain class: never compared or printed."""

    __slots__ = ("name", "data", "suffix")

    def __init__(self, name: str, data: bytes, suffix: str):
        self.name = name  # as the user named it ("-" becomes the --stdin-filename or "<stdin>")
        self.data = data
        self.suffix = suffix  # ".txt", ".md", ".html", ... used to choose a reader


def load(path: str, *, stdin_name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read a path, or standard input for "-"; never writes anything."""
    if path == "-":
        name = stdin_name or "<stdin>"
        stdin = getattr(sys.stdin, "buffer", None)  # None when the run was started with stdin closed
        if stdin is None:
            raise InputError(name, "standard input is closed", "标准输入已关闭")
        try:
            data = _read_limited(stdin, name, max_bytes)
        except (OSError, ValueError) as exc:  # a closed or unreadable descriptor
            raise InputError(name, f"cannot read standard input: {getattr(exc, 'strerror', None) or exc}",
                             f"无法读取标准输入：{getattr(exc, 'strerror', None) or exc}") from None
        suffix = Path(stdin_name).suffix.lower() if stdin_name else ""
        return Source(name=name, data=data, suffix=suffix or sniff(data))
    else:
        name = path
        p = Path(path)
        try:
            size = p.stat().st_size
            if size > max_bytes:
                raise InputError(name, f"file is {size:,} bytes, over the limit of {max_bytes:,} (see --max-bytes)", f"文件有 {size:,} 字节，超过上限 {max_bytes:,}（见 --max-bytes）")
            with p.open("rb") as fh:
                data = _read_limited(fh, name, max_bytes)
        except FileNotFoundError:
            raise InputError(name, "no such file", "没有这个文件") from None
        except IsADirectoryError:
            raise InputError(name, "is a directory", "是目录") from None
        except PermissionError:
            raise InputError(name, "permission denied", "没有读取权限") from None
        except OSError as exc:
            raise InputError(name, exc.strerror or str(exc)) from None
    return Source(name=name, data=data, suffix=Path(name).suffix.lower())


_HTML_START = regex(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|div|p)\b", re.I | re.S)


def sniff(data: bytes) -> str:
    """The format of bytes without a name (standard input), by their content: a `PK` zip (a
    .docx), `%PDF`, an HTML page (`<!doctype html`, `<html`, …); else text."""
    if data.startswith(b"PK\x03\x04"):
        return ".docx"
    if data.lstrip()[:5] == b"%PDF-":
        return ".pdf"
    head = data[:4096]
    for bom in (codecs.BOM_UTF8,):
        head = head.removeprefix(bom)
    if _HTML_START.match(head):
        return ".html"
    return ".txt"


_CHUNK = 1 << 20


def _read_limited(fh, name: str, max_bytes: int) -> bytes:
    """At most `max_bytes` (an error past it), read in chunks: a large --max-bytes is a limit,
    never the size of one read."""
    chunks, size = [], 0
    while True:
        chunk = fh.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise InputError(name, f"input is over the limit of {max_bytes:,} bytes (see --max-bytes)", f"输入超过上限 {max_bytes:,} 字节（见 --max-bytes）")
        chunks.append(chunk)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, name: str, declared: str | None = None) -> str:
    """Bytes to text. A BOM decides; else `declared` (an HTML charset); else UTF-8, then GB18030.

    GB18030 is a superset of GBK and GB2312, so one try covers all three.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(name, f"not valid {encoding.upper()} after its byte-order mark (byte {exc.start + len(bom)})", f"字节顺序标记之后不是有效的 {encoding.upper()}（第 {exc.start + len(bom)} 字节）") from None
    if b"\x00" in data[:65536]:
        raise InputError(name, "binary file (contains NUL bytes); UTF-16 needs a byte-order mark", "二进制文件（含 NUL 字节）；UTF-16 文本需带字节顺序标记")
    candidates = ["utf-8", "gb18030"]
    if declared:
        declared = _canonical(declared)
        if declared:
            candidates.insert(0, declared)
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeError, LookupError):
            continue
        if _looks_binary(text, data if encoding in _CONTROLS_AS_BYTES else None):
            break
        return text
    raise InputError(name, "not text: neither UTF-8 nor GB18030/GBK (binary or unknown encoding)", "不是文本：既不是 UTF-8 也不是 GB18030/GBK（二进制文件或未知编码）")


def _labels(table: str) -> dict[str, str]:
    out = {}
    for row in table.strip().splitlines():
        codec, _, labels = row.partition(":")
        out.update((label, codec.strip()) for label in labels.split())
    return out


# The WHATWG Encoding Standard's labels (encoding.spec.whatwg.org, "Names and labels"), each to
# the Python codec that decodes as that encoding does. A charset a page declares is one of these
# or is ignored: Python's own codec names (cp037, rot13, unicode_escape, base64, undefined …)
# are not web charsets. GBK and gb2312 are decoded as gb18030, as the standard says; its
# "replacement" encodings (iso-2022-kr, hz-gb-2312 …), UTF-16 and x-user-defined are not used
# for a page found by an ASCII scan, and are ignored too.
WHATWG_LABELS = _labels("""
utf-8: unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8
cp866: 866 cp866 csibm866 ibm866
iso8859-2: csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2
iso8859-3: csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3
iso8859-4: csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4
iso8859-5: csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988
iso8859-6: arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e
    iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987
iso8859-7: csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 iso_8859-7
    iso_8859-7:1987 sun_eu_greek
iso8859-8: csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 iso_8859-8
    iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical
iso8859-10: csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6
iso8859-13: iso-8859-13 iso8859-13 iso885913
iso8859-14: iso-8859-14 iso8859-14 iso885914
iso8859-15: csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9
iso8859-16: iso-8859-16
koi8-r: cskoi8r koi koi8 koi8-r koi8_r
koi8-u: koi8-ru koi8-u
mac-roman: csmacintosh mac macintosh x-mac-roman
cp874: dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874
cp1250: cp1250 windows-1250 x-cp1250
cp1251: cp1251 windows-1251 x-cp1251
cp1252: ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 iso_8859-1
    iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252
cp1253: cp1253 windows-1253 x-cp1253
cp1254: cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5
    windows-1254 x-cp1254
cp1255: cp1255 windows-1255 x-cp1255
cp1256: cp1256 windows-1256 x-cp1256
cp1257: cp1257 windows-1257 x-cp1257
cp1258: cp1258 windows-1258 x-cp1258
mac-cyrillic: x-mac-cyrillic x-mac-ukrainian
gb18030: chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk gb18030
big5hkscs: big5 big5-hkscs cn-big5 csbig5 x-x-big5
euc_jp: cseucpkdfmtjapanese euc-jp x-euc-jp
iso2022_jp: csiso2022jp iso-2022-jp
cp932: csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis
cp949: cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 windows-949
""".replace("\n    ", " "))


def _canonical(charset: str) -> str | None:
    """The Python codec of a declared charset, by its WHATWG label; None when it is not one."""
    return WHATWG_LABELS.get(charset.strip().lower())


def _looks_binary(text: str, data: bytes | None = None) -> bool:
    """More control characters in the first 65,536 characters than one in a thousand (at
    least 8). `data`: the bytes the text was decoded from in an encoding of
    _CONTROLS_AS_BYTES, whose control bytes are counted instead when the text is no longer
    than the sample (a bytes.translate, not a scan by the regular expression engine)."""
    sample = text[:65536]
    if data is not None and len(text) <= 65536:
        controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    else:
        controls = len(_CONTROL.findall(sample))
    return controls > max(8, len(sample) // 1000)


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: CRLF, CR and LF end a line; nothing else does."""
    # str.split when there is no CR (most files): the same lines, a seventh of the time
    lines = text.split("\n") if "\r" not in text else _LINE_BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # a final newline does not start another line
    return lines
