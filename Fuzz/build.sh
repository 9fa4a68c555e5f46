#!/bin/sh
# Builds one libFuzzer binary per target in Fuzz/Targets, compiling the FileFormats sources into it directly
# (so `internal` code is instrumented too), with libFuzzer coverage and AddressSanitizer.
#   Fuzz/build.sh [output directory, default .build-fuzz]
# Run one:  .build-fuzz/IDXDecode -runs=1000000 Fuzz/Corpus/IDXDecode
set -eu
cd "$(dirname "$0")/.."
out=${1:-.build-fuzz}
mkdir -p "$out"
for target in Fuzz/Targets/*.swift; do
    name=$(basename "$target" .swift)
    echo "building $out/$name"
    swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name "Fuzz$name" \
        Sources/FileFormats/*.swift "$target" -o "$out/$name"
done
