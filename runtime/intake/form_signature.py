"""What a question means, as a digest written into every form (see :mod:`cqdt.runtime.intake.carry`)."""

from __future__ import annotations

import hashlib
import json

from cqdt.compiler.model.nodes import Input

__all__ = ["question_signature"]


def question_signature(inp: Input) -> str:
    """What an answer to ``inp`` means, as a short digest (the label is not part of it)."""
    meaning = {
        "type": inp.type.value,
        "minimum": inp.minimum,
        "maximum": inp.maximum,
        "at_most": inp.at_most,
        "choices": list(inp.choices),
    }
    canonical = json.dumps(meaning, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
