# SPDX-License-Identifier: GPL-2.0
# lkst: the LKST patch series for Debian 12's linux-source-6.1, its tools
# and its tests.
#
#   make try     fetch the Debian source, apply the series, build a test
#                kernel, boot it under QEMU and show a real trace
#   make check   run the whole test suite; ends with "N passed, M failed"
#   make bench   hook overhead in guest instructions, LKST=y against LKST=n
#   make tools   build the lkst tool (tools/, into build/tools)

.PHONY: try check bench tools clean

try:
	scripts/try.sh

check:
	scripts/check.sh

bench:
	scripts/bench.sh

tools:
	$(MAKE) -C tools O=$(CURDIR)/build/tools

clean:
	rm -rf build
