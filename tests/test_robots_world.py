"""`floor sim export-world`: the Gazebo world and the Nav2 map a real robot's map_server loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from floor.config import load_layout
from sim.world import OCCUPIED, nav2_map, sdf_world


def _pixel(pgm: bytes, x: float, y: float, resolution: float = 0.05) -> int:
    header, body = pgm.split(b"\n255\n", 1)
    cols, rows = map(int, header.split(b"\n")[-1].split())
    return body[(rows - 1 - int(y / resolution)) * cols + int(x / resolution)]


def test_export_world_writes_the_nav2_map_beside_the_world(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "floor", "sim", "export-world", str(tmp_path / "hall.sdf")],
        capture_output=True, text=True, check=True,
    )
    assert "hall.pgm" in out.stdout
    meta = yaml.safe_load((tmp_path / "hall.yaml").read_text())
    assert meta["image"] == "hall.pgm" and meta["origin"] == [0.0, 0.0, 0.0]
    pgm = (tmp_path / "hall.pgm").read_bytes()
    assert pgm.startswith(b"P5\n") and len(pgm.split(b"\n255\n", 1)[1]) == 400 * 240
    layout = load_layout(None)
    for place in layout.places:
        assert _pixel(pgm, place.x, place.y) != OCCUPIED, place.name
    assert _pixel(pgm, 5.0, 9.9) == OCCUPIED  # the counter desk
    assert _pixel(pgm, 14.97, 2.0) == OCCUPIED  # the partition wall
    assert _pixel(pgm, 11.5, 0.05) != OCCUPIED  # the entrance gap in the south wall


def test_world_name_keeps_vietnamese_readable_and_fortress_plugins() -> None:
    layout = load_layout(None).model_copy(update={"name": "Phường Đông Hòa"})
    world = sdf_world(layout, "fortress")
    assert '<world name="Phuong_Dong_Hoa">' in world
    assert 'filename="ignition-gazebo-physics-system"' in world
    assert "gz-sim" not in world
    assert nav2_map(layout, "x.pgm")[1].startswith("image: x.pgm")
