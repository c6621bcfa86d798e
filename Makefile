# The README's two commands: `make run` and `make test`. Everything else is a helper.
BUILD_DIR ?= build
ASAN_DIR  ?= build-asan
PORT      ?= 8000
DATA_DIR  ?= ./cairn-data
PYTHON    ?= /usr/bin/python3

.PHONY: run test deps build unit integration asan format format-check clean bench

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

# ASan/UBSan build of the unit tests (CI runs it too).
asan: deps
	cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCAIRN_SANITIZE=ON -DCAIRN_BUILD_SERVER=OFF
	cmake --build $(ASAN_DIR) --target cairn_unit_tests
	$(ASAN_DIR)/cairn_unit_tests --gtest_brief=1

format:
	find src tests/unit -name '*.cc' -o -name '*.h' | xargs clang-format -i

format-check:
	find src tests/unit -name '*.cc' -o -name '*.h' | xargs clang-format --dry-run --Werror

bench: build
	./bench/run.sh

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR)
