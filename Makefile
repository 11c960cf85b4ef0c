# Gridledger developer entry points. Every target finds a JDK >= 21 itself (honouring JAVA_HOME).
SHELL := /bin/bash
JAVA_HOME := $(shell scripts/find-jdk)
ifeq ($(JAVA_HOME),)
$(error no JDK >= 21 found: install one and set JAVA_HOME)
endif
export JAVA_HOME
JAVA := $(JAVA_HOME)/bin/java
JAVA_OPTS ?= --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xss8m
# The node's heap: 192 MiB keeps the whole process (heap, RocksDB, threads) well under 512 MiB
# resident under load (docs/performance.md, "JSON-RPC load"); raise it for large states.
NODE_HEAP ?= -Xmx192m
NODE_JAVA_OPTS ?= $(NODE_HEAP) $(JAVA_OPTS)
# A BFT node's heap (make devnet, make bench-devnet): a 320 MiB young generation whose survivor spaces hold what a
# height's execution keeps live, so that it dies young instead of being promoted and collected by full collections;
# under load about 300 MiB more resident per node than NODE_HEAP, and less than half the GC pause time (decision 0025).
BFT_NODE_HEAP ?= -Xmx512m -Xmn320m
BFT_NODE_JAVA_OPTS ?= $(BFT_NODE_HEAP) $(JAVA_OPTS)
MVN := ./mvnw -B
# libsecp256k1 recovers transaction senders several times faster than Bouncy Castle; optional (a node falls back
# and says so on start), so a machine where it cannot be installed still builds and runs
ENSURE_SECP256K1 = @scripts/ensure-os-packages.sh libsecp256k1-1 || echo "note: libsecp256k1-1 not installed; nodes recover signatures with Bouncy Castle (slower)"
APP_JAR := ledger-node/app/target/gridledger.jar
BENCH_JAR := bench/target/benchmarks.jar
EXPLORER_JAR := explorer/target/explorer.jar
EXPLORER_PORT ?= 8080

SUITE ?= all
FIXTURES ?=
VECTOR ?=
TRACE ?=
BENCH ?= .
BENCH_ARGS ?= -f 1 -wi 2 -w 2s -i 3 -r 2s
ARGS ?=

.PHONY: run devnet devnet-stop explorer test test-faults test-containers conformance bench bench-load bench-devnet bench-scale bench-capacity bench-sync bench-explorer fmt clean build contracts genesis grid

## run: build and start the devnet in the foreground (gridledger dev; Ctrl-C stops it): make run [ARGS="--block-time 0"]
run: build
	$(JAVA) $(NODE_JAVA_OPTS) -jar $(APP_JAR) dev $(ARGS)

## devnet: build and start 4 BFT validators + 1 full node of genesis/devnet-bft.json on 127.0.0.1 in the
##         background (ports printed; logs, pids and data under target/devnet/; the chain continues across restarts)
devnet: build
	NODE_JAVA_OPTS="$(BFT_NODE_JAVA_OPTS)" scripts/devnet.sh start

## devnet-stop: stop the processes of make devnet (SIGTERM, then SIGKILL after 10 s); keeps target/devnet/
devnet-stop:
	scripts/devnet.sh stop

## explorer: build, start a devnet in the background and the explorer against it on http://127.0.0.1:$(EXPLORER_PORT)/
##           (Ctrl-C stops both; the devnet is new each time, so is the explorer database target/explorer.db)
explorer: build
	@mkdir -p target && rm -f target/explorer.db target/explorer.db-wal target/explorer.db-shm target/explorer-devnet.log
	@$(JAVA) $(JAVA_OPTS) -jar $(APP_JAR) dev --rpc-port 0 $(ARGS) > target/explorer-devnet.log 2>&1 & dev=$$!; \
	  trap 'kill $$dev 2>/dev/null; wait $$dev 2>/dev/null' EXIT INT TERM; \
	  for i in $$(seq 1 300); do url=$$(grep -o 'Listening on http://[^ ]*' target/explorer-devnet.log | head -1 | cut -d' ' -f3); \
	    [ -n "$$url" ] && break; kill -0 $$dev 2>/dev/null || { cat target/explorer-devnet.log; exit 1; }; sleep 0.2; done; \
	  echo "devnet at $$url (log: target/explorer-devnet.log)"; \
	  $(JAVA) $(JAVA_OPTS) -jar $(EXPLORER_JAR) --rpc $$url --db target/explorer.db --port $(EXPLORER_PORT)

## test: compile, check formatting and run every test module (unit, conformance vectors, fuzz regressions)
test:
	$(MVN) install

## test-faults: the long BFT fault suite on real processes (20 kill -9s under load, an equivocating validator
##              slashed, two validators killed at once, a frozen validator, 2/2 and 1/3 partitions; docs/consensus.md
##              "Fault testing") and the 10,000-block late join of a fresh full node (docs/network.md); about
##              10-13 minutes; .ci/run runs it after make test.
##              A seed is printed per run; replay it with ARGS="-Dgridledger.faults.seed=<seed>"
test-faults:
	$(MVN) -q -pl ledger-node/app -am test -Dtest='BftFaultsLongTest,LateJoinSyncProcessTest' \
	  -Dsurefire.failIfNoSpecifiedTests=false -Dgroups=faults,long -Dgridledger.excludedGroups=none \
	  -Dspotless.check.skip=true $(ARGS)

