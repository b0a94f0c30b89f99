"""Devices on the floor: the MQTT wire contract, the bus and the gateway."""
