#!/usr/bin/env bash
# Builds the benchmarks, checks that every implementation agrees, runs JMH (and numpy) and writes
# benchmarks/results/{results.md,ratios.png}. From the repository root:
#
#   benchmarks/run.sh            # everything: about 30 minutes on 2 cores
#   QUICK=1 benchmarks/run.sh    # a smoke run with short iterations
#   SAMEDIFF=0 benchmarks/run.sh # without DL4J SameDiff (no 150 MB download)
#
# Runs:
#   1. every JMH benchmark but ParallelBench, JVM with --add-modules jdk.incubator.vector (the
#      Vector API matrix kernel), on all cores (Nd.threads() = availableProcessors);
#   2. flatgrad's vectorized workloads again without it (the plain-Java kernel every JVM has);
#   2b. the matrix products on one thread (-Dflatgrad.threads=1), with and without the module;
#   3. SameDiff's benchmarks (profile samediff, their own jar);
#   4. numpy_bench.py with numpy's default threads (2 here) and with 1 thread;
#   5. Report: the tables, ratios and chart.
set -euo pipefail
cd "$(dirname "$0")/.."
out=benchmarks/results
mkdir -p "$out"

if [[ "${QUICK:-0}" == 1 ]]; then
  jmh_opts=(-wi 1 -w 500ms -i 3 -r 500ms)
  numpy_opts=(--quick)
else
  jmh_opts=(-wi 4 -w 1s -i 8 -r 1s)
  numpy_opts=()
fi
vector=(-jvmArgsAppend "--add-modules=jdk.incubator.vector")

mvn -B -q -Pbench -pl benchmarks -am package -DskipTests
jar=benchmarks/target/benchmarks.jar
java -cp "$jar" dev.flatgrad.benchmarks.Check

{
  echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit:  $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- runtime processor benchmarks || echo ' (+ uncommitted changes)')"
  echo "cpu:     $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(lscpu | sed -n 's/^L2 cache: *//p') L2, $(lscpu | sed -n 's/^L3 cache: *//p') L3"
  echo "memory:  $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "java:    $(java -version 2>&1 | sed -n 2p)"
  echo "vectors: $(java -XX:+PrintFlagsFinal -version 2>/dev/null | awk '/ UseAVX / {print "UseAVX=" $4} / MaxVectorSize / {print "MaxVectorSize=" $4}' | tr '\n' ' ')"
  echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the start"
} > "$out/machine.txt"

java -jar "$jar" "${jmh_opts[@]}" "${vector[@]}" -prof gc -rf json -rff "$out/jmh.json" -e ParallelBench \
  | tee "$out/jmh.log"
java -jar "$jar" "${jmh_opts[@]}" -prof gc -rf json -rff "$out/jmh-plain.json" \
  'DotBench|TwoLayerBench|LinearBench|SoftmaxSmallBench\.(forward|generated|handWritten)$' | tee "$out/jmh-plain.log"
java -jar "$jar" "${jmh_opts[@]}" -jvmArgsAppend "--add-modules=jdk.incubator.vector -Dflatgrad.threads=1" \
  -rf json -rff "$out/jmh-1thread.json" DotBench | tee "$out/jmh-1thread.log"
java -jar "$jar" "${jmh_opts[@]}" -jvmArgsAppend -Dflatgrad.threads=1 \
  -rf json -rff "$out/jmh-plain-1thread.json" DotBench | tee "$out/jmh-plain-1thread.log"

if [[ "${SAMEDIFF:-1}" == 1 ]]; then
  mvn -B -q -Pbench,samediff -pl benchmarks -am package -DskipTests
  sdjar=benchmarks/target/samediff/benchmarks-samediff.jar
  java -cp "$sdjar" dev.flatgrad.benchmarks.SameDiffBench 2>/dev/null | grep -E '^(ok|FAIL)'
  java -jar "$sdjar" "${jmh_opts[@]}" -prof gc -rf json -rff "$out/jmh-samediff.json" SameDiffBench \
    2>&1 | grep -v '^Added differentiated op' | tee "$out/jmh-samediff.log"
fi

python3 benchmarks/numpy_bench.py "${numpy_opts[@]}" --out "$out/numpy.json"
python3 benchmarks/numpy_bench.py "${numpy_opts[@]}" --threads 1 --out "$out/numpy-1thread.json"

echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end" >> "$out/machine.txt"
java -Djava.awt.headless=true -cp "$jar" dev.flatgrad.benchmarks.Report "$out"
