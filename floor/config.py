"""Load the catalog and the center configuration from files, with clear errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from floor.core.catalog import Catalog, CenterConfig
from floor.core.layout import Layout

M = TypeVar("M", bound=BaseModel)

DATA = Path(__file__).parent / "data"


class ConfigError(Exception):
    """A catalog or center file that cannot be used; the message names file, entry, field."""


def default_catalog_path() -> Path:
    """Return the built-in catalog file."""
    return DATA / "catalog.yaml"


def default_center_path() -> Path:
    """Return the built-in demo center file."""
    return DATA / "center.yaml"


def load_catalog(path: Path | None = None) -> Catalog:
    """Load and validate a catalog file."""
    return _load(path or default_catalog_path(), Catalog)


def load_center(path: Path | None = None, catalog: Catalog | None = None) -> CenterConfig:
    """Load a center file and check it against the catalog."""
    path = path or default_center_path()
    config = _load(path, CenterConfig, _with_layout)
    if catalog is not None:
        try:
            config.check_against(catalog)
        except ValueError as exc:
            raise ConfigError(f"{path}: {exc}") from None
    return config


def load_layout(path: Path | None = None) -> Layout:
    """Load and validate a floor map (the built-in one when None)."""
    return _load(path or DATA / "layout.yaml", Layout)


def load_model(path: Path, model: type[M]) -> M:
    """Load and validate a YAML file as `model` (errors name file, entry and field)."""
    return _load(path, model)


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None


def _with_layout(path: Path, raw: Any) -> Any:
    """Read the layout file a center names in its place.

    The name is relative to the center file, else to the built-in data folder.
    """
    if isinstance(raw, dict) and isinstance(raw.get("layout"), str):
        layout = path.parent / raw["layout"]
        if not layout.exists() and (DATA / raw["layout"]).exists():
            layout = DATA / raw["layout"]
        return {**raw, "layout": _read(layout)}
    return raw


def _load(path: Path, model: type[M], prepare: Callable[[Path, Any], Any] | None = None) -> M:
    raw = _read(path)
    if prepare is not None:
        raw = prepare(path, raw)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_describe(exc, raw)}") from None


def _describe(exc: ValidationError, raw: Any) -> str:
    """Name each failing entry (with its id where it has one) and field."""
    problems = []
    for err in exc.errors():
        parts: list[str] = []
        node = raw
        for step in err["loc"]:
            if isinstance(step, int):
                parts[-1] += f"[{step}]"
                node = node[step] if isinstance(node, list) and step < len(node) else None
                ident = _ident(node)
                if ident is not None:
                    parts[-1] += f" ({ident})"
            else:
                parts.append(str(step))
                node = node.get(step) if isinstance(node, dict) else None
        message = err["msg"].removeprefix("Value error, ")
        problems.append(f"{'.'.join(parts)}: {message}" if parts else message)
    return "; ".join(problems)


def _ident(node: Any) -> str | None:
    if isinstance(node, dict):
        for key in ("id", "number"):
            if key in node:
                return f"{key}={node[key]}"
    return None
