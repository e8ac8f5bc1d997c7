# Sourced first by the benchmark scripts: the repository root, the build folder, and
# need_built, which stops a bench with one line when a program it runs is not built.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
build="${LP_BUILD_DIR:-$root/build}"

# need_built BENCH FILE...: exits 1 naming the first FILE that is not executable, then makes
# $build/bench for the results.
need_built() {
  local bench=$1 b
  shift
  for b in "$@"; do [ -x "$b" ] || { echo "$bench bench: $b not built" >&2; exit 1; }; done
  mkdir -p "$build/bench"
}
