#!/usr/bin/env bash
# Runs Cairn's JMH benchmarks and writes a report of ratios against the baselines.
#
#   benchmarks/run.sh            full mode: the real sizes (about 25 minutes on 2 cores);
#                                writes benchmarks/RESULTS.md
#   benchmarks/run.sh --quick    CI smoke test: every benchmark once, minimal iterations, tiny
#                                sizes (well under 3 minutes); writes
#                                benchmarks/target/RESULTS-quick.md
#
# Options:
#   --out FILE        where to write the report
#   --include REGEX   only the JMH benchmarks matching REGEX (default: all)
#   --skip-digits     do not time the digits sample
#   --rebuild         rebuild benchmarks.jar even if it looks up to date
#   --jmh "ARGS"      extra JMH arguments, appended last (e.g. "-f 2")
#   --report-only     do not run anything: rewrite the report from the last run's results
#                     (benchmarks/target/jmh-<mode>.json), e.g. after editing analysis.md
#
# Environment:
#   CAIRN_BENCH_DIR   where stores and baseline files are written, one file system for both
#                     (default: benchmarks/target/bench-files)
#   JAVA              the java launcher (default: $JAVA_HOME/bin/java, else java)
#   MVN               the maven launcher (default: mvn)
#
# Needs only a JDK 17+ and Maven (for the build); the report is computed by a Java class in the
# benchmarks jar, from JMH's JSON output.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
MODE=full
OUT=""
INCLUDE=""
DIGITS=yes
REBUILD=no
EXTRA=""
REPORT_ONLY=no
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) MODE=quick ;;
    --out) OUT="$2"; shift ;;
    --include) INCLUDE="$2"; shift ;;
    --skip-digits) DIGITS=no ;;
    --rebuild) REBUILD=yes ;;
    --jmh) EXTRA="$2"; shift ;;
    --report-only) REPORT_ONLY=yes ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ -n "${JAVA:-}" ]; then :; elif [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
MVN="${MVN:-mvn}"
TARGET="$HERE/target"
JAR="$TARGET/benchmarks.jar"
mkdir -p "$TARGET"
export CAIRN_BENCH_DIR="${CAIRN_BENCH_DIR:-$TARGET/bench-files}"
mkdir -p "$CAIRN_BENCH_DIR"
if [ -z "$OUT" ]; then
  if [ "$MODE" = full ]; then OUT="$HERE/RESULTS.md"; else OUT="$TARGET/RESULTS-quick.md"; fi
fi

JSON="$TARGET/jmh-$MODE.json"
DIGITS_TSV="$TARGET/digits-$MODE.tsv"
META="$TARGET/run-$MODE.meta"
RUN_JAR="$TARGET/run-$MODE/benchmarks.jar"
loadavg() { if [ -r /proc/loadavg ]; then cut -d' ' -f1-3 /proc/loadavg; else uptime | sed 's/.*load averages*: //'; fi; }

if [ "$REPORT_ONLY" = yes ]; then
  if [ ! -f "$JSON" ] || [ ! -f "$META" ] || [ ! -f "$RUN_JAR" ]; then
    echo "run.sh: no earlier $MODE run to report on (need $JSON, $META, $RUN_JAR)" >&2
    exit 1
  fi
  # shellcheck disable=SC1090 # written by an earlier run of this script
  . "$META"
else # (not indented: the rest of this block is the run itself)
# --- build the jar if it is missing or older than its sources or the installed runtime --------
RUNTIME_JAR="$HOME/.m2/repository/dev/cairn/cairn-runtime/0.1.0-SNAPSHOT/cairn-runtime-0.1.0-SNAPSHOT.jar"
stale() {
  [ "$REBUILD" = yes ] && return 0
  [ -f "$JAR" ] || return 0
  [ -n "$(find "$HERE/src" "$HERE/pom.xml" -newer "$JAR" -print -quit)" ] && return 0
  [ -f "$RUNTIME_JAR" ] && [ "$RUNTIME_JAR" -nt "$JAR" ] && return 0
  return 1
}
if stale; then
  echo "== building $JAR"
  # offline first (CI caches and the dev machines have everything installed), then online
  "$MVN" -B -q -o -f "$HERE/pom.xml" package -DskipTests || "$MVN" -B -q -f "$HERE/pom.xml" package -DskipTests
fi

# A private copy: a build of the whole project while this runs must not swap the jar under JMH's
# forks.
mkdir -p "$(dirname "$RUN_JAR")"
cp "$JAR" "$RUN_JAR"

# --- JMH --------------------------------------------------------------------------------------
JMH_ARGS=(-foe true -rf json -rff "$JSON")
if [ "$MODE" = quick ]; then
  JMH_ARGS+=(-f 1 -wi 0 -i 1 -w 100ms -r 100ms
    -p payload=floats:64KiB,records:1K
    -p size=1KiB,64KiB
    -p stateFloats=65536 -p epochs=2 -p passes=1)
fi
# shellcheck disable=SC2206 # EXTRA is meant to split into words
JMH_ARGS+=($EXTRA)
[ -n "$INCLUDE" ] && JMH_ARGS=("$INCLUDE" "${JMH_ARGS[@]}")
COMMAND="CAIRN_BENCH_DIR=$CAIRN_BENCH_DIR $JAVA -jar $RUN_JAR ${JMH_ARGS[*]}"
COMMAND="${COMMAND//$ROOT\//}"
STARTED="$(date -u '+%Y-%m-%d %H:%M UTC')"
LOAD_BEFORE="$(loadavg)"
echo "== $COMMAND"
"$JAVA" -jar "$RUN_JAR" "${JMH_ARGS[@]}"

# --- digits sample: whole-process time of a first and a second run, and the JVM floor -----------
rm -f "$DIGITS_TSV"
SAMPLES="$ROOT/samples/target/classes"
now() { date +%s%N; }
if [ "$DIGITS" = no ]; then
  printf 'note\tskipped with --skip-digits\n' > "$DIGITS_TSV"
elif [ -f "$SAMPLES/dev/cairn/samples/digits/DigitsMain.class" ] \
    && [ -f "$SAMPLES/dev/cairn/samples/digits/ResumableDigitsPipeline.class" ]; then
  CP="$SAMPLES:$RUN_JAR"
  STORE="$(mktemp -d "$CAIRN_BENCH_DIR/digits-store.XXXXXX")"
  DIGITS_ARGS=(--data "$ROOT/samples/data/digits.csv.gz" --store "$STORE")
  NOTE="default arguments of the sample"
  if [ "$MODE" = quick ]; then
    DIGITS_ARGS+=(--epochs 1)
    NOTE="quick mode: 1 epoch"
  fi
  echo "== digits: first run (fresh store $STORE)"
  t0=$(now); "$JAVA" -cp "$CP" dev.cairn.samples.digits.DigitsMain "${DIGITS_ARGS[@]}"; t1=$(now)
  echo "== digits: second run (same store)"
  "$JAVA" -cp "$CP" dev.cairn.samples.digits.DigitsMain "${DIGITS_ARGS[@]}"; t2=$(now)
  echo "== JVM floor: same class path, does nothing (median of 5)"
  floors=()
  for _ in 1 2 3 4 5; do
    a=$(now); "$JAVA" -cp "$CP" dev.cairn.benchmarks.report.JvmFloor; b=$(now)
    floors+=($((b - a)))
  done
  floor=$(printf '%s\n' "${floors[@]}" | sort -n | sed -n 3p)
  {
    printf 'first\t%s\n' "$(awk "BEGIN { print ($t1 - $t0) / 1e9 }")"
    printf 'second\t%s\n' "$(awk "BEGIN { print ($t2 - $t1) / 1e9 }")"
    printf 'floor\t%s\n' "$(awk "BEGIN { print $floor / 1e9 }")"
    printf 'note\t%s: java -cp samples/target/classes:%s dev.cairn.samples.digits.DigitsMain %s\n' \
      "$NOTE" "${RUN_JAR#"$ROOT/"}" "$(echo "${DIGITS_ARGS[*]}" | sed "s|$CAIRN_BENCH_DIR/|\$CAIRN_BENCH_DIR/|g; s|$ROOT/||g")"
  } > "$DIGITS_TSV"
  rm -rf "$STORE"
else
  printf 'note\tthe samples module was not built (no %s/dev/cairn/samples/digits/ResumableDigitsPipeline.class); build it with mvn -pl samples -am package and rerun\n' \
    "${SAMPLES#"$ROOT/"}" > "$DIGITS_TSV"
fi

LOAD_AFTER="$(loadavg)"
{
  printf 'COMMAND=%q\n' "$COMMAND"
  printf 'STARTED=%q\n' "$STARTED"
  printf 'LOAD_BEFORE=%q\n' "$LOAD_BEFORE"
  printf 'LOAD_AFTER=%q\n' "$LOAD_AFTER"
} > "$META"
fi # REPORT_ONLY

# --- report -----------------------------------------------------------------------------------
"$JAVA" -cp "$RUN_JAR" dev.cairn.benchmarks.report.Report \
  --json "$JSON" --out "$OUT" --mode "$MODE" --command "$COMMAND" --date "$STARTED" \
  --digits "$DIGITS_TSV" --bench-dir "$CAIRN_BENCH_DIR" --analysis "$HERE/analysis.md" \
  --load-before "$LOAD_BEFORE" --load-after "$LOAD_AFTER"
