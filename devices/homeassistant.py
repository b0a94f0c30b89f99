"""Home Assistant MQTT discovery: a center running Home Assistant sees its floor.

Retained configs (opt-in, `FLOOR_HA_DISCOVERY=true`) describe, on top of the
retained floor state that already exists, a sensor per field (people waiting)
and a connectivity sensor per registered device. Nothing new is published
per change: Home Assistant reads `state/queues` and `state/devices`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from devices import topics
from devices.codec import encode
from devices.gateway import Publication
from floor.core.catalog import Catalog, CenterConfig


class HaDevice(BaseModel):
    """The Home Assistant device the sensors belong to: the center's floor."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    identifiers: list[str]
    name: str
    manufacturer: str
    model: str


class HaDiscoveryConfig(BaseModel):
    """One entity's discovery config, as Home Assistant's MQTT integration reads it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    unique_id: str
    state_topic: str
    value_template: str
    availability_topic: str
    availability_template: str
    device: HaDevice
    unit_of_measurement: str | None = None
    state_class: str | None = None
    device_class: str | None = None
    payload_on: str | None = None
    payload_off: str | None = None


def node_id(center: str) -> str:
    """Return the discovery node id of a center (one per center)."""
    return f"floor_{center.replace('-', '_')}"


def discovery(config: CenterConfig, catalog: Catalog) -> list[Publication]:
    """Return every retained discovery config of a center."""
    center = config.center.id
    node = node_id(center)
    device = HaDevice(
        identifiers=[node],
        name=config.center.name,
        manufacturer="floor",
        model="floor orchestrator",
    )
    common = {
        "availability_topic": topics.ORCHESTRATOR_STATUS.topic(center=center),
        "availability_template": "{{ 'online' if value_json.online else 'offline' }}",
        "device": device,
    }
    out: list[Publication] = []
    queues = topics.STATE.topic(center=center, name="queues")
    for field in catalog.fields:
        entity = HaDiscoveryConfig(
            name=f"{field.name.vi}: người đang chờ",
            unique_id=f"{node}_waiting_{field.id}",
            state_topic=queues,
            value_template=(
                "{{ (value_json.queues | selectattr('field', 'equalto', '"
                + field.id
                + "') | first).waiting }}"
            ),
            unit_of_measurement="người",
            state_class="measurement",
            **common,  # type: ignore[arg-type]
        )
        out.append(_config("sensor", node, f"waiting_{field.id}", entity))
    devices = topics.STATE.topic(center=center, name="devices")
    for spec in config.devices:
        entity = HaDiscoveryConfig(
            name=f"{spec.id}: kết nối",
            unique_id=f"{node}_online_{spec.id.replace('-', '_')}",
            state_topic=devices,
            value_template=(
                "{{ 'ON' if (value_json.devices | selectattr('id', 'equalto', '"
                + spec.id
                + "') | first).online else 'OFF' }}"
            ),
            device_class="connectivity",
            payload_on="ON",
            payload_off="OFF",
            **common,  # type: ignore[arg-type]
        )
        out.append(_config("binary_sensor", node, f"online_{spec.id.replace('-', '_')}", entity))
    return out


def _config(component: str, node: str, object_id: str, entity: HaDiscoveryConfig) -> Publication:
    topic = topics.HA_DISCOVERY.topic(component=component, node_id=node, object_id=object_id)
    payload = encode(entity, drop_none=True)  # Home Assistant wants absent, not null
    return Publication(topic, payload, topics.HA_DISCOVERY.qos, topics.HA_DISCOVERY.retain)
