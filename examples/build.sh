#!/usr/bin/env bash
# Compiles the eBPF C sources — examples/*.c and the ELF loader's test fixtures
# (elf/src/test/c/*.c, elf/src/test/c/selftest/*.c, elf/src/test/c/bad/*.c that must fail to read;
# elf/src/test/c/linked/*.c linked into one object with bpftool gen object; elf/src/test/c/vmlinux/*.c
# against a vmlinux.h generated into elf/target/vmlinux-h) — with clang -O2 -g -target bpf. The elf module's Maven build runs this;
# without clang it keeps the committed .o files and says so.
#
#   examples/build.sh                 # into elf/target/{classes,test-classes} (what Maven does)
#   examples/build.sh --update        # refresh the committed copies in elf/src/{main,test}/resources
#   CLANG=clang-19 examples/build.sh  # pick a compiler
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
main_out=$root/elf/target/classes/io/jnetkit/elf/examples
test_out=$root/elf/target/test-classes/io/jnetkit/elf/fixtures
selftest_out=$root/elf/target/test-classes/io/jnetkit/elf/selftest
if [ "${1:-}" = "--update" ]; then
  main_out=$root/elf/src/main/resources/io/jnetkit/elf/examples
  test_out=$root/elf/src/test/resources/io/jnetkit/elf/fixtures
  selftest_out=$root/elf/src/test/resources/io/jnetkit/elf/selftest
fi

cc=${CLANG:-}
if [ -z "$cc" ]; then
  for c in clang clang-21 clang-20 clang-19 clang-18 clang-17 clang-16 clang-15 clang-14; do
    if command -v "$c" >/dev/null 2>&1; then cc=$c; break; fi
  done
fi
if [ -z "$cc" ]; then
  echo "jnetkit: clang not found: using the committed .o files (bin/setup installs clang)" >&2
  exit 0
fi

# asm/types.h lives in the multiarch include directory on Debian.
multiarch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
flags=(-O2 -g -target bpf -Wall -I"/usr/include/$multiarch")

compile() { # src dir, out dir, extra flags…
  local src=$1 out=$2 f n=0
  shift 2
  mkdir -p "$out"
  for f in "$src"/*.c; do
    [ -e "$f" ] || continue
    "$cc" "${flags[@]}" "$@" -c "$f" -o "$out/$(basename "${f%.c}").o"
    n=$((n + 1))
  done
  echo "jnetkit: compiled $n eBPF object(s) from ${src#$root/} with $("$cc" --version | head -n1)" >&2
}
compile "$root/examples" "$main_out"
compile "$root/elf/src/test/c" "$test_out"
# The CO-RE unit tests' target BTF: core_target.c's types, as raw BTF (what /sys/kernel/btf/vmlinux is).
objcopy=$(command -v llvm-objcopy || ls /usr/bin/llvm-objcopy-* 2>/dev/null | head -n1 || true)
if [ -n "$objcopy" ]; then
  "$objcopy" --dump-section .BTF="$test_out/core_target.btf" "$test_out/core_target.o"
else
  echo "jnetkit: llvm-objcopy not found: using the committed core_target.btf" >&2
fi
compile "$root/elf/src/test/c/selftest" "$selftest_out"

# CO-RE fixtures written against vmlinux.h, dumped from this machine's kernel BTF (never
# committed: it is the build kernel's) and Debian libbpf-dev's <bpf/bpf_core_read.h>.
bpftool=$(command -v bpftool || { [ -x /usr/sbin/bpftool ] && echo /usr/sbin/bpftool; } || true)
if [ -n "$bpftool" ] && [ -r /sys/kernel/btf/vmlinux ] && [ -r /usr/include/bpf/bpf_core_read.h ]; then
  gen=$root/elf/target/vmlinux-h
  mkdir -p "$gen"
  "$bpftool" btf dump file /sys/kernel/btf/vmlinux format c > "$gen/vmlinux.h.tmp"
  mv "$gen/vmlinux.h.tmp" "$gen/vmlinux.h"
  compile "$root/elf/src/test/c/vmlinux" "$test_out" -I"$gen"
  # DWARF for all of vmlinux.h is most of the object; .BTF and .BTF.ext are what loaders read.
  if [ -n "$objcopy" ]; then
    for f in "$root"/elf/src/test/c/vmlinux/*.c; do "$objcopy" --strip-debug "$test_out/$(basename "${f%.c}").o"; done
  fi
else
  echo "jnetkit: bpftool, /sys/kernel/btf/vmlinux or libbpf-dev missing: using the committed vmlinux.h fixtures" >&2
fi
# Objects jnetkit must refuse, each with its message (MalformedElfTest).
compile "$root/elf/src/test/c/bad" "$test_out/bad"

# A linked object: elf/src/test/c/linked/*.c compiled one by one, then joined by libbpf's
# linker (bpftool gen object) into fixtures/linked.o, as multi-file BPF projects build.
if [ -n "$bpftool" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  compile "$root/elf/src/test/c/linked" "$tmp"
  "$bpftool" gen object "$test_out/linked.o" "$tmp"/*.o
  echo "jnetkit: linked $test_out/linked.o with $("$bpftool" version | head -n1)" >&2
else
  echo "jnetkit: bpftool not found: using the committed linked.o" >&2
fi
