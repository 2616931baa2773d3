"""Stage — parse: document lines -> report structure (lexer, grammars/report.lark, tree)."""

from linter.parse.parser import parse

__all__ = ["parse"]
