/* hb_engine_tool.c - test and benchmark driver for src/engine (not
 * installed):
 *   hb_engine_tool rootfs [--engine URL] TARGET   prepare TARGET's files, print its layers
 *   hb_engine_tool untar DEST < TAR               extract a (hostile) tar into DEST */
#include "config.h"

#include "core/cleanup.h"
#include "engine/extract.h"
#include "engine/target.h"

#include <stdio.h>
#include <string.h>

int
main (int argc, char **argv)
{
  hb_error *err = NULL;
  if (argc == 3 && strcmp (argv[1], "untar") == 0)
    {
      hb_extract_report rep;
      if (hb_tar_extract_fd_report (0, argv[2], NULL, &rep, &err) < 0)
        return hb_error_report (err);
      if (rep.devices_left_out)
        fprintf (stderr, "hb_engine_tool: note: %llu device node%s left out\n",
                 (unsigned long long) rep.devices_left_out, rep.devices_left_out == 1 ? "" : "s");
      return 0;
    }
  hb_engine_opts opts = { 0 };
  int i = 2;
  if (argc >= 2 && strcmp (argv[1], "rootfs") == 0)
    {
      if (argc == 5 && strcmp (argv[2], "--engine") == 0)
        {
          opts.url = argv[3];
          i = 4;
        }
      if (i == argc - 1)
        {
          cleanup_target hb_target *t = hb_target_resolve (argv[i], &opts, &err);
          if (t == NULL || hb_target_prepare_rootfs (t, &opts, &err) < 0)
            return hb_error_report (err);
          for (size_t k = 0; k < t->rootfs.layers.n; k++)
            puts (t->rootfs.layers.v[k]);
          return 0;
        }
    }
  fprintf (stderr, "usage: hb_engine_tool rootfs [--engine URL] TARGET | untar DEST < TAR\n");
  return 2;
}
