/* profile_line.c - Docker's release lines of the default seccomp profile,
 * the line of an engine's version, and the one this process uses
 * (profile_line.h). */
#include "config.h"

#include "policy/profile_line.h"
#include "core/xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const struct {
  const char *file, *label;
} lines[HB_N_LINES] = {
  [HB_LINE_DOCKER_20_10] = { "docker-20.10", "Docker 20.10" },
  [HB_LINE_DOCKER_23] = { "docker-23", "Docker 23-24" },
  [HB_LINE_DOCKER_25] = { "docker-25", "Docker 25+" },
};

static hb_profile_line current = HB_LINE_NEWEST;
static char *current_note;
static bool current_set;

const char *
hb_profile_line_file (hb_profile_line line)
{
  return lines[line].file;
}

int
hb_profile_line_from_file (const char *file)
{
  for (int i = 0; i < HB_N_LINES; i++)
    if (file && strcmp (file, lines[i].file) == 0)
      return i;
  return -1;
}

const char *
hb_profile_line_label (hb_profile_line line)
{
  return lines[line].label;
}

/* "20.10.24+dfsg1" -> 20, 10; false unless it begins with digits '.' digits. */
static bool
major_minor (const char *v, long *major, long *minor)
{
  if (v == NULL || !(*v >= '0' && *v <= '9'))
    return false;
  char *end;
  *major = strtol (v, &end, 10);
  if (*end != '.' || !(end[1] >= '0' && end[1] <= '9'))
    return false;
  *minor = strtol (end + 1, &end, 10);
  return *major >= 0 && *minor >= 0;
}

char *
hb_profile_line_newest_note (const char *why)
{
  return xasprintf ("%s, so the newest line hardenbench ships", why);
}

hb_profile_line
hb_profile_line_for_engine (const char *product, const char *version, char **note)
{
  *note = NULL;
  if (product != NULL && strcmp (product, "Podman") == 0)
    {
      /* Podman filters with containers/common's profile, not Docker's. */
      *note = hb_profile_line_newest_note ("the engine is Podman, whose own default profile hardenbench "
                              "does not ship");
      return HB_LINE_NEWEST;
    }
  long major = 0, minor = 0;
  if (!major_minor (version, &major, &minor))
    {
      *note = hb_profile_line_newest_note (version ? "the engine's version is not one hardenbench reads"
                                      : "the engine did not say its version");
      return HB_LINE_NEWEST;
    }
  /* Docker's year.month numbering began with 17.03; "1.13" is older. */
  if (major < 20 || (major == 20 && minor < 10))
    {
      *note = xasprintf ("the engine's version %s is older than 20.10, so the oldest line "
                         "hardenbench ships", version);
      return HB_LINE_DOCKER_20_10;
    }
  if (major == 20)
    return HB_LINE_DOCKER_20_10;
  /* 22.06 was the beta of what became 23.0. */
  if (major <= 24)
    return HB_LINE_DOCKER_23;
  return HB_LINE_DOCKER_25;
}

void
hb_profile_line_set (hb_profile_line line, const char *note)
{
  current = line;
  free (current_note);
  current_note = note ? xstrdup (note) : NULL;
  current_set = true;
}

hb_profile_line
hb_profile_line_current (void)
{
  return current;
}

const char *
hb_profile_line_note (void)
{
  if (!current_set)
    current_note = hb_profile_line_newest_note ("no engine was asked for its version");
  current_set = true;
  return current_note;
}
