"""The exported wire contract: examples, JSON Schemas, AsyncAPI and docs/protocol.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from devices import payloads as p
from devices import topics
from devices.codec import MAX_PAYLOAD, decode, encode
from devices.contract import SIGNED_BODIES, Example, examples, export, render_protocol
from floor.cli import main

REPO = Path(__file__).resolve().parents[1]
REGENERATE = (
    "the contract docs are stale: run `make contract` (floor contract export docs/contract "
    "and a copy of its protocol.md as docs/protocol.md)"
)
EXAMPLES = examples()
SIGNED = [json.loads(ex.payload.body) for ex in EXAMPLES if isinstance(ex.payload, p.Signed)]
"""The bodies the city signs, as the examples carry them."""
MODELS: dict[str, type[BaseModel]] = {ex.model.__name__: ex.model for ex in EXAMPLES} | {
    model.__name__: model for model in SIGNED_BODIES
}


def _ids(ex: Example) -> str:
    return ex.key


@pytest.mark.parametrize("ex", EXAMPLES, ids=_ids)
def test_example_round_trips_through_the_codec(ex: Example) -> None:
    raw = encode(ex.payload)
    assert len(raw) <= MAX_PAYLOAD
    back = decode(ex.model, raw)
    assert back == ex.payload
    assert encode(back) == raw
    assert type(ex.payload) is ex.model


def _center_of(values: dict[str, str]) -> str:
    """Return the center a topic belongs to (Home Assistant's carries it in its node id)."""
    if "center" in values:
        return values["center"]
    return values["node_id"].removeprefix("floor_").replace("_", "-")


@pytest.mark.parametrize("ex", EXAMPLES, ids=_ids)
def test_example_topic_matches_its_own_spec_only(ex: Example) -> None:
    values = ex.spec.match(ex.topic)
    assert values is not None
    assert _center_of(values) == "{center}"
    if "name" in values:
        assert values["name"] == ex.name
    others = [s.name for s in topics.ALL if s is not ex.spec and s.match(ex.topic) is not None]
    assert others == []


@pytest.mark.parametrize("ex", EXAMPLES, ids=_ids)
def test_device_messages_claim_the_topic_device(ex: Example) -> None:
    device = getattr(ex.payload, "device", None)
    if ex.incoming:
        assert device == ex.spec.match(ex.topic)["device_id"]  # type: ignore[index]


def test_every_spec_and_name_has_an_example_with_its_model() -> None:
    assert {ex.spec.name for ex in EXAMPLES} == {s.name for s in topics.ALL}
    expected: list[tuple[topics.TopicSpec, dict[str, tuple[type[BaseModel], tuple[str, ...]]]]] = [
        (topics.EVENT, {name: (model, kind) for name, (model, kind) in p.EVENTS.items()}),
        (topics.COMMAND, {name: (model, kind) for name, (model, kind) in p.COMMANDS.items()}),
        (topics.STATE, {name: (model, ()) for name, model in p.STATES.items()}),
    ]
    for spec, models in expected:
        mine = {ex.name: ex for ex in EXAMPLES if ex.spec is spec}
        assert set(mine) == set(models), spec.name
        for name, ex in mine.items():
            assert (ex.model, ex.kinds) == models[name], f"{spec.name}/{name}"
    assert len({ex.key for ex in EXAMPLES}) == len(EXAMPLES)


def test_examples_are_deterministic_and_take_a_center() -> None:
    assert examples() == EXAMPLES
    concrete = examples("tam-binh")
    assert all(_center_of(ex.spec.match(ex.topic) or {}) == "tam-binh" for ex in concrete)
    assert any("Mời số" in getattr(ex.payload, "announcement", "") for ex in concrete)


def _resolve(doc: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = doc
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def test_export_writes_schemas_asyncapi_and_protocol(tmp_path: Path) -> None:
    written = export(tmp_path)

    schema_files = sorted(tmp_path.glob("schemas/*.json"))
    assert {f.stem for f in schema_files} == set(MODELS)
    assert set(written) == {*schema_files, tmp_path / "asyncapi.yaml", tmp_path / "protocol.md"}
    for f in schema_files:
        _check_schema(f.stem, json.loads(f.read_text(encoding="utf-8")))

    doc = yaml.safe_load((tmp_path / "asyncapi.yaml").read_text(encoding="utf-8"))
    assert doc["asyncapi"] == "3.0.0"
    assert doc["info"]["title"] and doc["info"]["version"]
    assert set(doc["channels"]) == {s.name for s in topics.ALL}
    seen: set[str] = set()
    for spec in topics.ALL:
        channel = doc["channels"][spec.name]
        assert channel["address"] == spec.pattern
        assert set(channel["parameters"]) == set(spec.params)
        assert channel["messages"], spec.name
        for key, ref in channel["messages"].items():
            message = _resolve(doc, ref["$ref"])
            schema_ref = _resolve(doc, message["payload"]["$ref"])["$ref"]
            schema_path = tmp_path / schema_ref
            assert schema_path.is_file(), schema_ref
            model = MODELS[json.loads(schema_path.read_text(encoding="utf-8"))["title"]]
            (example,) = message["examples"]
            model.model_validate(example["payload"])
            assert spec.match(example["summary"]) is not None
            seen.add(key)
    assert seen == {ex.key for ex in EXAMPLES}

    operations = doc["operations"].values()
    assert {op["channel"]["$ref"] for op in operations} == {
        f"#/channels/{s.name}" for s in topics.ALL
    }
    for op in operations:
        spec = next(s for s in topics.ALL if op["channel"]["$ref"] == f"#/channels/{s.name}")
        assert op["action"] == ("receive" if spec.direction == "device_to_floor" else "send")
        assert op["bindings"]["mqtt"]["qos"] == spec.qos
        assert op["bindings"]["mqtt"]["retain"] is spec.retain
        for ref in op["messages"]:
            _resolve(doc, ref["$ref"])

    _check_protocol((tmp_path / "protocol.md").read_text(encoding="utf-8"))


def _check_schema(title: str, schema: dict[str, Any]) -> None:
    """Check an exported schema the way a device maker would use it: a standard JSON Schema
    validator takes every example of its model and refuses what the model refuses."""
    model = MODELS[title]
    assert schema["title"] == title
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    fields = model.model_fields
    assert set(schema["properties"]) == set(fields)
    assert set(schema.get("required", [])) == {n for n, f in fields.items() if f.is_required()}
    assert schema["additionalProperties"] is False
    mine = [json.loads(encode(ex.payload)) for ex in EXAMPLES if ex.model is model]
    if model in SIGNED_BODIES:  # carried as a signed body: its examples are the bodies
        mine += [body for body in SIGNED if body["kind"] == model.model_fields["kind"].default]
    assert mine, title
    for data in mine:
        assert list(validator.iter_errors(data)) == [], title
        assert not validator.is_valid({**data, "surplus": 1}), title
        for name in schema.get("required", []):
            assert not validator.is_valid({k: v for k, v in data.items() if k != name}), name


def _check_protocol(text: str) -> None:
    """Check protocol.md: every topic, every example as JSON, Vietnamese unescaped."""
    for spec in topics.ALL:
        assert f"`{spec.pattern}`" in text
    for ex in EXAMPLES:
        assert f"`{ex.topic}`" in text
        assert json.dumps(json.loads(encode(ex.payload)), ensure_ascii=False, indent=2) in text
    assert "Mời số" in text and "\\u" not in text
    assert str(MAX_PAYLOAD) in text


def test_protocol_shows_every_topic_and_example() -> None:
    _check_protocol(render_protocol())


def test_docs_protocol_is_up_to_date() -> None:
    doc = REPO / "docs" / "protocol.md"
    assert doc.is_file(), REGENERATE
    assert doc.read_text(encoding="utf-8") == render_protocol(), REGENERATE


def test_docs_contract_is_up_to_date(tmp_path: Path) -> None:
    export(tmp_path)
    fresh = {f.relative_to(tmp_path): f.read_bytes() for f in tmp_path.rglob("*") if f.is_file()}
    docs = REPO / "docs" / "contract"
    kept = {f.relative_to(docs): f.read_bytes() for f in docs.rglob("*") if f.is_file()}
    assert sorted(kept) == sorted(fresh), REGENERATE
    stale = [str(name) for name, body in fresh.items() if kept[name] != body]
    assert stale == [], REGENERATE


def test_cli_exports_the_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "contract"
    assert main(["contract", "export", str(out), "--center", "tam-binh"]) == 0
    assert "wrote" in capsys.readouterr().out
    assert (out / "asyncapi.yaml").is_file()
    assert {f.stem for f in out.glob("schemas/*.json")} == set(MODELS)
    text = (out / "protocol.md").read_text(encoding="utf-8")
    assert "`floor/v1/tam-binh/device/kiosk-1/evt/ticket_request`" in text
    doc = yaml.safe_load((out / "asyncapi.yaml").read_text(encoding="utf-8"))
    assert doc["channels"]["event"]["parameters"]["center"]["enum"] == ["tam-binh"]


@pytest.mark.parametrize("value", ["+", "#", "kiosk/1", "kiosk-+", "a#", ""])
def test_topic_refuses_wildcards(value: str) -> None:
    with pytest.raises(topics.TopicError):
        topics.EVENT.topic(center="tam-binh", device_id=value, name="rating")
    with pytest.raises(topics.TopicError):
        topics.STATE.topic(center=value, name="queues")
