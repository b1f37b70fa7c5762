#!/usr/bin/env bash
# Tests the launchers in bin/ without building anything: a copy of bin/ in a temporary tree, empty
# stand-in jars, and a stand-in JAVA that prints its arguments. Checks, for every launcher that
# uses bin/_launch:
#   * run from another working directory, through a symbolic link (absolute, relative, chained), with
#     CDPATH set: the jar <root>/<module>/target/<module>.jar, JAVA_OPTS split into words, the main
#     class, every argument passed through unchanged (spaces, empty, quotes, $, *), the exit status;
#   * the unpacked layout <root>/lib/<module>.jar when there is no target jar;
#   * a missing jar: exit status 2 and exactly one line on stderr;
#   * a .cmd twin exists and names the same module and main class;
# then shellcheck (if installed) on the bash launchers, and the .cmd launchers under Wine's cmd.exe
# (if Wine is installed; Wine's cmd is a re-implementation, so this is a smoke test, not Windows).
#
# Usage: packaging/test/launchers_test.sh [REPO_ROOT]   (default: two folders up from this file)
# Prints one line per check and ends with "N passed, M failed"; exit status 0 only if none failed.
set -uo pipefail

here=$(CDPATH='' cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
repo=${1:-$(dirname -- "$(dirname -- "$here")")}
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
check() { # check NAME EXPECTED ACTUAL
  if [[ $2 == "$3" ]]; then pass "$1"; else fail "$1"; diff <(echo "$2") <(echo "$3") | sed 's/^/    /'; fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root="$tmp/install root" # a space in the path on purpose
mkdir -p "$root/bin" "$tmp/elsewhere" "$tmp/links/deeper"
cp "$repo"/bin/_launch "$root/bin/"
fake="$tmp/fake java"
cat > "$fake" <<'EOF'
#!/usr/bin/env bash
for a in "$@"; do printf '<%s>\n' "$a"; done
exit 7
EOF
chmod +x "$fake"

launchers=()
for f in "$repo"/bin/*; do
  name=$(basename -- "$f")
  [[ -f $f && -x $f && $name != *.cmd && $name != _* ]] || continue
  grep -q '_launch"$' "$f" || continue # dev scripts (demo, benches) do not use _launch
  launchers+=("$name")
  cp "$f" "$root/bin/"
done
if (( ${#launchers[@]} == 0 )); then
  fail "no launcher using _launch found in $repo/bin"
fi

for name in "${launchers[@]}"; do
  read -r module main < <(sed -n 's/^launch \([^ ]*\) \([^ ]*\) "\$@"$/\1 \2/p' "$repo/bin/$name")
  if [[ -z ${module:-} || -z ${main:-} ]]; then
    fail "$name: no 'launch <module> <main> \"\$@\"' line"
    continue
  fi
  rm -rf "${root:?}/lib" "${root:?}/$module"
  mkdir -p "$root/$module/target"
  jar="$root/$module/target/$module.jar"
  : > "$jar"
  # shellcheck disable=SC2016 # a literal $HOME must pass through unexpanded
  expected=$(printf '<%s>\n' -Xmx64m -Dmsistream.x=1 -cp "$jar" "$main" 'a b' '' "it's" '"q"' '$HOME' '*' -- --help)
  # shellcheck disable=SC2016
  args=('a b' '' "it's" '"q"' '$HOME' '*' -- --help)

  out=$(cd "$tmp/elsewhere" && JAVA="$fake" JAVA_OPTS='-Xmx64m -Dmsistream.x=1' "$root/bin/$name" "${args[@]}")
  rc=$?
  check "$name: direct, from another folder" "$expected" "$out"
  check "$name: exit status passed back" 7 "$rc"

  ln -s "$root/bin/$name" "$tmp/links/$name"
  out=$(cd / && JAVA="$fake" JAVA_OPTS='-Xmx64m -Dmsistream.x=1' "$tmp/links/$name" "${args[@]}")
  check "$name: through an absolute symlink" "$expected" "$out"

  (cd "$tmp/links/deeper" && ln -s "../$name" "$name")
  out=$(cd "$tmp/links/deeper" && JAVA="$fake" JAVA_OPTS='-Xmx64m -Dmsistream.x=1' CDPATH="$tmp" "./$name" "${args[@]}")
  check "$name: through a chain of relative symlinks, CDPATH set" "$expected" "$out"

  rm -rf "${root:?}/$module"
  mkdir -p "$root/lib"
  : > "$root/lib/$module.jar"
  out=$(cd "$tmp/elsewhere" && env -u JAVA_OPTS JAVA="$fake" "$root/bin/$name" x)
  check "$name: unpacked layout lib/$module.jar, default JVM options without JAVA_OPTS" \
    "$(printf '<%s>\n' -XX:+UseParallelGC -Xmn64m -cp "$root/lib/$module.jar" "$main" x)" "$out"
  out=$(cd "$tmp/elsewhere" && JAVA="$fake" JAVA_OPTS='' "$root/bin/$name" x)
  check "$name: an empty JAVA_OPTS replaces the default JVM options" \
    "$(printf '<%s>\n' -cp "$root/lib/$module.jar" "$main" x)" "$out"

  rm -rf "${root:?}/lib"
  err=$(cd "$tmp/elsewhere" && JAVA="$fake" "$root/bin/$name" x 2>&1 >/dev/null)
  rc=$?
  check "$name: missing jar exits 2" 2 "$rc"
  if [[ $(wc -l <<< "$err") == 1 && $err == "$name: error: $root/$module/target/$module.jar not found;"* ]]; then
    pass "$name: missing jar is one line naming it"
  else
    fail "$name: missing jar message: $err"
  fi

  twin="$repo/bin/$name.cmd"
  if [[ -f $twin ]]; then
    tmod=$(tr -d '\r' < "$twin" | sed -n 's/^set "MSI_MODULE=\(.*\)"$/\1/p')
    tmain=$(tr -d '\r' < "$twin" | sed -n 's/^"%MSI_JAVA%" %JAVA_OPTS% -cp "%MSI_JAR%" \([^ ]*\) %\*$/\1/p')
    check "$name.cmd: same module and main class" "$module $main" "$tmod $tmain"
    if grep -q $'\r$' "$twin" && ! grep -q $'[^\r]$' "$twin"; then
      pass "$name.cmd: CRLF line ends"
    else
      fail "$name.cmd: not CRLF throughout"
    fi
  else
    fail "$name: no bin/$name.cmd twin"
  fi
done

if command -v shellcheck > /dev/null; then
  if shellcheck -s bash -e SC1091 "$repo/bin/_launch" "${launchers[@]/#/$repo/bin/}" "$here/launchers_test.sh"; then
    pass "shellcheck"
  else
    fail "shellcheck"
  fi
else
  echo "SKIP shellcheck (not installed)"
fi

# The .cmd launchers under Wine's cmd.exe, when Wine is there.
wine=$(command -v wine64 || command -v wine || { [[ -x /usr/lib/wine/wine64 ]] && echo /usr/lib/wine/wine64; })
if [[ -n $wine && ${MSISTREAM_WINE_TESTS:-1} != 0 ]]; then
  export WINEPREFIX="$tmp/wineprefix" WINEDEBUG=-all
  # One Wine session for all the checks: a persistent wineserver, stopped (with the services it
  # started) when the test ends. Without it, every pause between two checks lets the wineserver
  # exit and the next check boots the Windows services again, which costs seconds of CPU each.
  wineserver=$(command -v wineserver || { [[ -x /usr/lib/wine/wineserver ]] && echo /usr/lib/wine/wineserver; })
  if [[ -n $wineserver ]]; then
    "$wineserver" -p
    trap '"$wineserver" -k 2>/dev/null; rm -rf "$tmp"' EXIT
  fi
  if [[ $(timeout 180 "$wine" cmd /c echo ready 2>/dev/null | tr -d '\r ') == ready ]]; then
    win() { printf 'Z:%s' "${1//\//\\}"; } # a Unix path as Wine sees it
    wroot="$tmp/wineroot"
    mkdir -p "$wroot/bin"
    cp "$repo"/bin/*.cmd "$wroot/bin/"
    printf '@echo off\r\n:loop\r\nif [%%1]==[] goto end\r\necho arg=%%1\r\nshift\r\ngoto loop\r\n:end\r\nexit /b 7\r\n' > "$tmp/fakejava.cmd"
    for name in "${launchers[@]}"; do
      read -r module main < <(sed -n 's/^launch \([^ ]*\) \([^ ]*\) "\$@"$/\1 \2/p' "$repo/bin/$name")
      rm -rf "${wroot:?}/lib" "${wroot:?}/$module"
      mkdir -p "$wroot/$module/target"
      : > "$wroot/$module/target/$module.jar"
      # the launcher is the driver's last command, so cmd's exit status is the launcher's
      printf '@echo off\r\n"%s" "a b" c\r\n' "$(win "$wroot/bin/$name.cmd")" > "$tmp/drive.cmd"
      out=$(JAVA="$(win "$tmp/fakejava.cmd")" timeout 60 "$wine" cmd /c "$(win "$tmp/drive.cmd")" 2>&1 | tr -d '\r'; echo "rc=${PIPESTATUS[0]}")
      want=$(printf 'arg=%s\n' -XX:+UseParallelGC -Xmn64m -cp "\"$(win "$wroot/$module/target/$module.jar")\"" "$main" '"a b"' c; echo rc=7)
      check "$name.cmd under Wine: jar, main class, arguments, exit status" "$want" "$out"
      rm -rf "${wroot:?}/$module"
      mkdir -p "$wroot/lib"
      : > "$wroot/lib/$module.jar"
      out=$(JAVA="$(win "$tmp/fakejava.cmd")" timeout 60 "$wine" cmd /c "$(win "$tmp/drive.cmd")" 2>&1 | tr -d '\r'; echo "rc=${PIPESTATUS[0]}")
      want=$(printf 'arg=%s\n' -XX:+UseParallelGC -Xmn64m -cp "\"$(win "$wroot/lib/$module.jar")\"" "$main" '"a b"' c; echo rc=7)
      check "$name.cmd under Wine: unpacked layout" "$want" "$out"
      rm -rf "${wroot:?}/lib"
      out=$(timeout 60 "$wine" cmd /c "$(win "$tmp/drive.cmd")" 2>&1 | tr -d '\r'; echo "rc=${PIPESTATUS[0]}")
      want=$(printf '%s: error: %s not found; build it first: cd /d "%s" && mvn -B -ntp -DskipTests package\nrc=2' \
        "$name" "$(win "$wroot/$module/target/$module.jar")" "$(win "$wroot")")
      check "$name.cmd under Wine: missing jar, one line, exit 2" "$want" "$out"
    done
  else
    echo "SKIP .cmd launchers under Wine (Wine did not start)"
  fi
else
  echo "SKIP .cmd launchers under Wine (not installed)"
fi

echo "launchers: $passed passed, $failed failed"
(( failed == 0 ))
