/* app.h - the application layer: the operations both front ends (the
 * commands in src/commands and the workbench in src/tui) perform, built on
 * the subsystems below (policy, engine, sandbox, monitor, export, audit).
 * A front end parses input and draws; what it does is here, once, so a
 * flag and a workbench key cannot mean different things. */
#ifndef HB_APP_APP_H
#define HB_APP_APP_H

#include "engine/target.h"

#include <stdbool.h>

/* The GLOBAL options (INTERFACE.md): the engine to reach, the theme and
 * colour choice of the workbench. */
typedef struct hb_globals {
  hb_engine_opts engine;
  const char *theme;
  bool no_color;
} hb_globals;

#endif
