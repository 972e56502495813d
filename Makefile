# SPDX-License-Identifier: ISC
# The entry points of the README: make (release build as build/finsam),
# make check (install what the tests need, sanitizer build, every test),
# make demo (install, build, demo database, demo report), make bench.
BUILD ?= build
CHECKBUILD ?= build-check
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DEMO_DB ?= demo.db

.PHONY: all deps check demo bench bench-http clean format

all: $(BUILD)/finsam

$(BUILD)/finsam: FORCE
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    -DFINSAM_TESTS=OFF >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

FORCE:

deps:
	@sh tools/install-deps

check: deps
	cmake -S . -B $(CHECKBUILD) -DCMAKE_BUILD_TYPE=Debug \
	    -DFINSAM_SANITIZE=ON -DFINSAM_TESTS=ON
	cmake --build $(CHECKBUILD) -j $(JOBS)
	cd $(CHECKBUILD) && ctest --output-on-failure -j $(JOBS)

demo: deps all
	@sh tools/demo $(BUILD)/finsam $(DEMO_DB)

bench: deps all
	@sh bench/import_report.sh $(BUILD)

# The HTTP server under wrk (bench/http.sh): report, static file,
# registrations, 1 000 000 participations, loopback only.
bench-http: all
	@sh bench/http.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(CHECKBUILD)