## test-containers: only the capacity node's real-runc container tests (root; installs runc/umoci/busybox-static if missing)
test-containers:
	$(MVN) -q -pl capacity-node -am verify -Dgroups=container -Dsurefire.failIfNoSpecifiedTests=false

## grid: build the grid CLI (client-sdk/target/grid.jar) and run it: make grid [ARGS="nodes find --cru 2"]
GRID_JAR := client-sdk/target/grid.jar
grid:
	$(MVN) -q -pl client-sdk -am package -DskipTests -Dspotless.check.skip=true
	$(JAVA) -jar $(GRID_JAR) $(if $(ARGS),$(ARGS),--help)

## conformance: run ethereum/tests vectors: make conformance [FIXTURES=<dir>] [SUITE=rlp|trie|transaction|state|blockchain|all]
##              [VECTOR=<name part>] [TRACE=1: EIP-3155 trace of the state vectors run, on stderr]
conformance: build
	$(JAVA) $(JAVA_OPTS) -jar $(APP_JAR) conformance --suite $(SUITE) \
	  $(if $(FIXTURES),--fixtures $(FIXTURES)) $(if $(VECTOR),--filter '$(VECTOR)') \
	  $(if $(TRACE),--trace) --report target/conformance/report.json

## bench: JMH micro-benchmarks with peer ratios: make bench [BENCH=<regex>] [BENCH_ARGS="..."]
bench:
	$(MVN) -q install -DskipTests -Dspotless.check.skip=true
	$(JAVA) $(JAVA_OPTS) -jar $(BENCH_JAR) $(BENCH_ARGS) -rf json -rff bench/target/jmh.json '$(BENCH)'
	$(JAVA) $(JAVA_OPTS) -cp $(BENCH_JAR) org.gridledger.bench.report.PeerRatios bench/target/jmh.json
	@[ -x contracts/node_modules/.bin/anvil ] || npm ci --prefix contracts --no-audit --no-fund
	$(JAVA) $(JAVA_OPTS) -cp $(BENCH_JAR) org.gridledger.bench.evm.EvmPeerComparison . 9

## bench-load: JSON-RPC load on gridledger dev and anvil (1 s blocks), native and ERC-20 transfers over HTTP and
##             WebSocket; writes bench/target/load-report.md: make bench-load [LOAD_ARGS="-Dgridledger.load.rates=150,300"]
LOAD_ARGS ?=
bench-load:
	$(MVN) -q -pl ledger-node/app,bench -am package -DskipTests -Dspotless.check.skip=true
	scripts/ensure-node-modules.sh contracts
	$(JAVA) $(JAVA_OPTS) -Dgridledger.load.nodeJvmArgs="$(NODE_JAVA_OPTS)" $(LOAD_ARGS) \
	  -cp $(BENCH_JAR) org.gridledger.bench.load.LoadBenchmark .

## bench-sync: a fresh full node's catch-up with a 4-validator devnet (real processes) over N final blocks (default
##             10,000, every 4th with 10 transfers): multi-peer, single peer and `gridledger import` of the same chain;
##             writes target/bench-sync/report.md: make bench-sync [SYNC_ARGS="-Dgridledger.sync.blocks=2000"]
SYNC_ARGS ?=
bench-sync:
	$(MVN) -q -pl ledger-node/app,bench -am package -DskipTests -Dspotless.check.skip=true
	$(JAVA) $(JAVA_OPTS) $(SYNC_ARGS) -cp $(BENCH_JAR) org.gridledger.bench.sync.SyncBenchmark .

## bench-devnet: the BFT devnet (4 validators + 1 full node, real processes) and a single gridledger dev node on the
##               same bench genesis under signed-transfer and node-contract load over JSON-RPC: sustained tx/s in
##               finalized blocks, finality p50/p99, per-node CPU and RSS; writes target/bench-devnet/report.md
##               (about 45 minutes): make bench-devnet [DEVNET_ARGS="-Dgridledger.devnet.transferRates=500,1000"]
DEVNET_ARGS ?=
# The bench's node JVMs (the five devnet nodes, then the dev peer) keep the default JIT and collect with the serial
# GC, and every workload starts with an 8-minute warm-up that is not measured (-Dgridledger.devnet.warmUpSeconds=0 for
# none): the figures are a running node's, after C2 has compiled the hot code (five JVMs compiling on two cores
# take minutes; docs/performance.md). Cold JVMs do better with C1 only:
# BENCH_DEVNET_JAVA_OPTS='$$(BFT_NODE_JAVA_OPTS) -XX:+UseSerialGC -XX:TieredStopAtLevel=1' (docs/performance.md).
# Until 2026-11-28 the nodes had NODE_HEAP; BENCH_DEVNET_JAVA_OPTS='$$(NODE_JAVA_OPTS) -XX:+UseSerialGC' runs them so.
BENCH_DEVNET_JAVA_OPTS ?= $(BFT_NODE_JAVA_OPTS) -XX:+UseSerialGC
bench-devnet:
	$(MVN) -q -pl ledger-node/app,bench -am package -DskipTests -Dspotless.check.skip=true
	$(ENSURE_SECP256K1)
	$(JAVA) $(JAVA_OPTS) -Dgridledger.devnet.nodeJvmArgs="$(BENCH_DEVNET_JAVA_OPTS)" $(DEVNET_ARGS) \
	  -cp $(BENCH_JAR) org.gridledger.bench.devnet.DevnetBenchmark .

