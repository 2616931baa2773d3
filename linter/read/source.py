"""Stage 1 — source: the bytes of a report, decoded, split into lines.

Government sites serve UTF-8 (with or without BOM), GB18030/GBK and, from Word exports,
UTF-16 with a BOM. Anything else that is not text is refused with a one-line reason.
"""

from __future__ import annotations

import codecs
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from linter.errors import InputError
from linter.settings import DEFAULT_MAX_BYTES

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# C0 controls other than tab, LF, VT, FF, CR: their presence means binary, not text.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(slots=True)
class Source:
    name: str  # as the user named it ("-" becomes the --stdin-filename or "<stdin>")
    data: bytes
    suffix: str  # ".txt", ".md", ".html", ... used to choose a reader


def load(path: str, *, stdin_name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read a path, or standard input for "-"; never writes anything."""
    if path == "-":
        name = stdin_name or "<stdin>"
        data = _read_limited(sys.stdin.buffer, name, max_bytes)
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


_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|div|p)\b", re.I | re.S)


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


def _read_limited(fh, name: str, max_bytes: int) -> bytes:
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(name, f"input is over the limit of {max_bytes:,} bytes (see --max-bytes)", f"输入超过上限 {max_bytes:,} 字节（见 --max-bytes）")
    return data


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
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_binary(text):
            break
        return text
    raise InputError(name, "not text: neither UTF-8 nor GB18030/GBK (binary or unknown encoding)", "不是文本：既不是 UTF-8 也不是 GB18030/GBK（二进制文件或未知编码）")


def _canonical(charset: str) -> str | None:
    charset = charset.strip().lower()
    if charset in {"gbk", "gb2312", "gb_2312-80", "x-gbk", "cp936", "euc-cn"}:
        return "gb18030"
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) > max(8, len(sample) // 1000)


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: CRLF, CR and LF end a line; nothing else does."""
    lines = _LINE_BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # a final newline does not start another line
    return lines
