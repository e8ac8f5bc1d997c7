#!/usr/bin/env bash
# Builds the batch-decoder libFuzzer target with clang (ASan + UBSan) and runs it for a
# bounded time over the kept corpus. Usage: run_batch_decoder_fuzz.sh SOURCE_DIR BUILD_DIR [SECONDS]
# New interesting inputs go to BUILD_DIR/fuzz/corpus-work; merge them into
# tests/fuzz/corpus/batch_decoder with: FUZZER -merge=1 tests/fuzz/corpus/batch_decoder WORKDIR
set -euo pipefail
src=${1:?source dir}
build=${2:?build dir}
seconds=${3:-60}
out="$build/fuzz"
exe="$out/batch_decoder_fuzz"
mkdir -p "$out/corpus-work"

if ! command -v clang++ >/dev/null; then
  echo "clang++ not installed: cannot build the fuzz target" >&2
  exit 1
fi

sources=(
  "$src/tests/fuzz/batch_decoder_fuzz.cpp"
  "$src/shared/src/wire.cpp" "$src/shared/src/response_codec.cpp" "$src/shared/src/json_util.cpp"
  "$src/shared/src/model.cpp" "$src/shared/src/crypto.cpp" "$src/shared/src/time.cpp"
  "$src/shared/src/result.cpp"
)
# Rebuild only when a source or header is newer than the binary.
rebuild=0
[ -x "$exe" ] || rebuild=1
if [ $rebuild -eq 0 ]; then
  if [ -n "$(find "${sources[@]}" "$src/shared/include" -newer "$exe" -print -quit)" ]; then rebuild=1; fi
fi
if [ $rebuild -eq 1 ]; then
  echo "building $exe"
  clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$src/shared/include" "${sources[@]}" $(pkg-config --cflags --libs libsodium) -o "$exe.tmp"
  mv "$exe.tmp" "$exe"
fi

cd "$out"
# -rss_limit_mb and -timeout catch blow-ups; a crash leaves crash-* here and fails the test.
"$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -max_len=65536 -print_final_stats=1 \
  corpus-work "$src/tests/fuzz/corpus/batch_decoder" 2>&1 | tail -n 25
exit "${PIPESTATUS[0]}"
