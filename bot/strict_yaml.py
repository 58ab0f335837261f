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


class _StrictLoader(yaml.SafeLoader):
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
