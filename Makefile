# The README's two commands: `make run` and `make test`. Everything else is a helper.
BUILD_DIR ?= build
ASAN_DIR  ?= build-asan
FUZZ_DIR  ?= build-fuzz
FUZZ_SECONDS ?= 30
PORT      ?= 8000
DATA_DIR  ?= ./cairn-data
PYTHON    ?= /usr/bin/python3

.PHONY: run test deps build unit integration asan asan-integration fuzz crash-loop format format-check clean bench bench-auth bench-tls bench-encryption bench-pitr bench-export-import

deps:
	@./scripts/install-deps

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR)

run: build
	$(BUILD_DIR)/cairn serve --port $(PORT) --data-dir $(DATA_DIR)

unit: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j2

integration: build
	CAIRN_BINARY=$(abspath $(BUILD_DIR))/cairn $(PYTHON) -m pytest tests/integration -q -p no:cacheprovider --timeout 300

test: unit integration

# ASan/UBSan build of the unit tests and the server (CI runs both).
asan: deps
	cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCAIRN_SANITIZE=ON -DCAIRN_HEADER_CHECK=OFF
	cmake --build $(ASAN_DIR) --target cairn_unit_tests cairn
	$(ASAN_DIR)/cairn_unit_tests --gtest_brief=1

# The integration tests against the ASan/UBSan server (but those that measure the
# server's memory, which the sanitizers' own memory would swamp).
asan-integration: asan
	ASAN_OPTIONS=abort_on_error=1:detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	CAIRN_BINARY=$(abspath $(ASAN_DIR))/cairn $(PYTHON) -m pytest tests/integration -q -p no:cacheprovider \
	  --timeout 600 --ignore=tests/integration/test_memory_bounds.py

# libFuzzer targets (tests/fuzz/) under ASan/UBSan, built with clang, each run FUZZ_SECONDS.
fuzz: deps
	CXX=clang++ cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCAIRN_FUZZ=ON
	cmake --build $(FUZZ_DIR)
	./scripts/run-fuzzers $(FUZZ_DIR) $(FUZZ_SECONDS)

# kill -9 under mixed load, every acknowledged write checked after each restart.
crash-loop: build
	CAIRN_BINARY=$(abspath $(BUILD_DIR))/cairn CAIRN_CRASH_ROUNDS=$(or $(ROUNDS),20) \
	  $(PYTHON) -m pytest tests/integration/test_crash_loop.py -q -p no:cacheprovider --timeout 3600

format:
	find src tests/unit tests/fuzz -name '*.cc' -o -name '*.h' | xargs clang-format -i

format-check:
	find src tests/unit tests/fuzz -name '*.cc' -o -name '*.h' | xargs clang-format --dry-run --Werror

bench: build
	./bench/run.sh

bench-auth: build
	./bench/auth.sh

bench-tls: build
	./bench/tls.sh

bench-encryption: build
	./bench/encryption.sh

bench-pitr: build
	./bench/pitr.sh

# Export, import and restore throughput on ITEMS items of ~1 KB (default 200000), with a
# check that an exported and re-imported table is identical; ITEMS=1000000 for ~1 GB.
bench-export-import: build
	CAIRN=$(abspath $(BUILD_DIR))/cairn $(PYTHON) bench/export_import.py $(or $(ITEMS),200000)

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(FUZZ_DIR)
