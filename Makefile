# Two commands: `make demo` and `make test`. Both set up what they need first.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test bench lint contract train setup system clean

demo: setup
	$(VENV)/bin/floor demo

test: setup system
	$(PY) -m pytest -q

bench: setup system
	$(PY) bench/floor_bench.py
	$(PY) bench/robots_bench.py
	$(PY) bench/speech_bench.py
	$(PY) bench/hostile_bench.py
	$(PY) bench/growth_bench.py
	$(PY) bench/simday_bench.py
	$(PY) bench/city_bench.py
	$(PY) bench/console_bench.py

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy floor devices robots sim speech

# Rebuild the speech corpus from its seeds and retrain the understanding model
# (speech/data/corpus.tsv, speech/data/model.npz); prints the evaluation. Seeded: reproducible.
train: setup
	$(PY) -m speech.training.train

# Regenerate the published contract (docs/contract/ and docs/protocol.md).
contract: setup
	$(VENV)/bin/floor contract export docs/contract
	cp docs/contract/protocol.md docs/protocol.md

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

# Debian packages the tests use: a real mosquitto broker, espeak-ng and sox for speech audio,
# Chromium for the console's browser tests (Playwright drives it; it downloads no browser).
# nats-server (2.9, JetStream and MQTT) runs the three-node city cluster of tests/test_city_cluster.py.
# postgresql: throwaway clusters (initdb + pg_ctl) for the city view's history in tests/test_city_view.py.
# fonts-nanum: Korean glyphs in the phone page's screenshots (docs/screenshots/phone-*.png).
DEBS := mosquitto espeak-ng sox chromium nats-server postgresql fonts-nanum
system:
	@missing=$$(for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
