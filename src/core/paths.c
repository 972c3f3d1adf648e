/* paths.c - data, config and cache directories. */
#include "config.h"

#include "core/paths.h"
#include "core/xalloc.h"

#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *
home_dir (void)
{
  const char *home = getenv ("HOME");
  if (home && *home)
    return home;
  struct passwd *pw = getpwuid (getuid ());
  return pw ? pw->pw_dir : "/";
}

const char *
hb_data_dir (void)
{
  static char *cached;
  if (cached)
    return cached;
  const char *env = getenv ("HARDENBENCH_DATADIR");
  if (env && *env)
    return cached = xstrdup (env);
  char exe[PATH_MAX];
  ssize_t n = readlink ("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0)
    {
      exe[n] = '\0';
      char *slash = strrchr (exe, '/');
      if (slash)
        *slash = '\0';
      /* Running from the build tree: data lives in the source tree. */
      if (strcmp (exe, HB_ABS_BUILDDIR) == 0)
        return cached = xstrdup (HB_ABS_SRCDIR);
    }
  return cached = xstrdup (HB_PKGDATADIR);
}

static char *
xdg_dir (const char *var, const char *fallback)
{
  const char *env = getenv (var);
  if (env && env[0] == '/')
    return xasprintf ("%s/hardenbench", env);
  return xasprintf ("%s/%s/hardenbench", home_dir (), fallback);
}

char *
hb_config_dir (void)
{
  return xdg_dir ("XDG_CONFIG_HOME", ".config");
}

char *
hb_cache_dir (void)
{
  return xdg_dir ("XDG_CACHE_HOME", ".cache");
}
