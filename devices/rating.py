"""The satisfaction terminal beside each counter."""

from __future__ import annotations

from collections.abc import Callable

from devices import payloads as p
from devices.client import DeviceClient, Refused

SCALES: dict[int, list[str]] = {
    3: ["Hài lòng", "Bình thường", "Không hài lòng"],
    4: ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"],
    5: ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"],
}
"""Button labels by scale size; 1 is the happiest."""

REASONS: dict[str, str] = {
    "wait_time": "Chờ lâu",
    "staff_attitude": "Thái độ cán bộ",
    "unclear_guidance": "Hướng dẫn chưa rõ",
    "papers_returned": "Bị trả hồ sơ",
    "facilities": "Cơ sở vật chất",
    "other": "Lý do khác",
}
"""Reason buttons shown after the unhappiest press."""


class RatingTerminal:
    """A rating terminal's work: send a press, get the thank-you."""

    def __init__(self, client: DeviceClient, levels: int = 4) -> None:
        if levels not in SCALES:
            raise ValueError(f"a scale has {min(SCALES)} to {max(SCALES)} levels")
        self.client = client
        self.levels = levels

    def rate(self, level: int, reasons: tuple[str, ...] = ()) -> p.RatingThanks:
        """Rate the citizen just served here; raise Refused if the floor says no."""
        got = self.client.exchange("rating", reply="rated", level=level, reasons=list(reasons))
        assert got is not None
        return p.RatingThanks.model_validate(got.data)


def terminal(rating: RatingTerminal, ask: Callable[[str], str] = input) -> None:
    """Run the terminal: a button a level, reason buttons after the unhappiest."""
    labels = SCALES[rating.levels]
    while True:
        print("  ".join(f"[{i}] {label}" for i, label in enumerate(labels, 1)))
        try:
            press = ask("Đánh giá (q: thoát): ").strip()
        except EOFError:
            return
        if press == "q":
            return
        if not press.isdigit() or not 1 <= int(press) <= len(labels):
            continue
        reasons: tuple[str, ...] = ()
        if int(press) == len(labels):
            codes = list(REASONS)
            print("  ".join(f"[{i}] {REASONS[c]}" for i, c in enumerate(codes, 1)))
            picked = ask("Lý do (vd 1 3, Enter: bỏ qua): ").split()
            reasons = tuple(codes[int(i) - 1] for i in picked if i.isdigit() and 0 < int(i) <= 6)
        try:
            print(rating.rate(int(press), reasons).text)
        except (Refused, TimeoutError) as exc:
            print(f"Xin lỗi, chưa ghi nhận được: {exc}")
