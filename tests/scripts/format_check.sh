#!/usr/bin/env bash
# Every C++ source of the project is as clang-format (.clang-format at the top) writes it.
# Usage: format_check.sh SOURCE_DIR
set -euo pipefail
cd "${1:?source dir}"
bad=()
while IFS= read -r -d '' f; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done < <(find engine app ui tests bench \( -name '*.cpp' -o -name '*.h' \) -print0 | sort -z)
if [ ${#bad[@]} -gt 0 ]; then
  echo "not clang-formatted (clang-format -i FILE):" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "PASS"
