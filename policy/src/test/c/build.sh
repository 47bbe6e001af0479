#!/usr/bin/env bash
# Compiles policy/src/test/c/reference.c (the clang reference for the policy tests) with
# clang -O2 -g -target bpf. The policy module's Maven build runs this; without clang it keeps
# the committed .o and says so.
#
#   policy/src/test/c/build.sh            # into policy/target/test-classes (what Maven does)
#   policy/src/test/c/build.sh --update   # refresh the committed copy in src/test/resources
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
module=$(cd "$here/../../.." && pwd)
out=$module/target/test-classes/io/jnetkit/policy
[ "${1:-}" = "--update" ] && out=$module/src/test/resources/io/jnetkit/policy
cc=${CLANG:-}
if [ -z "$cc" ]; then
  for c in clang clang-21 clang-20 clang-19 clang-18 clang-17 clang-16 clang-15 clang-14; do
    if command -v "$c" >/dev/null 2>&1; then cc=$c; break; fi
  done
fi
if [ -z "$cc" ]; then
  echo "jnetkit: clang not found: using the committed reference.o" >&2
  exit 0
fi
multiarch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
mkdir -p "$out"
"$cc" -O2 -g -target bpf -Wall -I"/usr/include/$multiarch" -c "$here/reference.c" -o "$out/reference.o"
echo "jnetkit: compiled policy/src/test/c/reference.c with $("$cc" --version | head -n1)" >&2
