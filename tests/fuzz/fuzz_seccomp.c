/* fuzz_seccomp.c - libFuzzer harness: the seccomp profile loader (Docker
 * and OCI JSON, policy/seccomp_profile.c) and the filter built from it
 * (sandbox/seccomp_filter.c).
 *
 * Beyond "no crash": hb_seccomp_profile_check agrees with the parser; a
 * profile the parser accepts builds into a filter (a trial never fails on
 * a profile its load accepted), and its JSON parses back. */
#include "config.h"

#include "fuzz.h"
#include "policy/seccomp_profile.h"
#include "sandbox/seccomp_filter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *text = (const char *) data;
  hb_error *err = NULL;
  int checked = hb_seccomp_profile_check (text, size, "fuzz.json", &err);
  hb_error_free (err);
  err = NULL;
  hb_seccomp_profile *prof = hb_seccomp_profile_parse (text, size, "fuzz.json", &err);
  if ((prof != NULL) != (checked == 0))
    {
      fprintf (stderr, "fuzz: check says %d, parse says %s\n", checked, prof ? "ok" : err->msg);
      abort ();
    }
  if (prof == NULL)
    {
      if (err == NULL || err->msg == NULL)
        abort ();
      hb_error_free (err);
      return 0;
    }
  /* Every capability, then none: includes/excludes go both ways. */
  const unsigned long long cap_sets[] = { ~0ull, 0ull };
  for (size_t i = 0; i < 2; i++)
    for (unsigned flags = 0; flags <= HB_FILTER_TRACE_DENIALS; flags += HB_FILTER_TRACE_DENIALS)
      {
        scmp_filter_ctx ctx = hb_seccomp_filter_build (prof, cap_sets[i], flags, &err);
        if (ctx == NULL)
          {
            fprintf (stderr, "fuzz: a profile that loads does not build: %s\n", err->msg);
            abort ();
          }
        seccomp_release (ctx);
      }
  json_t *j = hb_seccomp_profile_to_json (prof);
  char *again = json_dumps (j, JSON_COMPACT);
  hb_seccomp_profile *back = hb_seccomp_profile_parse (again, strlen (again), "again.json", &err);
  if (back == NULL)
    {
      fprintf (stderr, "fuzz: a profile's own JSON does not load: %s\n%s\n", err->msg, again);
      abort ();
    }
  hb_seccomp_profile_free (back);
  free (again);
  json_decref (j);
  hb_seccomp_profile_free (prof);
  return 0;
}
