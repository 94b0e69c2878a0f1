# kmembench - memory-cgroup kmem accounting overhead benchmark.
#   make            build build/kmembench and build/workloads/*
#   make test       sanitizer build (ASan/UBSan) + unit and integration tests
#   make bench      install missing packages, build, run PROFILE, print the table
#   make static     static binaries for QEMU guests (build/static/); without kmembench-micro
#                   (Debian ships no static libbenchmark.a: guests get the dynamic one)
#   make bench-fs   profiles/fs.ini on fresh ext4, xfs and btrfs (one result set each)
#   make crosscheck hyperfine over `kmembench exec` against kmembench run, same commands and steps
#   make report     REPORT.md + plots/limit-vs-sys.png from results/*/ (or RESULTS='DIR...')
#   make plot       plots/limit-vs-sys.png only
#   make kernel-check  do the kernel-patches/ series still apply to linux-source? (dry run)
#   make clean

.DEFAULT_GOAL := all
BUILD   ?= build
PROFILE ?= profiles/default.ini
CC      ?= cc
CXX     ?= g++
SAN     ?= 0

WORKLOADS := dentry-walk inode-storm negdent-storm cgroup-churn limit-shrink enomem-walk fio-meta

CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -MMD -MP
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++17 -D_GNU_SOURCE -Wall -Wextra -Werror -MMD -MP -Iworkloads/micro
LDLIBS  := -ljansson -lgsl -lgslcblas -linih -lz -llzma -lm
ifeq ($(SAN),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
CXXFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif
ifeq ($(STATIC),1)
LDFLAGS += -static
endif

# Layers, bottom first (README "Where the code lives", docs/layout.md). Each is a folder
# built into its own static library and compiled with the include paths of itself and the
# layers below only, so an include of a higher layer's header does not compile.
LAYERS     := lib wllib micro wl core parse cgroup measure analysis cli
DIR_lib      := lib
DIR_wllib    := workloads/lib
DIR_micro    := workloads/micro
DIR_wl       := workloads
DIR_core     := harness
DIR_parse    := harness/parse
DIR_cgroup   := harness/cgroup
DIR_measure  := harness/measure
DIR_analysis := harness/analysis
DIR_cli      := harness/cli
# INC_<layer>: -I of every layer up to and including it.
$(foreach l,$(LAYERS),$(eval INC_$(l) := $(INC_$(prev)) -I$(DIR_$(l)))$(eval prev := $(l)))
# Programs, not library members: the kmb-drop-caches helper and the CLI's main.
NOT_LIB    := workloads/drop_caches.c harness/cli/main.c
SRCS_OF     = $(filter-out $(NOT_LIB),$(wildcard $(DIR_$(1))/*.c))
LIB_OF      = $(BUILD)/lib/libkmb-$(1).a
$(foreach l,$(LAYERS),$(eval $(BUILD)/obj/$(DIR_$(l))/%.o: INC := $(INC_$(l))))
$(foreach l,$(LAYERS),$(eval $(BUILD)/obj/standalone/$(DIR_$(l))/%.o: INC := $(INC_$(l))))
$(foreach l,$(LAYERS),$(eval $(call LIB_OF,$(l)): $(patsubst %.c,$(BUILD)/obj/%.o,$(call SRCS_OF,$(l)))))
$(BUILD)/obj/tests/%.o: INC := $(INC_cli) -Iscripts/vm
$(BUILD)/obj/scripts/vm/%.o: INC := -Iscripts/vm
# Link order: top layer first.
ALL_LIBS   := $(foreach l,cli analysis measure cgroup parse core wl micro wllib lib,$(call LIB_OF,$(l)))
WL_LIBS    := $(foreach l,wl micro wllib lib,$(call LIB_OF,$(l)))
wl_file  = workloads/$(subst -,_,$(1)).c
WL_BINS  := $(WORKLOADS:%=$(BUILD)/workloads/%)
# fio-meta's job files and its cache-drop helper: beside the workload programs, where it
# looks for them.
FIO_FILES := $(patsubst workloads/fio/%,$(BUILD)/workloads/fio/%,$(wildcard workloads/fio/*.fio)) \
	     $(BUILD)/workloads/kmb-drop-caches
# The Google Benchmark shim of `kmembench micro`: a separate C++ program, so kmembench stays C.
# Debian has no static libbenchmark.a: a static build leaves it out.
MICRO_BIN := $(if $(filter 1,$(STATIC)),,$(BUILD)/workloads/kmembench-micro)
UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
INTEG_SRCS := $(wildcard tests/integration/test_*.c)
INTEG_BINS := $(INTEG_SRCS:tests/integration/%.c=$(BUILD)/tests/%)
HELPER_SRCS := $(wildcard tests/helpers/*.c)
HELPER_BINS := $(HELPER_SRCS:tests/helpers/%.c=$(BUILD)/tests/helpers/%)

.PHONY: ab kloop vmlog all test unit integration bench bench-walker crosscheck bench-fs static clean deps format report plot bench-vm kernel kernel-check
all: $(BUILD)/kmembench $(WL_BINS) $(FIO_FILES) $(MICRO_BIN)

vmlog: $(BUILD)/vm/vmlog

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC) -c -o $@ $<

$(BUILD)/lib/%.a:
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

# Standalone workload programs: the same source compiled with WL_STANDALONE.
$(BUILD)/obj/standalone/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC) -DWL_STANDALONE -c -o $@ $<

# build/workloads/NAME: its own file compiled standalone + the workload layers' libraries
# (its plain object in libkmb-wl.a is never pulled: the standalone one defines its symbols).
define wl_rule
$(BUILD)/workloads/$(1): $(BUILD)/obj/standalone/$(basename $(call wl_file,$(1))).o $(WL_LIBS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(LDLIBS)
endef
$(foreach w,$(WORKLOADS),$(eval $(call wl_rule,$(w))))

$(BUILD)/workloads/fio/%.fio: workloads/fio/%.fio
	@mkdir -p $(dir $@)
	cp $< $@

$(BUILD)/workloads/kmb-drop-caches: $(BUILD)/obj/workloads/drop_caches.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^

$(BUILD)/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -c -o $@ $<

$(BUILD)/workloads/kmembench-micro: $(BUILD)/obj/workloads/micro/micro_gbench.o $(call LIB_OF,micro)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ -lbenchmark -lpthread

$(BUILD)/kmembench: $(BUILD)/obj/harness/cli/main.o $(ALL_LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The VM console reader (scripts/vm/): a host-side tool, never linked into kmembench.
VMLOG_OBJ := $(BUILD)/obj/scripts/vm/vmlog.o
$(BUILD)/vm/vmlog: $(BUILD)/obj/scripts/vm/vmlog_main.o $(VMLOG_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^

$(BUILD)/tests/test_vmlog: $(BUILD)/obj/tests/unit/test_vmlog.o $(VMLOG_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -lcmocka

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

$(BUILD)/tests/%: $(BUILD)/obj/tests/integration/%.o $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

$(BUILD)/tests/helpers/%: tests/helpers/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

# --- tests: everything rebuilt with ASan/UBSan in build/test ---------------
test:
	$(MAKE) BUILD=build/test SAN=1 all test-bins
	tests/run-tests.sh build/test

.PHONY: test-bins
test-bins: $(UNIT_BINS) $(INTEG_BINS) $(HELPER_BINS) $(BUILD)/vm/vmlog

# --- benchmarks ------------------------------------------------------------
deps:
	scripts/install-deps.sh

bench: deps
	$(MAKE) all
	scripts/bench.sh $(PROFILE)

# dentry-walk vs du -s vs find -xdev on one tree, caches dropped before each run (root).
bench-walker: $(BUILD)/workloads/dentry-walk
	scripts/bench-walker.sh -n $(or $(REPS),5) -b $(BUILD)/workloads/dentry-walk

static:
	$(MAKE) BUILD=build/static STATIC=1 all
	@echo "make static: built without kmembench-micro (no static libbenchmark.a in Debian);" \
	      "VM guests get the dynamic $(BUILD)/workloads/kmembench-micro and its libraries"

# profiles/fs.ini on fresh ext4, xfs and btrfs loop filesystems: one result set each
bench-fs: deps
	$(MAKE) all
	scripts/bench-fs.sh

# hyperfine (over `kmembench exec`) against kmembench's own trials: results/<date>-<kernel>-crosscheck/
crosscheck: deps
	$(MAKE) all
	scripts/crosscheck.sh $(if $(RUNS),-n $(RUNS))

# --- analysis: REPORT.md and plots from committed result sets ---------------
# RESULTS: result set directories (default: every results/*/ with a run.json, native
# first, then the A/B group folders results/*/ with a manifest.json).
RESULTS_ALL := $(sort $(wildcard results/*/run.json))
RESULTS ?= $(shell for f in $(RESULTS_ALL); do grep -q '"virt": *"tcg"' $$f || echo $${f%/run.json}; done; \
		   for f in $(RESULTS_ALL); do grep -q '"virt": *"tcg"' $$f && echo $${f%/run.json}; done) \
	   $(patsubst %/manifest.json,%,$(sort $(wildcard results/*/manifest.json)))
need_results = @test -n "$(strip $(RESULTS))" || { echo "make $@: no result sets (results/*/run.json); pass RESULTS='DIR...'" >&2; exit 2; }

report: $(BUILD)/kmembench
	$(need_results)
	$(BUILD)/kmembench report -o REPORT.md $(if $(REPORT_BASE),--base $(REPORT_BASE)) $(RESULTS)

plot: $(BUILD)/kmembench
	$(need_results)
	$(BUILD)/kmembench plot -o plots/limit-vs-sys.png $(foreach d,$(RESULTS),$(if $(wildcard $(d)/manifest.json),,$(d)))

# --- other kernels under QEMU (scripts/vm/, docs/vm.md) ------------------
# make bench-vm KERNELS="6.1 6.12" [PROFILE=...] [CMDLINE=...] [CGROUP=v1|v2]
#               [VM_MEM=2G] [VM_CPUS=2] [VIRT=auto|kvm|tcg] [LABEL=...] [PERF=1]
# (PERF=1: perf in the guest; automatic when the profile's [suite] sets perf or caches)
KERNELS ?= 6.1 6.12
VM_PROFILE = $(if $(filter file,$(origin PROFILE)),profiles/vm.ini,$(PROFILE))
# A profile with [micro] also needs the dynamic shim (shipped with its shared libraries).
bench-vm: static
	if grep -q '^\[micro\]' "$(VM_PROFILE)"; then $(MAKE) $(BUILD)/workloads/kmembench-micro; fi
	PROFILE="$(VM_PROFILE)" MICRO_BIN="$(BUILD)/workloads/kmembench-micro" scripts/vm/run.sh $(KERNELS)

# make ab A=KERNEL B=KERNEL [BOOTS=3] [PROFILE=profiles/vm-micro.ini] [LABEL=...]: boot A
# and B alternately (ABBA), the profile's [micro] on every boot, one group folder
# results/DATE-ab-LABEL/ with manifest.json; `kmembench compare GROUP` gives the verdict.
ab: static
	$(MAKE) $(BUILD)/workloads/kmembench-micro
	MICRO_BIN="$(BUILD)/workloads/kmembench-micro" BOOTS=$(or $(BOOTS),3) \
	  PROFILE="$(if $(filter file,$(origin PROFILE)),profiles/vm-micro.ini,$(PROFILE))" \
	  scripts/vm/ab.sh $(if $(LABEL),-l $(LABEL)) "$(A)" "$(B)"

# make kloop KERNEL=6.12|6.1|linux-image-...|build/kernel/NAME/bzImage: the in-kernel loop
# module for that guest kernel in build/kloop/RELEASE/ (make bench-vm builds it itself
# when the profile's [micro] ops name k: ops; docs/kloop.md)
kloop:
	@test -n "$(KERNEL)" || { echo "make kloop: needs KERNEL=6.1|6.12|linux-image-...|PATH/bzImage" >&2; exit 2; }
	scripts/kloop/build.sh "$$(scripts/vm/fetch-kernel.sh $(KERNEL) | tail -n 1)"

# make kernel SERIES=kernel-patches/NAME [SEED=kernel-patches/example]: build a test kernel
# (kernel-patches/README.md); SEED: start from that series' built tree (incremental)
kernel:
	SEED="$(SEED)" scripts/kernel/build.sh $(SERIES)

# make kernel-check [SERIES=kernel-patches/NAME]: does every series (or SERIES) still
# apply to its linux-source? patch --dry-run, nothing built (kernel-patches/README.md)
kernel-check:
	scripts/kernel/check.sh $(SERIES)

format:
	clang-format -i $(foreach l,$(LAYERS),$(wildcard $(DIR_$(l))/*.[ch])) workloads/micro/*.cc scripts/vm/*.[ch] tests/*/*.c

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
