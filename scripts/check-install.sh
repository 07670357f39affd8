#!/bin/sh
# `make check-install`: runs `make install` into a temporary prefix and checks the binary as a note-taker's laptop
# would meet it: it loads only common system libraries, and it runs with an empty environment from a folder with no
# Decks/ in it — help, a workshop on the demo deck (by path) in tmux, and a merge and search of that log in SQLite.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
prefix=$(mktemp -d)
socket=parley-check-install-$$
fail() { echo "check-install: $*" >&2; exit 1; }
tmux() { command tmux -u -f /dev/null -L "$socket" "$@"; }
trap 'tmux kill-server 2>/dev/null || true; rm -rf "$prefix"' EXIT

make -C "$repo" install PREFIX="$prefix"
parley=$prefix/bin/parley
mode=$(stat -c %a "$parley")
[ "$mode" = 755 ] || fail "$parley has mode $mode, expected 755"

libraries=$(ldd "$parley")
echo "$libraries"
# The Swift runtime, Foundation, SQLite and zlib are inside the binary; libpng is never linked.
unexpected=$(echo "$libraries" | grep -Ev '^[[:space:]]*(linux-vdso\.so|/[^ ]*/ld-linux|lib(ncursesw|tinfo|deflate|m|c|stdc\+\+|gcc_s)\.so\.)' || true)
[ -z "$unexpected" ] || fail "parley loads libraries a note-taker's laptop may not have:
$unexpected"
# An ldd that printed nothing would pass the check above.
echo "$libraries" | grep -q 'libncursesw\.so' || fail "ldd does not list ncursesw"

clean() { (cd "$prefix" && env -i PATH=/usr/bin:/bin "$@"); }
clean "$parley" --help >/dev/null || fail "parley --help fails with an empty environment"

wait_for() {
    tries=0
    until tmux capture-pane -p | grep -qF -- "$1"; do
        tries=$((tries + 1))
        [ "$tries" -lt 100 ] || { tmux capture-pane -p >&2; fail "waited 10 s for \"$1\" on the screen"; }
        sleep 0.1
    done
}
# A terminal gives TERM and a UTF-8 locale; nothing else of this machine's environment is passed.
tmux new-session -d -x 100 -y 30 "cd '$prefix' && env -i PATH=/usr/bin:/bin TERM=\"\$TERM\" LANG=C.UTF-8 \
'$parley' run '$repo/Decks/demo.yaml' --log session.jsonl; echo EXITED \$?; sleep 30"
wait_for "0 saved"
tmux send-keys -l -- "P3: the installed binary works #fragmentation"
tmux send-keys Enter
wait_for "1 saved"
tmux send-keys C-q
wait_for "EXITED 0"

# A room on loopback with the installed binary alone: the note-taker's side has no deck (announcements stay on loopback).
port=$((20000 + $$ % 20000))
room="env -i PATH=/usr/bin:/bin TERM=\"\$TERM\" LANG=C.UTF-8 PARLEY_ROOM_DISCOVERY=127.0.0.1:$((port + 1))"
tmux new-window -d -n facilitator "cd '$prefix' && $room '$parley' run '$repo/Decks/demo.yaml' --room --room-code check-install-room \
--listen 127.0.0.1:$port --log room-facilitator.jsonl; echo EXITED \$?; sleep 30"
mkdir "$prefix/joiner"
tmux new-window -d -n joiner "cd '$prefix/joiner' && $room '$parley' join check-install-room --host 127.0.0.1:$port --writer anna \
--log anna.jsonl; echo EXITED \$?; sleep 30"
wait_in() {
    tries=0
    until tmux capture-pane -p -t "$1" | grep -qF -- "$2"; do
        tries=$((tries + 1))
        [ "$tries" -lt 100 ] || { tmux capture-pane -p -t "$1" >&2; fail "waited 10 s for \"$2\" in $1"; }
        sleep 0.1
    done
}
wait_in joiner "following facilitator"
wait_in facilitator "1 joined"
tmux send-keys -t facilitator PageDown
wait_in joiner "Meet Amir"
tmux send-keys -t joiner C-q
tmux send-keys -t facilitator C-q
wait_in joiner "EXITED 0"
wait_in facilitator "EXITED 0"

clean "$parley" merge session.jsonl >/dev/null || fail "parley merge fails"
clean "$parley" search "installed binary" | grep -q "works" || fail "parley search does not find the note just merged"
echo "check-install: ok"
