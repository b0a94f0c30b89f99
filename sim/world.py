"""The floor map for real robots: a Gazebo SDF world, and the Nav2 map (`.pgm` + `.yaml`)
that map_server and AMCL load."""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

from floor.core.layout import Block, Layout

HEIGHTS = {"wall": 2.5, "desk": 1.1, "seats": 0.8, "kiosk": 1.6, "station": 1.0, "pillar": 2.5}
COLOURS = {
    "wall": "0.8 0.8 0.8 1",
    "desk": "0.55 0.35 0.2 1",
    "seats": "0.2 0.4 0.7 1",
    "kiosk": "0.9 0.6 0.1 1",
    "station": "0.3 0.7 0.3 1",
    "pillar": "0.6 0.6 0.6 1",
}


Gazebo = Literal["harmonic", "fortress"]
PLUGINS: dict[Gazebo, tuple[str, str]] = {
    "harmonic": ("gz-sim-{}-system", "gz::sim::systems::{}"),
    "fortress": ("ignition-gazebo-{}-system", "ignition::gazebo::systems::{}"),
}
"""Plugin file and class names: Gazebo Harmonic (gz-sim 8) or Fortress (ignition-gazebo 6)."""
MAP_RESOLUTION = 0.05
"""Metres per pixel of the Nav2 map."""
FREE, OCCUPIED = 254, 0


def sdf_world(layout: Layout, gazebo: Gazebo = "harmonic") -> str:
    """Return an SDF 1.9 world: a ground plane, sun, and one static box per block.

    The map frame's origin is the world origin, so Nav2 goals built from the
    layout's places land where the simulator puts them.
    """
    models = "\n".join(_box(block) for block in layout.blocks)
    size = f"{layout.width * 3} {layout.height * 3}"
    plane = f"<plane><normal>0 0 1</normal><size>{size}</size></plane>"
    lib, cls = PLUGINS[gazebo]

    def plugin(name: str, kind: str) -> str:
        return f'filename="{lib.format(name)}" name="{cls.format(kind)}"'

    return f"""<?xml version="1.0" ?>
<!-- {escape(layout.name)}: written by `floor sim export-world` from the floor's layout file -->
<sdf version="1.9">
  <world name="{_name(layout.name)}">
    <physics name="1ms" type="ignored">
      <max_step_size>0.001</max_step_size>
      <real_time_factor>1.0</real_time_factor>
    </physics>
    <plugin {plugin("physics", "Physics")}/>
    <plugin {plugin("user-commands", "UserCommands")}/>
    <plugin {plugin("scene-broadcaster", "SceneBroadcaster")}/>
    <plugin {plugin("sensors", "Sensors")}>
      <render_engine>ogre2</render_engine>
    </plugin>
    <light type="directional" name="sun">
      <cast_shadows>true</cast_shadows>
      <pose>0 0 10 0 0 0</pose>
      <direction>-0.5 0.1 -0.9</direction>
    </light>
    <model name="ground_plane">
      <static>true</static>
      <link name="link">
        <collision name="collision">
          <geometry>{plane}</geometry>
        </collision>
        <visual name="visual">
          <geometry>{plane}</geometry>
          <material><ambient>0.9 0.9 0.85 1</ambient><diffuse>0.9 0.9 0.85 1</diffuse></material>
        </visual>
      </link>
    </model>
{models}
  </world>
</sdf>
"""


def _box(block: Block) -> str:
    sx, sy = block.x1 - block.x0, block.y1 - block.y0
    cx, cy = (block.x0 + block.x1) / 2, (block.y0 + block.y1) / 2
    h = HEIGHTS[block.kind]
    size = f"{sx:.3f} {sy:.3f} {h:.3f}"
    colour = COLOURS[block.kind]
    return f"""    <model name="{block.name}">
      <static>true</static>
      <pose>{cx:.3f} {cy:.3f} {h / 2:.3f} 0 0 0</pose>
      <link name="link">
        <collision name="collision"><geometry><box><size>{size}</size></box></geometry></collision>
        <visual name="visual">
          <geometry><box><size>{size}</size></box></geometry>
          <material><ambient>{colour}</ambient><diffuse>{colour}</diffuse></material>
        </visual>
      </link>
    </model>"""


def _name(text: str) -> str:
    """Return an SDF-safe name, Vietnamese letters transliterated ("Tam Bình" -> "Tam_Binh")."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_only = "".join(ch for ch in plain if not unicodedata.combining(ch))
    cleaned = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in ascii_only)
    return "_".join(part for part in cleaned.split("_") if part) or "floor"


def nav2_map(layout: Layout, image: str, resolution: float = MAP_RESOLUTION) -> tuple[bytes, str]:
    """Return the Nav2 map of a layout: a binary PGM (blocks occupied, the rest free; the
    costmap inflates them by the robot's radius) and map_server's YAML naming `image`.

    The map's origin is the layout's origin, so layout places are map-frame goals.
    """
    cols, rows = math.ceil(layout.width / resolution), math.ceil(layout.height / resolution)
    pixels = bytearray([FREE]) * (cols * rows)
    for block in layout.blocks:
        c0, c1 = int(block.x0 / resolution), math.ceil(block.x1 / resolution)
        r0, r1 = int(block.y0 / resolution), math.ceil(block.y1 / resolution)
        for r in range(max(r0, 0), min(r1, rows)):
            row = (rows - 1 - r) * cols  # the image's first row is the map's top (largest y)
            pixels[row + max(c0, 0) : row + min(c1, cols)] = bytes([OCCUPIED]) * (
                min(c1, cols) - max(c0, 0)
            )
    pgm = f"P5\n# {_name(layout.name)}\n{cols} {rows}\n255\n".encode("ascii") + bytes(pixels)
    yaml = (
        f"image: {image}\n"
        "mode: trinary\n"
        f"resolution: {resolution}\n"
        "origin: [0.0, 0.0, 0.0]\n"
        "negate: 0\n"
        "occupied_thresh: 0.65\n"
        "free_thresh: 0.25\n"
    )
    return pgm, yaml


def export(layout: Layout, sdf: Path, gazebo: Gazebo = "harmonic") -> list[Path]:
    """Write the SDF world and, next to it, the Nav2 map (`.pgm`, `.yaml`); return the files."""
    pgm_path, yaml_path = sdf.with_suffix(".pgm"), sdf.with_suffix(".yaml")
    pgm, yaml = nav2_map(layout, pgm_path.name)
    sdf.write_text(sdf_world(layout, gazebo), encoding="utf-8")
    pgm_path.write_bytes(pgm)
    yaml_path.write_text(yaml, encoding="utf-8")
    return [sdf, pgm_path, yaml_path]
