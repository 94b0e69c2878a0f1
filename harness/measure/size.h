/* size.h - byte sizes with K/M/G suffixes (binary), as used in ladders. */
#ifndef KMB_SIZE_H
#define KMB_SIZE_H

#include <stddef.h>
#include <stdint.h>

#define SIZE_MIN_BYTES 4096ULL           /* one page: smaller limits are meaningless */
#define SIZE_MAX_BYTES (1ULL << 40)      /* 1T */

/* Parses "512K", "16M", "1G", "4096" (bytes). Accepts k/m/g too. Rejects empty,
 * signs, junk, zero, overflow and values outside [4K, 1T] with one line in @err. */
int size_parse(const char *s, uint64_t *out, char *err, size_t errlen);

/* Formats @v compactly: "16M", "512K", "1536K", "1000" (bytes). */
void size_format(uint64_t v, char *buf, size_t n);

#endif
