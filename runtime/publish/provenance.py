"""Where a result came from: the framework file, the data files, the tool version.

A published ranking must be reproducible: results.json and results.xlsx carry the sha256 of the
framework source and of every data file read, and the version of cqdt that scored them.
Provenance deliberately holds no clock time, so identical inputs give byte-identical outputs.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Provenance"]


@dataclass(frozen=True)
class Provenance:
    """``inputs`` is ``((path, sha256), …)`` in the order the files were read."""

    framework_id: str
    framework_path: str
    framework_sha256: str
    inputs: tuple[tuple[str, str], ...]
    tool_version: str

    def as_dict(self) -> dict[str, object]:
        return {
            "framework_id": self.framework_id,
            "framework_path": self.framework_path,
            "framework_sha256": self.framework_sha256,
            "inputs": [{"path": p, "sha256": s} for p, s in self.inputs],
            "tool_version": self.tool_version,
        }
