"""The floor map as a Gazebo SDF world, for teams that run Gazebo with their Nav2 robots."""

from __future__ import annotations

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


def sdf_world(layout: Layout) -> str:
    """Return an SDF 1.9 world: a ground plane, sun, and one static box per block.

    The map frame's origin is the world origin, so Nav2 goals built from the
    layout's places land where the simulator puts them.
    """
    models = "\n".join(_box(block) for block in layout.blocks)
    size = f"{layout.width * 3} {layout.height * 3}"
    plane = f"<plane><normal>0 0 1</normal><size>{size}</size></plane>"
    return f"""<?xml version="1.0" ?>
<!-- {escape(layout.name)}: written by `floor sim export-world` from the floor's layout file -->
<sdf version="1.9">
  <world name="{_name(layout.name)}">
    <physics name="1ms" type="ignored">
      <max_step_size>0.001</max_step_size>
      <real_time_factor>1.0</real_time_factor>
    </physics>
    <plugin filename="gz-sim-physics-system" name="gz::sim::systems::Physics"/>
    <plugin filename="gz-sim-user-commands-system" name="gz::sim::systems::UserCommands"/>
    <plugin filename="gz-sim-scene-broadcaster-system" name="gz::sim::systems::SceneBroadcaster"/>
    <plugin filename="gz-sim-sensors-system" name="gz::sim::systems::Sensors">
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
    cleaned = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in text)
    return cleaned.strip("_") or "floor"
