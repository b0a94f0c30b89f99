"""The catalog and center files: the built-in ones are right, bad ones fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from floor.cli import main
from floor.config import (
    ConfigError,
    default_catalog_path,
    default_center_path,
    load_catalog,
    load_center,
)

DOMAIN_IDS = [
    "chung_thuc",
    "khai_sinh",
    "khai_tu",
    "ket_hon",
    "xac_nhan_hon_nhan",
    "trich_luc_ho_tich",
    "can_cuoc",
    "dat_dai",
    "xay_dung",
    "ho_kinh_doanh",
    "ho_ngheo",
    "tro_cap_xa_hoi",
]


def test_builtin_catalog_has_the_procedures_of_the_domain() -> None:
    catalog = load_catalog()
    assert [p.id for p in catalog.procedures] == DOMAIN_IDS
    for proc in catalog.procedures:
        assert proc.name.vi and proc.name.en and proc.name.ko
        assert proc.documents and all(d.strip() for d in proc.documents)
        assert catalog.field(proc.field) is not None
    assert catalog.procedure("khai_sinh").name.vi == "Đăng ký khai sinh"  # type: ignore[union-attr]


def _broken(tmp_path: Path, source: Path, change) -> Path:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / source.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["procedures"][7].update(service_minutes=0),
            "procedures[7] (id=dat_dai).service_minutes",
        ),
        (
            lambda d: d["procedures"][1].update(field="ho_tic"),
            "procedures[1] (khai_sinh).field: unknown field 'ho_tic'",
        ),
        (lambda d: d["procedures"][0].update(prefix="B"), "procedures[0] (chung_thuc).prefix"),
        (lambda d: d["procedures"][2]["name"].pop("ko"), "procedures[2] (id=khai_tu).name.ko"),
        (lambda d: d["fields"][0].update(colour="red"), "fields[0] (id=chung_thuc).colour"),
        (
            lambda d: d["procedures"].append(dict(d["procedures"][0])),
            "procedures[12].id: duplicate 'chung_thuc'",
        ),
    ],
)
def test_bad_catalog_names_file_entry_and_field(tmp_path: Path, change, expected: str) -> None:  # type: ignore[no-untyped-def]
    path = _broken(tmp_path, default_catalog_path(), change)
    with pytest.raises(ConfigError) as err:
        load_catalog(path)
    assert str(path) in str(err.value)
    assert expected in str(err.value)


def test_bad_center_names_file_entry_and_field(tmp_path: Path) -> None:
    path = _broken(
        tmp_path,
        default_center_path(),
        lambda d: d["counters"][3].update(fields=["chung_thuc", "hai_san"]),
    )
    with pytest.raises(ConfigError) as err:
        load_center(path, load_catalog())
    assert f"{path}: counters[3] (number 4).fields: unknown field 'hai_san'" == str(err.value)
    path = _broken(
        tmp_path,
        default_center_path(),
        lambda d: d["devices"].append({"id": "rating-x", "kind": "rating"}),
    )
    with pytest.raises(ConfigError, match="a rating device needs a counter"):
        load_center(path)


def test_not_yaml_or_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "catalog.yaml"
    bad.write_text("fields: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_catalog(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        load_catalog(tmp_path / "missing.yaml")


def test_catalog_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "catalog",
                "check",
                str(default_catalog_path()),
                "--center",
                str(default_center_path()),
            ]
        )
        == 0
    )
    assert "12 procedures: ok" in capsys.readouterr().out
    path = _broken(
        tmp_path, default_catalog_path(), lambda d: d["procedures"][0].update(documents=[])
    )
    assert main(["catalog", "check", str(path)]) == 1
    assert "procedures[0] (id=chung_thuc).documents" in capsys.readouterr().err


def test_floor_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("run", "demo", "contract", "catalog"):
        assert command in out
