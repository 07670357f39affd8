#ifndef PARLEY_NCURSES_SHIM_H
#define PARLEY_NCURSES_SHIM_H
// SwiftPM drops pkg-config's -D flags; without this the wide-character API is not declared.
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <signal.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

// Swift 6 cannot touch these C globals and macros directly: wrap each one.
static inline WINDOW *parley_stdscr(void) { return stdscr; }
static inline int parley_lines(void) { return LINES; }
static inline int parley_cols(void) { return COLS; }
static inline int parley_color_pairs(void) { return COLOR_PAIRS; }
static inline int parley_colors(void) { return COLORS; }
static inline attr_t parley_a_bold(void) { return A_BOLD; }
static inline attr_t parley_a_reverse(void) { return A_REVERSE; }
static inline attr_t parley_a_underline(void) { return A_UNDERLINE; }
static inline attr_t parley_a_dim(void) { return A_DIM; }
static inline int parley_key_f(int n) { return KEY_F(n); }
static inline SCREEN *parley_newterm(void) { return newterm(NULL, stdout, stdin); }
static inline void parley_set_escdelay(int ms) { set_escdelay(ms); }

// SIGTERM/SIGHUP only set a flag; the input loop polls it and shuts down in order
// (session.ended written, log closed, terminal restored).
static volatile sig_atomic_t parley_signal_flag = 0;
static void parley_on_signal(int sig) { parley_signal_flag = sig; }
static inline void parley_install_signal_handlers(void) {
    struct sigaction sa;
    sa.sa_handler = parley_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; // no SA_RESTART: a blocked read returns so the flag is seen at once
    sigaction(SIGTERM, &sa, 0);
    sigaction(SIGHUP, &sa, 0);
    sigaction(SIGINT, &sa, 0);
}
static inline int parley_take_signal(void) { int s = parley_signal_flag; parley_signal_flag = 0; return s; }
#endif
