"""The floor map: walls, furniture and named places, and paths across it (pure).

One layout file describes a center's hall; the orchestrator uses it for travel
costs, the simulator moves robots on it and the console draws it. Paths run on
an occupancy grid whose blocks are grown by the robot's radius, so a path never
cuts through a wall, a counter desk or a row of seats.
"""

from __future__ import annotations

import functools
import heapq
import math
from collections import OrderedDict
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

BlockKind = Literal["wall", "desk", "seats", "kiosk", "station", "pillar"]
PlaceKind = Literal["entrance", "kiosk", "counter", "seats", "station", "dock", "spot"]
Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]
Point = tuple[float, float]

SQRT2 = math.sqrt(2.0)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Block(_Model):
    """Something robots cannot cross: a wall, a desk, a row of seats (axis-aligned, metres)."""

    name: Name
    kind: BlockKind
    x0: float
    y0: float
    x1: float
    y1: float

    @model_validator(mode="after")
    def _ordered(self) -> Block:
        if not (self.x0 < self.x1 and self.y0 < self.y1):
            raise ValueError(f"block {self.name}: needs x0 < x1 and y0 < y1")
        return self

    def contains(self, x: float, y: float, margin: float = 0.0) -> bool:
        """Return whether (x, y) lies within the block grown by `margin`."""
        return (
            self.x0 - margin <= x <= self.x1 + margin and self.y0 - margin <= y <= self.y1 + margin
        )


class Place(_Model):
    """A named spot robots go to, facing `yaw` (radians, map frame)."""

    name: Name
    kind: PlaceKind
    x: float
    y: float
    yaw: float = 0.0
    counter: Annotated[int, Field(ge=1, le=999)] | None = None
    priority: bool = False
    """Seats only: the row kept for priority citizens."""


