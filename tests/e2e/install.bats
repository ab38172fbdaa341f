#!/usr/bin/env bats
# Install and package: `cmake --install` into a DESTDIR puts every file where
# the shells and man of that prefix look, and `cpack -G DEB` builds a .deb
# with the same files and the right metadata and dependencies. With CI=true
# or FOLLOWUP_TEST_APT=1, as root, the .deb is also really installed with
# apt-get, tried (followup --version, man -w, a bash completion of the
# installed copy) and removed again.
#
# Runs only with FOLLOWUP_TEST_INSTALL=1 (scripts/test sets it for the release
# build's ctest, so once per run); every test skips otherwise.
#
# No rebuild: the tests install from the build tree of $FOLLOWUP_BIN (with
# `cmake --install --prefix`, and cpack with the packaging prefix /usr and its
# output in a temporary folder), which they never reconfigure. Only when
# FOLLOWUP_BIN is not in a build tree of this source does setup_file configure
# and build one of its own (Release, no tests, as the README's "Install and
# package" says).

bats_require_minimum_version 1.5.0
load helpers

# The files an install puts under the prefix, for a prefix of /usr; @LIB@
# stands for the build's CMAKE_INSTALL_LIBDIR (lib/x86_64-linux-gnu for a
# tree configured for /usr, lib otherwise), where the binary's private
# modules go (setup fills it in).
USR_FILES="usr/bin/followup
usr/@LIB@/followup/calendar.so
usr/@LIB@/followup/mail.so
usr/@LIB@/followup/postgres.so
usr/share/bash-completion/completions/followup
usr/share/doc/followup/copyright
usr/share/fish/vendor_completions.d/followup.fish
usr/share/man/man1/followup.1.gz
usr/share/zsh/vendor-completions/_followup"

# ... and for /usr/local: zsh's folder differs.
LOCAL_FILES="usr/local/bin/followup
usr/local/@LIB@/followup/calendar.so
usr/local/@LIB@/followup/mail.so
usr/local/@LIB@/followup/postgres.so
usr/local/share/bash-completion/completions/followup
usr/local/share/doc/followup/copyright
usr/local/share/fish/vendor_completions.d/followup.fish
usr/local/share/man/man1/followup.1.gz
usr/local/share/zsh/site-functions/_followup"

setup_file() {
    [[ ${FOLLOWUP_TEST_INSTALL:-} == 1 ]] || return 0
    if [[ -z "${FOLLOWUP_SOURCE_DIR:-}" || ! -f "$FOLLOWUP_SOURCE_DIR/CMakeLists.txt" ]]; then
        echo "FOLLOWUP_SOURCE_DIR must name the source tree (got '${FOLLOWUP_SOURCE_DIR:-}')" >&2
        return 1
    fi
    local tree="" source
    source=$(realpath "$FOLLOWUP_SOURCE_DIR")
    [[ -z ${FOLLOWUP_BIN:-} ]] || tree=$(dirname "$(realpath "$FOLLOWUP_BIN")")
    if [[ -n $tree && -f $tree/cmake_install.cmake && -f $tree/CPackConfig.cmake ]] &&
        grep -qxF "CMAKE_HOME_DIRECTORY:INTERNAL=$source" "$tree/CMakeCache.txt"; then
        export BUILD=$tree
        # Up to date already under ctest; after a source change, by hand,
        # only the binary (with its modules) and the man page are brought up
        # to date.
        cmake --build "$BUILD" --target followup manpage >"$BATS_FILE_TMPDIR/build.log" 2>&1 ||
            { tail -n 50 "$BATS_FILE_TMPDIR/build.log" >&2; return 1; }
        return 0
    fi
    export BUILD="$BATS_FILE_TMPDIR/build"
    local generator=()
    if command -v ninja >/dev/null; then
        generator=(-G Ninja)
    fi
    cmake -S "$FOLLOWUP_SOURCE_DIR" -B "$BUILD" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_INSTALL_PREFIX=/usr -DFOLLOWUP_TESTS=OFF >"$BATS_FILE_TMPDIR/configure.log" 2>&1 ||
        { cat "$BATS_FILE_TMPDIR/configure.log" >&2; return 1; }
    cmake --build "$BUILD" -j 2 >"$BATS_FILE_TMPDIR/build.log" 2>&1 ||
        { tail -n 50 "$BATS_FILE_TMPDIR/build.log" >&2; return 1; }
}

