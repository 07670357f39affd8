#ifndef PARLEY_PNG_SHIM_H
#define PARLEY_PNG_SHIM_H
#include <png.h>
// libpng's simplified API reports errors in image->message instead of longjmp, which Swift cannot cross.
static inline png_uint_32 parley_png_format_rgba(void) { return PNG_FORMAT_RGBA; }
static inline png_uint_32 parley_png_image_version(void) { return PNG_IMAGE_VERSION; }
static inline size_t parley_png_image_size(png_image *image) { return PNG_IMAGE_SIZE(*image); }
static inline int parley_png_failed(png_image *image) { return PNG_IMAGE_FAILED(*image); }
#endif
