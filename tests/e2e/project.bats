#!/usr/bin/env bats
# The project around the binary: its licence, and how a plain build treats
# warnings.

load helpers

setup() {
    fu_setup
    if [[ -z "${FOLLOWUP_SOURCE_DIR:-}" ]]; then
        echo "FOLLOWUP_SOURCE_DIR must name the source tree" >&2
        return 1
    fi
}

@test "LICENSE is the MIT License, and the README and --version name it" {
    local license="$FOLLOWUP_SOURCE_DIR/LICENSE"
    [[ -f $license ]] || fail "no LICENSE in the source tree" || return 1
    assert_equal "$(head -n 1 "$license")" "MIT License" "LICENSE's first line" || return 1
    grep -qxF "Copyright (c) 2026 the followup authors" "$license" ||
        fail "LICENSE has no copyright line for the followup authors" || return 1
    grep -qF 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' "$license" ||
        fail "LICENSE lacks the MIT warranty disclaimer" || return 1
    # The README names the licence and the file.
    local readme
    readme=$(sed -n '/^## Licence$/,/^## /p' "$FOLLOWUP_SOURCE_DIR/README.md")
    assert_contains "$readme" "MIT" "the README's Licence section" || return 1
    assert_contains "$readme" '`LICENSE`' "the README's Licence section" || return 1
    # --version: the version on the first line, then the copyright and the licence.
    run --separate-stderr "$FOLLOWUP_BIN" --version
    assert_status 0
    [[ ${lines[0]} =~ ^followup\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "version line: '${lines[0]}'" || return 1
    assert_contains "$output" $'\nCopyright (c) 2026 the followup authors\n' "--version" || return 1
    assert_contains "$output" $'\nMIT License' "--version" || return 1
    assert_stderr_empty
}

@test "a plain build leaves warnings as warnings; scripts/test makes them errors" {
    command -v cmake >/dev/null || skip "cmake is not installed"
    local build="$BATS_TEST_TMPDIR/build"
    # Configure only: what a release builder gets from the defaults.
    cmake -S "$FOLLOWUP_SOURCE_DIR" -B "$build" -DFOLLOWUP_TESTS=OFF >"$BATS_TEST_TMPDIR/configure.log" 2>&1 ||
        fail "cmake failed:" "$(tail -n 20 "$BATS_TEST_TMPDIR/configure.log")" || return 1
    grep -qxF "FOLLOWUP_WERROR:BOOL=OFF" "$build/CMakeCache.txt" ||
        fail "FOLLOWUP_WERROR is not OFF by default: $(grep FOLLOWUP_WERROR "$build/CMakeCache.txt")" || return 1
    # The test script (and so CI, .ci/run) turns it on for every build it makes.
    grep -q -- "-DFOLLOWUP_WERROR=ON" "$FOLLOWUP_SOURCE_DIR/scripts/test" ||
        fail "scripts/test does not pass -DFOLLOWUP_WERROR=ON" || return 1
    grep -q "scripts/test" "$FOLLOWUP_SOURCE_DIR/.ci/run" || fail ".ci/run does not run scripts/test"
}
