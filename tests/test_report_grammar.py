"""The report grammar keeps its tokens in the tree in the order they were fed: parser._fill
takes the value of each token from the blocks in that order."""

from __future__ import annotations

import random

from lark import Token

from linter.parse.parser import _parser

KINDS = ("H1", "H2", "H3", "H4", "PARAGRAPH", "TABLE")


def _tokens(tree) -> list[str]:
    """The types of the tokens of the tree, in the order _fill meets them."""
    out = []
    for child in tree.children:
        out += [child.type] if isinstance(child, Token) else _tokens(child)
    return out


def test_every_sequence_of_blocks_parses_and_keeps_its_order():
    rng = random.Random(14)
    sequences = [[], *([kind] for kind in KINDS)]
    sequences += [[rng.choice(KINDS) for _ in range(rng.randrange(1, 60))] for _ in range(500)]
    for kinds in sequences:
        tree = _parser().parse([(kind, None) for kind in kinds])
        assert _tokens(tree) == kinds
