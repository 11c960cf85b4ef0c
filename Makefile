# Gridledger developer entry points. Every target finds a JDK >= 21 itself (honouring JAVA_HOME).
SHELL := /bin/bash
JAVA_HOME := $(shell scripts/find-jdk)
ifeq ($(JAVA_HOME),)
$(error no JDK >= 21 found: install one and set JAVA_HOME)
endif
export JAVA_HOME
JAVA := $(JAVA_HOME)/bin/java
JAVA_OPTS ?= --enable-native-access=ALL-UNNAMED -Xss8m
MVN := ./mvnw -B
APP_JAR := ledger-node/app/target/gridledger.jar
BENCH_JAR := bench/target/benchmarks.jar

SUITE ?= all
FIXTURES ?=
BENCH ?= .
BENCH_ARGS ?= -f 1 -wi 2 -w 2s -i 3 -r 2s
ARGS ?=

.PHONY: run test conformance bench fmt clean build

## run: build and start the devnet in the foreground (gridledger dev; Ctrl-C stops it): make run [ARGS="--block-time 0"]
run: build
	$(JAVA) $(JAVA_OPTS) -jar $(APP_JAR) dev $(ARGS)

## test: compile, check formatting and run every test module (unit, conformance vectors, fuzz regressions)
test:
	$(MVN) install

## conformance: run ethereum/tests vectors: make conformance [FIXTURES=<dir>] [SUITE=rlp|trie|transaction|state|blockchain|all]
conformance: build
	$(JAVA) $(JAVA_OPTS) -jar $(APP_JAR) conformance --suite $(SUITE) \
	  $(if $(FIXTURES),--fixtures $(FIXTURES)) --report target/conformance/report.json

## bench: JMH micro-benchmarks with peer ratios: make bench [BENCH=<regex>] [BENCH_ARGS="..."]
bench:
	$(MVN) -q install -DskipTests -Dspotless.check.skip=true
	$(JAVA) $(JAVA_OPTS) -jar $(BENCH_JAR) $(BENCH_ARGS) -rf json -rff bench/target/jmh.json '$(BENCH)'
	$(JAVA) $(JAVA_OPTS) -cp $(BENCH_JAR) org.gridledger.bench.report.PeerRatios bench/target/jmh.json
	@[ -x bench/peer/node_modules/.bin/anvil ] || npm ci --prefix bench/peer --no-audit --no-fund
	$(JAVA) $(JAVA_OPTS) -cp $(BENCH_JAR) org.gridledger.bench.evm.EvmPeerComparison . 9

## fmt: apply the formatter (google-java-format through Spotless)
fmt:
	$(MVN) -q spotless:apply

## clean: remove build output
clean:
	$(MVN) -q clean
	rm -rf target

build:
	$(MVN) -q install -DskipTests -Dspotless.check.skip=true
