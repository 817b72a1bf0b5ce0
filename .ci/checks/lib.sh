# Shared by the check scripts in this folder (sourced, not run).

# The lines by which the JVM and the sanitizers report a native bug; keep in step with
# src/test/java/io/github/jnibuffer/testing/NativeFindings.java, which looks for them in child JVMs' output.
FINDINGS='WARNING in native method|FATAL ERROR in native method|ERROR: AddressSanitizer|runtime error:|A fatal error has been detected by the Java Runtime Environment'

# findings LOG DIR: prints every finding in a Maven log and in the output a forked JVM left in the surefire reports
# under DIR (its own native output lands in *.dumpstream, redirected test output in *-output.txt), one per line with
# its file; succeeds only if there is one. The XML and text reports are left out: they hold test names, and the
# guide's checks name tests after the blocks they check, some of which quote such findings.
findings() {
  local log=$1 dir=$2 found=1
  grep -E -H -r --include='*.dumpstream' --include='*-output.txt' -- "$FINDINGS" "$dir/surefire-reports" \
    2>/dev/null && found=0
  grep -E -H -- "$FINDINGS" "$log" 2>/dev/null && found=0
  return "$found"
}

# fail MESSAGE: says why the check failed and ends it.
fail() {
  echo "CHECK FAILED: $*" >&2
  exit 1
}

# The JDK Maven will use (JAVA_HOME, else the java on the PATH), for the log.
jdk_version() {
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1
}

# tests_summary LOG: surefire's closing count line, e.g. "Tests run: 121, Failures: 0, Errors: 0, Skipped: 3".
tests_summary() {
  sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -E '^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures' | tail -1 | sed 's/^\[[A-Z]*\] //'
}

# maven LOG ARGS...: runs ./mvnw ARGS, showing its output and keeping it in LOG; returns Maven's exit status, so
# that the caller can still look for findings in a failed run before failing.
maven() {
  local log=$1
  shift
  ./mvnw "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  echo # Maven's last line has no newline: keep ours on a line of their own
  return "$status"
}

# run_check NAME [MAVEN OPTIONS...]: check NAME's run of the tests, `./mvnw test -Dcheck=NAME` (built in target/NAME,
# log in target/NAME/maven.log). Sets `status` to Maven's exit status rather than failing: judge_check decides.
run_check() {
  local name=$1
  shift
  mkdir -p "target/$name"
  rm -rf "target/$name/surefire-reports"
  status=0
  maven "target/$name/maven.log" test -Dcheck="$name" "$@" || status=$?
}

# judge_check NAME FINDING [HINT]: after run_check NAME, fails saying FINDING if the log or the surefire reports hold
# a finding, then if Maven failed (HINT says where to look), then if no test ran at all.
judge_check() {
  local name=$1 finding=$2 hint=${3:-} log=target/$1/maven.log
  if findings "$log" "target/$name"; then
    fail "$finding"
  fi
  ((status == 0)) || fail "./mvnw test -Dcheck=$name failed${hint:+ ($hint)}"
  [[ $(tests_summary "$log") =~ ^Tests\ run:\ [1-9] ]] || fail "no test ran in ./mvnw test -Dcheck=$name ($log)"
}
