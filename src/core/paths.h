/* paths.h - where hardenbench finds its data and keeps its files.
 *
 * The binary runs uninstalled from the build tree: then profiles/ and themes/
 * come from the source tree; installed, from $(pkgdatadir). */
#ifndef HB_CORE_PATHS_H
#define HB_CORE_PATHS_H

/* The directory holding profiles/ and themes/ (borrowed, never NULL).
 * $HARDENBENCH_DATADIR overrides. */
const char *hb_data_dir (void);
/* $XDG_CONFIG_HOME/hardenbench (or ~/.config/hardenbench), newly allocated. */
char *hb_config_dir (void);
/* $XDG_CACHE_HOME/hardenbench (or ~/.cache/hardenbench), newly allocated. */
char *hb_cache_dir (void);

#endif
