#ifndef PARLEY_DEFLATE_SHIM_H
#define PARLEY_DEFLATE_SHIM_H
// libdeflate: whole-buffer zlib decompression, about 13× faster than zlib's streaming inflate on
// screenshot data (docs/PERFORMANCE.md) — PNG knows its decompressed size up front, so it fits.
#include <libdeflate.h>
#endif