setup() {
    [[ ${FOLLOWUP_TEST_INSTALL:-} == 1 ]] ||
        skip "install and package tests run with FOLLOWUP_TEST_INSTALL=1 (scripts/test: the release build)"
    fu_setup
    VERSION=$(sed -n 's/^project(followup VERSION \([0-9.]*\).*/\1/p' "$FOLLOWUP_SOURCE_DIR/CMakeLists.txt")
    [[ -n $VERSION ]] || fail "no version in CMakeLists.txt's project()"
    local lib
    lib=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$BUILD/CMakeCache.txt")
    [[ -n $lib && $lib != /* ]] || fail "no relative CMAKE_INSTALL_LIBDIR in $BUILD/CMakeCache.txt: '$lib'"
    MODULE_DIR=$lib/followup
    USR_FILES=${USR_FILES//@LIB@/$lib}
    LOCAL_FILES=${LOCAL_FILES//@LIB@/$lib}
}

teardown() {
    fu_teardown
    # An install that a failed test left behind is removed.
    if [[ -n "${INSTALLED_DEB:-}" ]] && dpkg-query -W -f='${Status}' followup 2>/dev/null | grep -q "ok installed"; then
        DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq -o DPkg::Lock::Timeout=300 followup >/dev/null 2>&1
    fi
}

# Every regular file and symlink under a folder, relative to it, sorted.
files_under() {
    (cd "$1" && find . \( -type f -o -type l \) | sed 's|^\./||' | LC_ALL=C sort)
}

# The files of a .deb, relative to /, sorted (directories left out).
deb_files() {
    dpkg-deb -c "$1" | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./||' | LC_ALL=C sort
}

# Checks a copyright file: Debian's machine-readable format, the whole
# package under the MIT (Expat) licence, with the text of LICENSE.
check_copyright() {
    local file=$1
    [[ -f $file ]] || fail "no $file" || return 1
    assert_equal "$(head -n 1 "$file")" \
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/" \
        "the first line of $file" || return 1
    local files
    files=$(awk '/^Files:/ { print $2 }' "$file")
    assert_equal "$files" "*" "the Files: paragraphs of $file" || return 1
    assert_contains "$(sed -n '/^Files: \*$/,/^$/p' "$file")" $'\nLicense: Expat' \
        "the Files: * paragraph of $file" || return 1
    assert_contains "$(sed -n '/^Files: \*$/,/^$/p' "$file")" \
        "Copyright: 2026 the followup authors" "the Files: * paragraph of $file" || return 1
    # The stand-alone License: Expat paragraph holds LICENSE's text from
    # "Permission" on, indented by one space, blank lines written as " .".
    local text expected
    text=$(awk -v RS= -v ORS='\n\n' '/^License: Expat\n/' "$file" | sed '1d' | sed 's/^ //; s/^\.$//')
    expected=$(sed -n '/^Permission/,$p' "$FOLLOWUP_SOURCE_DIR/LICENSE")
    [[ -n $text ]] || fail "$file has no License: Expat paragraph with the licence text" || return 1
    assert_equal "$text" "$expected" "the licence text in $file" || return 1
    grep -q "^MIT License" "$FOLLOWUP_SOURCE_DIR/LICENSE" || fail "LICENSE is not the MIT License"
}

# Checks that an installed binary loads each of its modules, from where it
# was installed: libical writes a calendar, GMime reads a Maildir, libpq
# tries a server. check_modules BINARY
check_modules() {
    local bin=$1 db="$BATS_TEST_TMPDIR/modules.db" mail="$BATS_TEST_TMPDIR/Maildir"
    run -0 "$bin" --db "$db" --today "$TODAY" add "Ann Lee" --email ann@lee.example
    run -0 "$bin" --db "$db" --today "$TODAY" calendar
    assert_equal "${lines[0]%$'\r'}" "BEGIN:VCALENDAR" "the installed binary's calendar (calendar.so)" || return 1
    mkdir -p "$mail"/{new,cur,tmp} "$HOME/.config/followup"
    printf 'From: Ann Lee <ann@lee.example>\nTo: me@seller.example\nSubject: Re: hello\nDate: Mon, 02 Nov 2026 10:00:00 +0000\nMessage-ID: <1@lee.example>\n\nYes.\n' \
        >"$mail/new/1"
    printf '[mail]\nme = ["me@seller.example"]\nmaildir = ["%s"]\n' "$mail" >"$HOME/.config/followup/config.toml"
    run -0 --separate-stderr "$bin" --db "$db" --today "$TODAY" mail sync -o tsv
    assert_equal "$(cut -f1,3 <<<"${lines[1]}")" $'reply\t1' "the installed binary's mail sync (mail.so)" || return 1
    rm "$HOME/.config/followup/config.toml"
    # Nothing listens on port 1: the error is libpq's, not a missing module.
    run -1 --separate-stderr "$bin" --db "postgresql://nobody@127.0.0.1:1/none" list
    assert_equal "$stderr" \
        "followup: cannot connect to postgresql://nobody@127.0.0.1:1/none: connection to server at \"127.0.0.1\", port 1 failed: Connection refused" \
        "the installed binary on a server (postgres.so)"
}

# Checks one installed tree: the files, and that each is what it should be.
# check_tree ROOT PREFIX(without the leading /) ZSH_DIR
check_tree() {
    local root=$1 prefix=$2 zsh_dir=$3
    local bin="$root/$prefix/bin/followup"
    [[ -x $bin ]] || fail "$bin is not executable" || return 1
    run -0 "$bin" --version
    assert_equal "${lines[0]}" "followup $VERSION" "the installed binary's --version" || return 1
    assert_contains "$output" "MIT License" "the installed binary's --version" || return 1
    check_modules "$bin" || return 1
    check_copyright "$root/$prefix/share/doc/followup/copyright" || return 1
    # The man page: gzipped, and the page of man/followup.1.
    local page="$root/$prefix/share/man/man1/followup.1.gz"
    gzip -t "$page" || fail "$page is not a valid gzip file" || return 1
    cmp <(gzip -dc "$page") "$FOLLOWUP_SOURCE_DIR/man/followup.1" ||
        fail "$page is not man/followup.1" || return 1
    # The completions, each under the name its shell looks for.
    cmp "$root/$prefix/share/bash-completion/completions/followup" \
        "$FOLLOWUP_SOURCE_DIR/completions/followup.bash" || fail "the bash completion differs" || return 1
    cmp "$root/$prefix/share/fish/vendor_completions.d/followup.fish" \
        "$FOLLOWUP_SOURCE_DIR/completions/followup.fish" || fail "the fish completion differs" || return 1
    cmp "$root/$prefix/share/$zsh_dir/_followup" "$FOLLOWUP_SOURCE_DIR/completions/_followup" ||
        fail "the zsh completion differs" || return 1
    # Nothing is executable but the binary; nothing is writable by others.
    local file
    while IFS= read -r file; do
        [[ $file == "$prefix/bin/followup" || ! -x "$root/$file" ]] ||
            fail "$file is executable" || return 1
        [[ -z $(find "$root/$file" -perm -o+w) ]] || fail "$file is world-writable" || return 1
    done < <(files_under "$root")
}

@test "cmake --install --prefix /usr puts every file in its place" {
    local root="$BATS_TEST_TMPDIR/root"
    run -0 env DESTDIR="$root" cmake --install "$BUILD" --prefix /usr
    assert_equal "$(files_under "$root")" "$USR_FILES" "the files installed under DESTDIR" || return 1
    check_tree "$root" usr zsh/vendor-completions
}

@test "cmake --install to the configured prefix puts zsh's file where zsh under that prefix looks" {
    local prefix
    prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$BUILD/CMakeCache.txt")
    local root="$BATS_TEST_TMPDIR/root"
    run -0 env DESTDIR="$root" cmake --install "$BUILD"
    case $prefix in
        /usr)
            assert_equal "$(files_under "$root")" "$USR_FILES" "the files installed under DESTDIR" || return 1
            check_tree "$root" usr zsh/vendor-completions
            ;;
        /usr/local)
            assert_equal "$(files_under "$root")" "$LOCAL_FILES" "the files installed under DESTDIR" || return 1
            check_tree "$root" usr/local zsh/site-functions
            ;;
        *) assert_equal "$(files_under "$root")" "$(sed "s|^usr/local/|${prefix#/}/|" <<<"$LOCAL_FILES")" \
            "the files installed under DESTDIR (prefix $prefix)" ;;
    esac
}

@test "an installed binary missing a module says so in one line, and the rest still works" {
    local root="$BATS_TEST_TMPDIR/root"
    run -0 env DESTDIR="$root" cmake --install "$BUILD" --prefix /usr
    local bin="$root/usr/bin/followup" modules="$root/usr/$MODULE_DIR"
    rm "$modules/postgres.so" "$modules/mail.so" "$modules/calendar.so"
    local db="$BATS_TEST_TMPDIR/missing.db"
    run -1 --separate-stderr "$bin" --db "postgresql://nobody@127.0.0.1:1/none" list
    assert_equal "$stderr" \
        "followup: PostgreSQL support is missing: cannot load $modules/postgres.so: no such file; reinstall followup" \
        "the error without postgres.so" || return 1
    run -0 "$bin" --db "$db" --today "$TODAY" add "Ann Lee" --email ann@lee.example
    run -1 --separate-stderr "$bin" --db "$db" --today "$TODAY" calendar
    assert_equal "$stderr" \
        "followup: Calendar support is missing: cannot load $modules/calendar.so: no such file; reinstall followup" \
        "the error without calendar.so" || return 1
    assert_equal "$output" "" "calendar's output without calendar.so" || return 1
    mkdir -p "$BATS_TEST_TMPDIR/Maildir"/{new,cur,tmp} "$HOME/.config/followup"
    printf '[mail]\nme = ["me@seller.example"]\nmaildir = ["%s"]\n' "$BATS_TEST_TMPDIR/Maildir" \
        >"$HOME/.config/followup/config.toml"
    run -1 --separate-stderr "$bin" --db "$db" --today "$TODAY" mail sync
    assert_equal "$stderr" \
        "followup: Mail support is missing: cannot load $modules/mail.so: no such file; reinstall followup" \
        "the error without mail.so" || return 1
    # A module that is there but cannot be loaded: dlopen's reason.
    echo "not a shared object" >"$modules/mail.so"
    run -1 --separate-stderr "$bin" --db "$db" --today "$TODAY" mail sync
    assert_contains "$stderr" "followup: Mail support is missing: cannot load $modules/mail.so: " \
        "the error with a broken mail.so" || return 1
    assert_equal "${#stderr_lines[@]}" 1 "lines of that error" || return 1
    # Everything else works without them: due, on the file, reads SQLite alone.
    run -0 "$bin" --db "$db" --today "$TODAY" due -o tsv
    assert_contains "$output" "Ann Lee" "due without the modules"
}

@test "the folders for /usr and /usr/local are those the shells and man read" {
    # bash-completion's own folder (it also looks under $XDG_DATA_DIRS).
    if pkg-config --exists bash-completion 2>/dev/null; then
        assert_equal "$(pkg-config --variable=completionsdir bash-completion)" \
            /usr/share/bash-completion/completions "bash-completion's completionsdir" || return 1
    fi
    # zsh on Debian: vendor-completions for packages, site-functions under /usr/local.
    if command -v zsh >/dev/null; then
        local fpath
        fpath=$(zsh -f -c 'print -l $fpath')
        assert_contains "$fpath" $'\n/usr/share/zsh/vendor-completions\n' "zsh's \$fpath" || return 1
        assert_contains "$fpath" "/usr/local/share/zsh/site-functions" "zsh's \$fpath" || return 1
        assert_not_contains "$fpath" $'\n/usr/share/zsh/site-functions\n' "zsh's \$fpath" || return 1
    fi
    # fish: the vendor folder under /usr (under /usr/local only through
    # XDG_DATA_DIRS). --no-config would leave $fish_complete_path empty.
    if command -v fish >/dev/null; then
        local dirs
        dirs=$(env -i HOME="$HOME" PATH=/usr/bin:/bin fish -c 'string join \n -- $fish_complete_path')
        assert_contains "$dirs" $'\n/usr/share/fish/vendor_completions.d\n' "fish's \$fish_complete_path" || return 1
    fi
    # man: share/man under both prefixes.
    if command -v manpath >/dev/null; then
        local manpath
        manpath=$(PATH=/usr/local/bin:/usr/bin:/bin MANPATH= manpath 2>/dev/null)
        assert_contains ":$manpath:" ":/usr/share/man:" "manpath" || return 1
        assert_contains ":$manpath:" ":/usr/local/share/man:" "manpath" || return 1
    fi
}

@test "cmake --install --prefix /usr/local of a /usr build puts zsh's file in site-functions" {
    local root="$BATS_TEST_TMPDIR/root"
    run -0 env DESTDIR="$root" cmake --install "$BUILD" --prefix /usr/local
    assert_equal "$(files_under "$root")" "$LOCAL_FILES" "the files installed under DESTDIR" || return 1
    check_tree "$root" usr/local zsh/site-functions
}

# Builds the .deb once per file (later tests reuse it) and sets DEB. The
# package is for /usr whatever prefix the tree was configured with, and lands
# in a temporary folder, not in the build tree.
build_deb() {
    command -v dpkg-deb >/dev/null || skip "dpkg-deb is not installed"
    command -v dpkg-shlibdeps >/dev/null || fail "dpkg-shlibdeps is missing: install dpkg-dev (scripts/install-deps --test)" || return 1
    local out="$BATS_FILE_TMPDIR/deb"
    DEB=$(find "$out" -maxdepth 1 -name 'followup_*.deb' 2>/dev/null | head -n 1)
    if [[ -z $DEB ]]; then
        mkdir -p "$out"
        (cd "$out" && cpack --config "$BUILD/CPackConfig.cmake" -G DEB -B "$out" \
            -D CPACK_PACKAGING_INSTALL_PREFIX=/usr) >"$BATS_FILE_TMPDIR/cpack.log" 2>&1 ||
            fail "cpack -G DEB failed:" "$(tail -n 30 "$BATS_FILE_TMPDIR/cpack.log")" || return 1
        DEB=$(find "$out" -maxdepth 1 -name 'followup_*.deb' | head -n 1)
    fi
    [[ -n $DEB ]] || fail "cpack made no followup_*.deb in $out: $(ls "$out")"
}

@test "cpack -G DEB: the package holds every file in its place" {
    build_deb
    assert_equal "$(basename "$DEB")" "followup_${VERSION}_$(dpkg --print-architecture).deb" "the .deb's name" || return 1
    assert_equal "$(deb_files "$DEB")" "$USR_FILES" "the files in the .deb" || return 1
    # Owned by root, the binary 0755, the rest 0644.
    local listing
    listing=$(dpkg-deb -c "$DEB")
    local perms owner path
    while read -r perms owner _ _ _ path; do
        assert_equal "$owner" root/root "the owner of $path" || return 1
        case $perms in
            d*) assert_equal "$perms" drwxr-xr-x "the mode of $path" || return 1 ;;
            *)
                if [[ $path == ./usr/bin/followup ]]; then
                    assert_equal "$perms" -rwxr-xr-x "the mode of $path" || return 1
                else
                    assert_equal "$perms" -rw-r--r-- "the mode of $path" || return 1
                fi
                ;;
        esac
    done <<<"$listing"
    # The binary and its modules in the package are stripped.
    if command -v file >/dev/null; then
        local unpacked="$BATS_TEST_TMPDIR/unpacked" elf
        dpkg-deb -x "$DEB" "$unpacked"
        for elf in usr/bin/followup "usr/$MODULE_DIR"/{calendar,mail,postgres}.so; do
            assert_contains "$(file -b "$unpacked/$elf")" ", stripped" "file(1) on the packaged $elf" || return 1
        done
    fi
}

@test "cpack -G DEB: the package's copyright file names the MIT licence" {
    build_deb
    local unpacked="$BATS_TEST_TMPDIR/unpacked"
    dpkg-deb -x "$DEB" "$unpacked"
    check_copyright "$unpacked/usr/share/doc/followup/copyright"
}

@test "cpack -G DEB: name, section, version and the dependencies shlibdeps found" {
    build_deb
    run -0 dpkg-deb -I "$DEB"
    local info=$output
    assert_equal "$(dpkg-deb -f "$DEB" Package)" followup "Package" || return 1
    assert_equal "$(dpkg-deb -f "$DEB" Section)" utils "Section" || return 1
    assert_equal "$(dpkg-deb -f "$DEB" Version)" "$VERSION" "Version" || return 1
    assert_equal "$(dpkg-deb -f "$DEB" Architecture)" "$(dpkg --print-architecture)" "Architecture" || return 1
    [[ -n $(dpkg-deb -f "$DEB" Maintainer) ]] || fail "no Maintainer" || return 1
    [[ -n $(dpkg-deb -f "$DEB" Description) ]] || fail "no Description" || return 1
    local depends
    depends=$(dpkg-deb -f "$DEB" Depends)
    [[ -n $depends ]] || fail "no Depends line in:" "$info" || return 1
    # Found by dpkg-shlibdeps: the runtime library packages, with versions.
    local names package
    names=$(tr ',|' '\n\n' <<<"$depends" | sed 's/^ *//; s/[ (].*//' | sed '/^$/d')
    # The modules' libraries too (libpq, GMime, libetpan, GnuTLS, libical).
    for package in libsqlite3-0 libfmt9 libc6 libstdc++6 libpq5 libgmime-3.0-0 libetpan20 libgnutls30 libical3; do
        grep -qxF "$package" <<<"$names" || fail "Depends does not name $package: $depends" || return 1
    done
    [[ $depends == *"libsqlite3-0 (>="* && $depends == *"libfmt9 (>="* ]] ||
        fail "Depends carries no minimum versions, so it was not made by dpkg-shlibdeps: $depends" || return 1
    assert_not_contains "$depends" "-dev" "Depends" || return 1
    # Every shared library the binary and its modules need comes from a
    # package Depends names.
    command -v objdump >/dev/null || return 0
    local unpacked="$BATS_TEST_TMPDIR/unpacked" library path owner candidate
    dpkg-deb -x "$DEB" "$unpacked"
    local -a elves=("$unpacked/usr/bin/followup" "$unpacked/usr/$MODULE_DIR"/*.so)
    while read -r library; do
        path=$(ldconfig -p | awk -v l="$library" '$1 == l && /x86-64|x86_64|64/ { print $NF; exit }')
        [[ -n $path ]] || path=$(ldconfig -p | awk -v l="$library" '$1 == l { print $NF; exit }')
        owner=
        for candidate in "$path" "$(realpath "$path" 2>/dev/null)" "/usr$path" "${path#/usr}"; do
            owner=$(dpkg -S "$candidate" 2>/dev/null | head -n 1 | cut -d: -f1) && [[ -n $owner ]] && break
        done
        [[ -n $owner ]] || fail "no package owns $library ($path)" || return 1
        grep -qxF "$owner" <<<"$names" ||
            fail "the binary needs $library (package $owner), which Depends does not name: $depends" || return 1
    done < <(objdump -p "${elves[@]}" | awk '$1 == "NEEDED" { print $2 }' | LC_ALL=C sort -u)
    # The binary itself needs none of the modules' libraries.
    assert_not_contains "$(objdump -p "$unpacked/usr/bin/followup" | awk '$1 == "NEEDED" { print $2 }')" \
        "libpq" "the binary's NEEDED" || return 1
    assert_not_contains "$(objdump -p "$unpacked/usr/bin/followup" | awk '$1 == "NEEDED" { print $2 }')" \
        "libgmime" "the binary's NEEDED"
}

@test "the .deb installs with apt-get, works, and removes cleanly" {
    if [[ "${CI:-}" != true && "${FOLLOWUP_TEST_APT:-}" != 1 ]]; then
        skip "installs a package on this machine: runs only in CI (CI=true) or with FOLLOWUP_TEST_APT=1"
    fi
    [[ $(id -u) -eq 0 ]] || skip "installing the .deb needs root"
    command -v apt-get >/dev/null || skip "apt-get is not available"
    if dpkg-query -W -f='${Status}' followup 2>/dev/null | grep -q "ok installed"; then
        skip "a followup package is already installed here; not replacing it"
    fi
    [[ ! -e /usr/bin/followup ]] || skip "/usr/bin/followup exists outside any package; not overwriting it"
    build_deb
    local dir
    dir=$(dirname "$DEB")
    INSTALLED_DEB=1
    # apt-get install wants a path, not a bare name: ./followup_*.deb.
    run -0 env DEBIAN_FRONTEND=noninteractive bash -c \
        'cd "$1" && apt-get install -y -o DPkg::Lock::Timeout=300 ./followup_*.deb' _ "$dir"
    run -0 dpkg-query -W -f='${Status} ${Version}' followup
    assert_equal "$output" "install ok installed $VERSION" "dpkg's record of followup" || return 1

    # The installed copy, found on a cron-like PATH.
    run -0 env -i HOME="$HOME" PATH=/usr/bin:/bin followup --version
    assert_equal "${lines[0]}" "followup $VERSION" "followup --version" || return 1
    check_modules /usr/bin/followup || return 1
    check_copyright /usr/share/doc/followup/copyright || return 1

    # man finds and renders the page.
    if ! command -v man >/dev/null; then
        fail "man is missing: install man-db (scripts/install-deps --test)"
        return 1
    fi
    if grep -qs '^path-exclude=/usr/share/man' /etc/dpkg/dpkg.cfg.d/*; then
        skip "dpkg here excludes /usr/share/man (a minimal image), so man -w cannot find the page"
    fi
    run -0 man -w followup
    assert_equal "$output" /usr/share/man/man1/followup.1.gz "man -w followup" || return 1
    run -0 env MANPAGER=cat MANWIDTH=80 man followup
    assert_contains "$output" "NAME" "man followup" || return 1

    # bash-completion loads the installed completion on demand and completes a
    # prospect from the user's default database.
    PATH=/usr/bin:/bin followup --today "$TODAY" add "Ann Lee" >/dev/null
    PATH=/usr/bin:/bin followup --today "$TODAY" add "Sam O'Brien" >/dev/null
    if [[ -f /usr/share/bash-completion/bash_completion ]]; then
        run -0 env -i HOME="$HOME" PATH=/usr/bin:/bin LC_ALL=C.UTF-8 bash --norc --noprofile -c '
            source /usr/share/bash-completion/bash_completion
            complete -p followup >/dev/null 2>&1 && { echo "loaded before it was asked for"; exit 3; }
            __load_completion followup || { echo "bash-completion did not find it"; exit 3; }
            spec=$(complete -p followup) || exit 3
            [[ $spec =~ -F\ ([^ ]+) ]] || { echo "not a function: $spec"; exit 3; }
            COMP_WORDS=(followup show sa); COMP_CWORD=2
            COMP_LINE="followup show sa"; COMP_POINT=${#COMP_LINE}
            COMPREPLY=()
            "${BASH_REMATCH[1]}" followup sa show
            printf "%s\n" "${COMPREPLY[@]}"'
        assert_equal "$output" "Sam\\ O\\'Brien" "bash completion of 'followup show sa' from the installed copy" || return 1
    else
        fail "bash-completion is missing (scripts/install-deps --test)"
        return 1
    fi
    # zsh and fish find theirs without being told where.
    if command -v zsh >/dev/null; then
        run -0 env -i HOME="$HOME" PATH=/usr/bin:/bin zsh -f -c \
            'autoload -U compinit && compinit -u -D && print -r -- $_comps[followup]'
        assert_equal "$output" _followup "zsh's completion for followup after compinit" || return 1
    fi
    if command -v fish >/dev/null; then
        run -0 env -i HOME="$HOME" PATH=/usr/bin:/bin LC_ALL=C.UTF-8 fish -c 'complete -C"followup show sa"'
        assert_equal "$output" "Sam O'Brien" "fish's completion of 'followup show sa'" || return 1
    fi

    run -0 env DEBIAN_FRONTEND=noninteractive apt-get remove -y -o DPkg::Lock::Timeout=300 followup
    INSTALLED_DEB=
    [[ ! -e /usr/bin/followup ]] || fail "/usr/bin/followup is still there after apt-get remove" || return 1
    [[ ! -e /usr/share/bash-completion/completions/followup ]] ||
        fail "the bash completion is still there after apt-get remove"
}
