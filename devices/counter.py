"""The counter terminal: the officer calls, recalls, transfers and finishes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from devices.client import DeviceClient, Refused

ACTIONS = {
    "n": ("call_next", "gọi số tiếp theo"),
    "r": ("recall", "gọi lại"),
    "x": ("no_show", "vắng mặt"),
    "f": ("finish", "xong"),
    "p": ("pause", "tạm dừng"),
    "u": ("resume", "mở lại"),
}


class CounterTerminal:
    """A counter terminal's work; each action raises Refused if the floor says no."""

    def __init__(self, client: DeviceClient, wait: float = 1.0) -> None:
        self.client = client
        self.wait = wait

    def _do(self, name: str, **fields: Any) -> None:
        self.client.exchange(name, timeout=self.wait, **fields)

    def call_next(self) -> None:
        """Call the next ticket (finishing the current one)."""
        self._do("call_next")

    def call(self, number: str) -> None:
        """Call one waiting number."""
        self._do("call", number=number)

    def recall(self) -> None:
        """Announce the current number again."""
        self._do("recall")

    def no_show(self) -> None:
        """The citizen did not come."""
        self._do("no_show")

    def transfer(self, field: str) -> None:
        """Send the current citizen to another field, keeping the number."""
        self._do("transfer", field=field)

    def finish(self) -> None:
        """Finish the current citizen."""
        self._do("finish")

    def pause(self) -> None:
        """Pause the counter."""
        self._do("pause")

    def resume(self) -> None:
        """Open the counter again."""
        self._do("resume")

    def deposit(self, slot: int, dossier: str, phone: str) -> str:
        """Place a finished dossier in a result locker slot; return the floor's words
        (the citizen is texted a one-time code). Raise Refused, or ReplyUnknown."""
        got = self.client.exchange(
            "locker_deposit", reply="deposited", slot=slot, dossier=dossier, phone=phone
        )
        assert got is not None
        return str(got.data["text"])


def terminal(counter: CounterTerminal, ask: Callable[[str], str] = input) -> None:
    """Run the terminal: one letter per action, 'c A023' calls a number, 't FIELD' transfers."""
    help_text = ", ".join(f"{k}={v[1]}" for k, v in ACTIONS.items())
    print(f"{help_text}, c SỐ=gọi số, t LĨNH_VỰC=chuyển, g Ô MÃ_HỒ_SƠ SĐT=gửi ATM hồ sơ, q=thoát")
    while True:
        try:
            line = ask("> ").strip()
        except EOFError:
            return
        word, _, arg = line.partition(" ")
        try:
            if word == "q":
                return
            if word in ACTIONS:
                getattr(counter, ACTIONS[word][0])()
            elif word == "c" and arg:
                counter.call(arg.strip())
            elif word == "t" and arg:
                counter.transfer(arg.strip())
            elif word == "g" and len(parts := arg.split()) == 3 and parts[0].isdigit():
                print(counter.deposit(int(parts[0]), parts[1], parts[2]))
                continue
            else:
                print("?")
                continue
            print("ok")
        except Refused as exc:
            print(f"không được: {exc.detail}")
        except TimeoutError:
            print("chưa có trả lời của hệ thống: kiểm tra lại trước khi làm lại")
        except ValueError:
            print("mã hồ sơ, số ô hoặc số điện thoại không hợp lệ")