## bench-capacity: the capacity node agent's RSS with 0 and 20 workloads and the noisy-neighbour latency, with real
##                 runc containers (root; about 10 minutes): make bench-capacity [CAPACITY_ARGS="-Dgridledger.capacity.parts=rss"]
CAPACITY_ARGS ?=
bench-capacity:
	$(MVN) -q -pl ledger-node/app,capacity-node,bench -am package -DskipTests -Dspotless.check.skip=true
	scripts/ensure-os-packages.sh runc busybox-static
	$(JAVA) $(CAPACITY_ARGS) -cp $(BENCH_JAR) org.gridledger.bench.capacity.CapacityBenchmark .

## contracts: recompile contracts/solidity with the pinned solc-js into contracts/build/ (commit the result)
contracts:
	scripts/ensure-node-modules.sh contracts
	cd contracts && node scripts/compile.mjs

## genesis: rebuild genesis/devnet.json, testnet.json and devnet-bft.json from their YAML configs (commit the result)
genesis: build
	$(JAVA) $(JAVA_OPTS) -jar $(APP_JAR) genesis build --config genesis/devnet.yaml --out genesis/devnet.json
	$(JAVA) $(JAVA_OPTS) -jar $(APP_JAR) genesis build --config genesis/testnet.yaml --out genesis/testnet.json
	$(JAVA) $(JAVA_OPTS) -jar $(APP_JAR) genesis build --config genesis/devnet-bft.yaml --out genesis/devnet-bft.json

## bench-scale: gas and latency of reservation operations at 10^2 and 10^5 nodes, on anvil and on gridledger dev (SIZES=100,100000 REPS=10)
SIZES ?= 100,100000
REPS ?= 10
bench-scale:
	$(MVN) -q -pl contracts -am package -Dspotless.check.skip=true -Dtest=ScaleBenchmark \
	  -Dsurefire.failIfNoSpecifiedTests=false -Dgridledger.excludedGroups=none \
	  -Dgridledger.scale.sizes=$(SIZES) -Dgridledger.scale.repetitions=$(REPS) \
	  -Dgridledger.scale.reportDir=$(CURDIR)/target
	cat target/scale-report-anvil.md target/scale-report-gridledger.md

## bench-explorer: the explorer at 10^5 nodes and 10^5 contracts: seeding, indexing rate, /api/nodes p99, page load
##                 (docs/performance.md). The synthetic genesis and the node's event chain are cached in
##                 target/explorer-bench/ (delete it to rebuild; the genesis build takes about 8 minutes)
EXPLORER_BENCH_DIR := $(CURDIR)/target/explorer-bench
EXPLORER_BENCH_ARGS ?=
bench-explorer:
	$(MVN) -q -pl ledger-node/app -am package -DskipTests -Dspotless.check.skip=true
	@mkdir -p $(EXPLORER_BENCH_DIR)
	@if [ ! -f $(EXPLORER_BENCH_DIR)/synthetic.json ]; then \
	  sed -e "s/^  timestamp: 0/  timestamp: $$(date +%s)/" -e "s/^  gasLimit: 30000000/  gasLimit: 1000000000/" \
	    genesis/devnet.yaml > $(EXPLORER_BENCH_DIR)/grid.yaml && \
	  $(JAVA) -Xmx512m $(JAVA_OPTS) -jar $(APP_JAR) genesis build --config $(EXPLORER_BENCH_DIR)/grid.yaml \
	    --out $(EXPLORER_BENCH_DIR)/synthetic.json.tmp --synthetic-farms 100 --synthetic-nodes 100000 \
	    --synthetic-contracts 100000 && mv $(EXPLORER_BENCH_DIR)/synthetic.json.tmp $(EXPLORER_BENCH_DIR)/synthetic.json; \
	fi
	$(MVN) -q -pl explorer -am test -Dtest=ExplorerBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dgridledger.excludedGroups=none -Dspotless.check.skip=true \
	  -Dgridledger.explorer.bench.dir=$(EXPLORER_BENCH_DIR) $(EXPLORER_BENCH_ARGS)
	cat $(EXPLORER_BENCH_DIR)/report.md

## fmt: apply the formatter (google-java-format through Spotless)
fmt:
	$(MVN) -q spotless:apply

## clean: remove build output
clean:
	$(MVN) -q clean
	rm -rf target

build:
	$(MVN) -q install -DskipTests -Dspotless.check.skip=true
	$(ENSURE_SECP256K1)
