"""The input contract: ids and types enter its hash, labels do not."""

from __future__ import annotations

import dataclasses

from cqdt.compiler.model.contract import contract_hash, input_contract
from cqdt.compiler.model.nodes import InputType


def _with_input(fw, input_id, **changes):
    inputs = tuple(dataclasses.replace(i, **changes) if i.id == input_id else i for i in fw.inputs)
    return dataclasses.replace(fw, inputs=inputs)


def test_contract_lists_every_input(fw):
    contract = input_contract(fw)
    assert [i["id"] for i in contract["inputs"]] == [i.id for i in fw.inputs]
    assert contract["inputs"][1]["at_most"] == "staff"
    assert contract["tiers"] == ["province", "district"]


def test_labels_do_not_change_the_hash(fw):
    relabelled = _with_input(fw, "staff", label="Số cán bộ", description="mới", unit="CBCC")
    meta = dataclasses.replace(fw.meta, title="Tên khác")
    assert contract_hash(relabelled) == contract_hash(fw)
    assert contract_hash(dataclasses.replace(fw, meta=meta)) == contract_hash(fw)


def test_ids_types_ranges_change_the_hash(fw):
    base = contract_hash(fw)
    assert contract_hash(_with_input(fw, "staff", type=InputType.NUMBER)) != base
    assert contract_hash(_with_input(fw, "bandwidth", maximum=5.0)) != base
    assert contract_hash(_with_input(fw, "portal_level", choices=("A",))) != base
    assert contract_hash(_with_input(fw, "note", tiers=("province",))) != base
    assert contract_hash(_with_input(fw, "staff", id="staff2")) != base


def test_hash_is_stable(fw, snapshot):
    """Pinned: a change here invalidates every form already sent out."""
    assert contract_hash(fw) == snapshot
