#!/usr/bin/env bash
# The xfrm tests of loom_kernel_tests (tests/netns/xfrm_test.cpp) on a kernel with ESP, where
# the state part runs instead of being skipped.
#   xfrm_test.sh PATH-TO-loom_kernel_tests
set -euo pipefail
bin=${1:?loom_kernel_tests}
guest=$(mktemp /tmp/loom-xfrm-guest.XXXXXX)
trap 'rm -f "$guest"' EXIT
cat > "$guest" <<GUEST
#!/bin/bash
out=\$("$bin" --gtest_filter='Xfrm.*' 2>&1); rc=\$?
echo "\$out"
# A skip is a failure here: this kernel has ESP.
if echo "\$out" | grep -q "SKIPPED"; then exit 1; fi
exit \$rc
GUEST
chmod +x "$guest"
"$(dirname "$0")/run.sh" "$guest" "$bin"  # not exec: the trap removes $guest
