#!/bin/sh
# Builds the portable variant (baseline CPU: no -target-cpu, so no AVX2/FMA assumptions; the kernels take
# their generic SIMD paths) into its own scratch directory, then runs the dense-kernel and model tests
# on it, so a CI machine proves the same source builds and computes correctly without native tuning.
# Usage: Benchmarks/build-portable.sh [--no-test]      (about 2 minutes of release build here)
set -eu
cd "$(dirname "$0")/.."
NLM_PORTABLE=1 swift build -c release --scratch-path .build-portable
if [ "${1:-}" != "--no-test" ]; then
    NLM_PORTABLE=1 swift build -c release --scratch-path .build-portable --build-tests
    NLM_PORTABLE=1 swift test -c release --scratch-path .build-portable --skip-build \
        --filter 'DenseKernelsTests|LangevinMachineTests'
fi
echo "portable build OK"
