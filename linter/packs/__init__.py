"""Stage — packs: rules/*.yaml -> validated rule packs (loading, schema, resolution, the
expression language of `assert:`)."""

from linter.packs.load import PackSet, load_pack, load_packs

__all__ = ["PackSet", "load_pack", "load_packs"]
