"""YAML for files people edit by hand: a key written twice is an error, not a silent replacement.

PyYAML keeps the last of two equal keys in a mapping. In a red-flag file that would quietly drop a whole concept
or exception list (an editor adds a second "bleeding:" line and the first list is gone), so every hand-edited
content file is read with this loader.
"""

from __future__ import annotations

from typing import Any

import yaml


class DuplicateKeyError(yaml.YAMLError):
    """The same key twice in one mapping."""


# libyaml's parser (PyYAML's C extension) when the wheel has it: the red-flag files are long lists, and reading them
# with the pure-Python parser was most of the time the rules took to build from the files (as when a locked store
# leaves the files to stand in for it). The constructor, and so the duplicate-key check below, is the same.
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SAFE_LOADER):  # type: ignore[valid-type,misc]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise DuplicateKeyError(f"'{key}' is written twice: the second would silently replace the first, "
                                        "so put everything under one of them")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load(text: str) -> Any:
    """``yaml.safe_load`` that refuses a key written twice in one mapping."""
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
