/* profile_line.h - which of Docker's default seccomp profiles "default"
 * stands for.
 *
 * Docker's built-in profile changes between release lines (20.10 blocks
 * name_to_handle_at without CAP_SYS_ADMIN and knows no pkey_*; 23.0 and
 * 24.0 allow both; 25.0 denies io_uring).  hardenbench ships one profile
 * per line (profiles/seccomp/docker-LINE.json) and "default" means what
 * this engine's `docker run` would enforce: the line of the engine's
 * version, chosen once per process where the target is opened (src/app).
 * Without an engine, or with Podman, it is the newest line, with a note
 * saying so.  default-no-chmod follows the same line. */
#ifndef HB_POLICY_PROFILE_LINE_H
#define HB_POLICY_PROFILE_LINE_H

#include <stddef.h>

typedef enum hb_profile_line {
  HB_LINE_DOCKER_20_10,
  HB_LINE_DOCKER_23,       /* 23.0 to 24.0 */
  HB_LINE_DOCKER_25,       /* 25.0 and later */
} hb_profile_line;

#define HB_LINE_NEWEST HB_LINE_DOCKER_25
#define HB_N_LINES 3

/* "docker-20.10": the shipped profile's file name, without .json. */
const char *hb_profile_line_file (hb_profile_line line);
/* The line whose file name is file ("docker-20.10"); -1 when none is. */
int hb_profile_line_from_file (const char *file);
/* "Docker 20.10": for sentences ("Docker 20.10's default seccomp profile"). */
const char *hb_profile_line_label (hb_profile_line line);

/* The line an engine runs: product "Docker" (or NULL when unknown) and its
 * version ("20.10.24+dfsg1", "24.0.7", "28.2.2").  *note (newly allocated,
 * NULL when the match is exact) says why another line was taken: no
 * engine, Podman, an unreadable version, a release older than 20.10. */
hb_profile_line hb_profile_line_for_engine (const char *product, const char *version,
                                            char **note);

/* The note for the newest line taken because of why ("the target is a
 * directory, in no engine"): "WHY, so the newest line hardenbench ships",
 * newly allocated.  Notes say why, not which line: they follow the line's
 * label ("default seccomp: Docker 25+'s: WHY, so ..."). */
char *hb_profile_line_newest_note (const char *why);

/* The process-wide choice: hb_seccomp_profile_locate resolves "default"
 * and "default-no-chmod" through it.  Until set: the newest line, with the
 * note that no engine was asked.  note is copied (NULL: none). */
void hb_profile_line_set (hb_profile_line line, const char *note);
hb_profile_line hb_profile_line_current (void);
/* Why the current line is not the engine's exact one, or NULL (borrowed). */
const char *hb_profile_line_note (void);

#endif
