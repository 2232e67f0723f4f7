"""The input contract of a framework: what a data-entry form must ask, and its fingerprint.

The contract is the part of a framework a filled-in form depends on: which inputs exist, their
ids and types, valid ranges, options, missing-value policies and the tiers that answer them.
Labels are not part of it (they can be reworded freely without invalidating forms already sent
out); changing an id, a type or a range is, and :func:`contract_hash` changes with it. The
hash is written into the hidden ``_cqdt`` sheet of every form so the reader can say "this form
was made for another version of the framework" instead of misreading columns.

>>> from cqdt.compiler.model.nodes import Input, InputType
>>> a = Input(id="staff", label="Tổng số CBCC", type=InputType.COUNT, tiers=("province",))
>>> input_contract_of((a,))[0]["type"]
'count'
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from cqdt.compiler.model.nodes import Framework, Input

__all__ = ["CONTRACT_VERSION", "contract_hash", "input_contract", "input_contract_of"]

#: Bumped when the shape of the contract document itself changes.
CONTRACT_VERSION = 1


def input_contract_of(inputs: tuple[Input, ...]) -> list[dict[str, Any]]:
    """One plain dict per input, in declaration order; only what a form depends on."""
    return [
        {
            "id": inp.id,
            "type": inp.type.value,
            "minimum": inp.minimum,
            "maximum": inp.maximum,
            "at_most": inp.at_most,
            "choices": list(inp.choices),
            "missing": inp.missing.value,
            "tiers": list(inp.tiers),
        }
        for inp in inputs
    ]


def input_contract(fw: Framework) -> dict[str, Any]:
    """The input contract of ``fw`` as a JSON-ready dict (tiers in framework order)."""
    return {
        "contract_version": CONTRACT_VERSION,
        "tiers": list(fw.tier_ids),
        "inputs": input_contract_of(fw.inputs),
    }


def contract_hash(fw: Framework) -> str:
    """sha256 (hex) of the canonical JSON of :func:`input_contract` (sorted keys, no spaces)."""
    canonical = json.dumps(
        input_contract(fw), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
