#!/bin/sh
# The linker for `make install`: gold, with SQLite and zlib taken from their static archives, so the
# installed parley needs neither on a note-taker's laptop. GRDB and ZIPFoundation link them by name
# (`link "sqlite3"`, `link "z"` in their module maps) and the build puts the system's library folder
# ahead of any -L it is given, so renaming the two libraries here is where the archives can be chosen.
# A long link line comes as a response file (`@file`, quoted arguments): rename inside a copy of it.
set -eu
copies=""
trap 'rm -f $copies' EXIT
static() { sed -E 's/(^|[[:space:]])"?-l(sqlite3|z)"?([[:space:]]|$)/\1"-l:lib\2.a"\3/g; s/(^|[[:space:]])"?-l(sqlite3|z)"?([[:space:]]|$)/\1"-l:lib\2.a"\3/g'; }
for argument in "$@"; do
    shift
    case $argument in
        -lsqlite3 | -lz) set -- "$@" "-l:lib${argument#-l}.a" ;;
        @*)
            copy=$(mktemp)
            copies="$copies $copy"
            static < "${argument#@}" > "$copy"
            set -- "$@" "@$copy" ;;
        *) set -- "$@" "$argument" ;;
    esac
done
ld.gold "$@"