class Layout(_Model):
    """A center's floor map in metres, origin at the south-west corner."""

    version: Literal[1]
    name: Annotated[str, Field(min_length=1)]
    width: Annotated[float, Field(gt=0, le=200)]
    height: Annotated[float, Field(gt=0, le=200)]
    resolution: Annotated[float, Field(ge=0.05, le=1.0)] = 0.2
    robot_radius: Annotated[float, Field(ge=0.0, le=1.0)] = 0.3
    blocks: tuple[Block, ...] = ()
    places: Annotated[tuple[Place, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> Layout:
        seen: set[str] = set()
        for i, place in enumerate(self.places):
            if place.name in seen:
                raise ValueError(f"places[{i}].name: duplicate {place.name!r}")
            seen.add(place.name)
            if not (0 <= place.x <= self.width and 0 <= place.y <= self.height):
                raise ValueError(f"places[{i}] ({place.name}): outside the floor")
            for block in self.blocks:
                if block.contains(place.x, place.y):
                    raise ValueError(f"places[{i}] ({place.name}): inside block {block.name}")
        return self

    def place(self, name: str) -> Place | None:
        """Return the place with this name, or None."""
        return next((p for p in self.places if p.name == name), None)

    def places_of(self, kind: PlaceKind) -> list[Place]:
        """Return the places of one kind, in file order."""
        return [p for p in self.places if p.kind == kind]

    def counter_place(self, number: int) -> Place | None:
        """Return the place in front of counter `number`, or None."""
        return next((p for p in self.places if p.kind == "counter" and p.counter == number), None)


class Planner:
    """Shortest paths on a layout's occupancy grid (blocks grown by the robot radius)."""

    def __init__(self, layout: Layout, cache: int = 64) -> None:
        self.layout = layout
        res = layout.resolution
        self.res = res
        self.cols = max(1, math.ceil(layout.width / res))
        self.rows = max(1, math.ceil(layout.height / res))
        margin = layout.robot_radius
        self.free = bytearray(self.cols * self.rows)
        for r in range(self.rows):
            y = (r + 0.5) * res
            for c in range(self.cols):
                x = (c + 0.5) * res
                inside_x = margin <= x <= layout.width - margin
                inside = inside_x and margin <= y <= layout.height - margin
                if inside and not any(b.contains(x, y, margin) for b in layout.blocks):
                    self.free[r * self.cols + c] = 1
        self._fields: OrderedDict[int, list[float]] = OrderedDict()
        self._cache = cache

    def cell(self, x: float, y: float) -> int:
        """Return the grid cell index holding (x, y), clamped to the floor."""
        c = min(max(int(x / self.res), 0), self.cols - 1)
        r = min(max(int(y / self.res), 0), self.rows - 1)
        return r * self.cols + c

    def centre(self, cell: int) -> Point:
        """Return the middle of a cell, in metres."""
        r, c = divmod(cell, self.cols)
        return ((c + 0.5) * self.res, (r + 0.5) * self.res)

    def is_free(self, x: float, y: float) -> bool:
        """Return whether a robot's centre may stand at (x, y)."""
        if not (0 <= x < self.layout.width and 0 <= y < self.layout.height):
            return False
        return bool(self.free[self.cell(x, y)])

    def snap(self, x: float, y: float, reach: float = 0.5) -> int | None:
        """Return the free cell nearest (x, y) within `reach` metres, or None."""
        best: tuple[float, int] | None = None
        steps = math.ceil(reach / self.res)
        c0, r0 = min(int(x / self.res), self.cols - 1), min(int(y / self.res), self.rows - 1)
        for r in range(max(r0 - steps, 0), min(r0 + steps, self.rows - 1) + 1):
            for c in range(max(c0 - steps, 0), min(c0 + steps, self.cols - 1) + 1):
                cell = r * self.cols + c
                if self.free[cell]:
                    cx, cy = self.centre(cell)
                    d = math.hypot(cx - x, cy - y)
                    if d <= reach and (best is None or d < best[0]):
                        best = (d, cell)
        return best[1] if best else None

    def field(self, goal: int) -> list[float]:
        """Return the travel distance (metres) from every cell to `goal` (inf if cut off)."""
        found = self._fields.get(goal)
        if found is not None:
            self._fields.move_to_end(goal)
            return found
        dist = [math.inf] * (self.cols * self.rows)
        if self.free[goal]:
            dist[goal] = 0.0
            heap = [(0.0, goal)]
            cols, free, res = self.cols, self.free, self.res
            while heap:
                d, cell = heapq.heappop(heap)
                if d > dist[cell]:
                    continue
                for nxt, step in self._neighbours(cell, cols, free):
                    nd = d + step * res
                    if nd < dist[nxt]:
                        dist[nxt] = nd
                        heapq.heappush(heap, (nd, nxt))
        self._fields[goal] = dist
        if len(self._fields) > self._cache:
            self._fields.popitem(last=False)
        return dist

    def _neighbours(self, cell: int, cols: int, free: bytearray) -> list[tuple[int, float]]:
        r, c = divmod(cell, cols)
        out: list[tuple[int, float]] = []
        for dr, dc in ((0, 1), (0, -1), (1, 0), (-1, 0)):
            rr, cc = r + dr, c + dc
            if 0 <= rr < self.rows and 0 <= cc < cols and free[rr * cols + cc]:
                out.append((rr * cols + cc, 1.0))
        for dr, dc in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
            rr, cc = r + dr, c + dc
            if (
                0 <= rr < self.rows
                and 0 <= cc < cols
                and free[rr * cols + cc]
                and free[r * cols + cc]
                and free[rr * cols + c]
            ):
                out.append((rr * cols + cc, SQRT2))
        return out

    def distance(self, start: Point, goal: Point) -> float:
        """Return the path length from `start` to `goal` in metres (inf if unreachable)."""
        a = self.snap(*start)
        b = self.snap(*goal)
        if a is None or b is None:
            return math.inf
        return self.field(b)[a]

    def distance_to_place(self, start: Point, place: str) -> float:
        """Return the path length from `start` to a named place (inf if unknown or cut off)."""
        target = self.layout.place(place)
        if target is None:
            return math.inf
        return self.distance(start, (target.x, target.y))

    def path(self, start: Point, goal: Point) -> list[Point] | None:
        """Return waypoints from `start` to `goal` through free space, or None if none exists.

        The grid path is shortened where the straight line stays free, so the
        robot walks natural lines and every segment is checked against the grid.
        """
        a = self.snap(*start)
        b = self.snap(*goal, reach=0.2)
        if a is None or b is None:
            return None
        dist = self.field(b)
        if math.isinf(dist[a]):
            return None
        cells = [a]
        cell = a
        while cell != b:
            nxt = min(self._neighbours(cell, self.cols, self.free), key=lambda n: dist[n[0]])[0]
            if dist[nxt] >= dist[cell]:
                return None
            cells.append(nxt)
            cell = nxt
        points = [start, *(self.centre(c) for c in cells[1:-1]), goal]
        return self._shorten(points)

    def _shorten(self, points: list[Point]) -> list[Point]:
        out = [points[0]]
        i = 0
        while i < len(points) - 1:
            j = len(points) - 1
            while j > i + 1 and not self.clear(points[i], points[j]):
                j -= 1
            out.append(points[j])
            i = j
        return out

    def clear(self, a: Point, b: Point) -> bool:
        """Return whether the straight segment a→b stays in free space."""
        length = math.hypot(b[0] - a[0], b[1] - a[1])
        steps = max(1, math.ceil(length / (self.res / 3)))
        for k in range(steps + 1):
            t = k / steps
            x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
            if not self.free[self.cell(x, y)]:
                # the two ends may sit just off-grid-free (snapped); tolerate them only
                if k in (0, steps) and self.snap(x, y, 0.25) is not None:
                    continue
                return False
        return True

    def crosses_block(self, a: Point, b: Point) -> Block | None:
        """Return a block the segment a→b passes through (ignoring the robot radius), or None."""
        length = math.hypot(b[0] - a[0], b[1] - a[1])
        steps = max(1, math.ceil(length / 0.02))
        for k in range(steps + 1):
            t = k / steps
            x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
            for block in self.layout.blocks:
                if block.contains(x, y):
                    return block
        return None


@functools.lru_cache(maxsize=8)
def planner_for(layout: Layout) -> Planner:
    """Return the (shared, memoising) planner of a layout."""
    return Planner(layout)
