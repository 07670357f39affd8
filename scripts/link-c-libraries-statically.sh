#!/bin/sh
# The linker for `make install`: gold, with SQLite and zlib taken from their static archives, so the
# installed parley needs neither on a note-taker's laptop. GRDB and ZIPFoundation link them by name
# (`link "sqlite3"`, `link "z"` in their module maps) and the build puts the system's library folder
# ahead of any -L it is given, so renaming the two libraries here is where the archives can be chosen.
for argument in "$@"; do
    shift
    case $argument in
        -lsqlite3 | -lz) set -- "$@" "-l:lib${argument#-l}.a" ;;
        *) set -- "$@" "$argument" ;;
    esac
done
exec ld.gold "$@"
