#!/bin/sh
# Builds the NetworkSpecDecode fuzzer: the package's Experiments target (and its dependencies) compiled by
# SwiftPM with libFuzzer coverage, then the harness linked against those objects.
#   Fuzz/build-experiments.sh [scratch path, default .build-fuzz-pkg] [output directory, default .build-fuzz]
set -eu
cd "$(dirname "$0")/.."
scratch=${1:-.build-fuzz-pkg}
out=${2:-.build-fuzz}
mkdir -p "$out"
swift build -c release --scratch-path "$scratch" --target Experiments -Xswiftc -sanitize=fuzzer
objects=$(find "$scratch/release/" -path '*.build/*.o' \
    \( -path '*/Experiments.build/*' -o -path '*/FileFormats.build/*' -o -path '*/Datasets.build/*' \
       -o -path '*/DenseKernels.build/*' -o -path '*/LangevinMachine.build/*' -o -path '*/LinearAlgebra.build/*' \
       -o -path '*/NeuralAgents.build/*' -o -path '*/FixedPoints.build/*' \))
swiftc -sanitize=fuzzer -parse-as-library -O -I "$scratch/release/Modules" -I "$scratch/release" \
    Fuzz/ExperimentsTargets/NetworkSpecDecode.swift $objects -o "$out/NetworkSpecDecode"
