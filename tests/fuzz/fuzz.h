/* fuzz.h - what the libFuzzer harnesses of tests/fuzz share.
 *
 * Each harness defines LLVMFuzzerTestOneInput.  It is linked twice: with
 * libFuzzer (configure --enable-fuzzing, clang) to search for crashes, and
 * with replay.c's main() into replay_<harness>, which `make check` runs in
 * every build over the harness's seed corpus and its kept regressions.
 *
 * The helpers give a harness a private scratch directory (made once per
 * process, 0700, under $TMPDIR) and a canary file beside it: a harness that
 * writes files (the tar extractor, an inspect answer's inline profile)
 * calls fuzz_check_canary after each input, and anything that escaped the
 * directory it was given aborts the run, which libFuzzer reports as a
 * crash. */
#ifndef HB_TESTS_FUZZ_H
#define HB_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The process's scratch directory: "<dir>/root" is where inputs may write,
 * "<dir>/canary" must never change and nothing else may appear in <dir>. */
const char *fuzz_scratch (void);
/* A fresh, empty directory under the scratch root (newly allocated). */
char *fuzz_fresh_dir (void);
/* Remove path and everything below it (never following a symlink). */
void fuzz_remove_tree (const char *path);
/* abort() when the canary changed, something appeared beside root, or
 * root is not empty (call it after removing the input's fresh dir). */
void fuzz_check_canary (void);

#endif
