"""Home Assistant MQTT discovery: the configs it reads, and their templates on real state."""

from __future__ import annotations

import json
import time

import jinja2

from devices.homeassistant import HaDiscoveryConfig
from devices.kiosk import Kiosk
from devices.mosquitto import Mosquitto


def render(template: str, payload: dict) -> str:  # type: ignore[type-arg]
    """Render a value template as Home Assistant does (Jinja2, `value_json` bound)."""
    return jinja2.Environment().from_string(template).render(value_json=payload).strip()


def test_discovery_configs_read_the_retained_state(mosquitto: Mosquitto, floor_on) -> None:  # type: ignore[no-untyped-def]
    floor = floor_on(mosquitto.url, ha_discovery=True)
    with floor.device("ha") as ha, floor.device("kiosk-1", as_device=True) as kiosk:
        Kiosk(kiosk, b"s").request("ket_hon")
        Kiosk(kiosk, b"s").request("khai_tu")
        ha.listen("homeassistant/#")
        configs: dict[str, HaDiscoveryConfig] = {}
        deadline = time.monotonic() + 5
        while len(configs) < 6 + len(floor.config.devices):
            assert time.monotonic() < deadline, sorted(configs)
            got = ha.wait_for(lambda m: m.kind == "ha_discovery", 5)
            configs[got.topic] = HaDiscoveryConfig.model_validate(got.data)
        node = f"floor_{floor.config.center.id}"
        waiting = configs[f"homeassistant/sensor/{node}/waiting_ho_tich/config"]
        online = configs[f"homeassistant/binary_sensor/{node}/online_kiosk_1/config"]
        offline = configs[f"homeassistant/binary_sensor/{node}/online_display_1/config"]
        states = {}
        for entity in (waiting, online):
            ha.listen(entity.state_topic)
            ha.listen(entity.availability_topic)
        deadline = time.monotonic() + 5
        while True:
            got = ha.wait_for(lambda m: m.kind in ("state", "orchestrator_status"), 5)
            states[got.topic] = got.data
            queues = states.get(waiting.state_topic, {}).get("queues", [])
            if sum(q["waiting"] for q in queues) == 2 and online.state_topic in states:
                devices = states[online.state_topic]["devices"]
                if any(d["id"] == "kiosk-1" and d["online"] for d in devices):
                    break
            assert time.monotonic() < deadline, states
    assert render(waiting.value_template, states[waiting.state_topic]) == "2"
    assert render(online.value_template, states[online.state_topic]) == "ON"
    assert render(offline.value_template, states[offline.state_topic]) == "OFF"
    status = states[waiting.availability_topic]
    assert render(waiting.availability_template, status) == "online"
    assert "null" not in json.dumps(waiting.model_dump(exclude_none=True))
    assert waiting.name == "Tư pháp – Hộ tịch: người đang chờ"
