/* fuzz_engine.c - libFuzzer harness: the engine's JSON answers, which come
 * from a socket we do not control (engine/engine_json.c, inspect.c,
 * list.c, the version negotiation of engine.c).
 *
 * The first byte picks the answer; the rest is its body:
 *   0 GET /containers/{id}/json   (an inline seccomp profile is written
 *     into a fresh directory: nothing may land outside it)
 *   1 GET /images/{name}/json
 *   2 GET /containers/json, each element also as its own inspect answer
 *   3 GET /images/json, likewise
 *   4 GET /version */
#include "config.h"

#include "fuzz.h"
#include "engine/engine.h"
#include "engine/engine_json.h"
#include "engine/inspect.h"
#include "policy/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A refused answer says why, and is never a usage error (exit 2): it is
 * the engine's (3), or a bad inline profile (4), or local I/O (1). */
static void
expect_error (hb_error *err)
{
  if (err == NULL || err->msg == NULL || err->status == HB_EXIT_OK
      || err->status == HB_EXIT_USAGE)
    {
      fprintf (stderr, "fuzz: a refused engine answer has status %d: %s\n",
               err ? err->status : -1, err && err->msg ? err->msg : "(no message)");
      abort ();
    }
  hb_error_free (err);
}

static void
container (json_t *j)
{
  char *dir = fuzz_fresh_dir ();
  hb_policy *p = hb_policy_new ();
  hb_error *err = NULL;
  if (hb_inspect_container_policy (j, dir, p, &err) < 0)
    expect_error (err);
  else
    free (hb_policy_to_text (p));
  hb_policy_free (p);
  strv layers = { 0 };
  hb_inspect_layers (j, &layers);
  strv_clear (&layers);
  fuzz_remove_tree (dir);
  free (dir);
  fuzz_check_canary ();
}

static void
image (json_t *j)
{
  hb_policy *p = hb_policy_new ();
  hb_error *err = NULL;
  if (hb_inspect_image_policy (j, p, &err) < 0)
    expect_error (err);
  else
    free (hb_policy_to_text (p));
  hb_policy_free (p);
}

static void
list (json_t *j, bool images)
{
  hb_container_summary *rows = NULL;
  size_t n = 0;
  hb_error *err = NULL;
  if (hb_engine_list_rows (j, "fuzz", images, &rows, &n, &err) < 0)
    {
      expect_error (err);
      return;
    }
  for (size_t i = 0; i < n; i++)
    hb_container_summary_fill (json_array_get (j, i), images, &rows[i]);
  hb_container_summaries_free (rows, n);
}

static void
version (const char *body, size_t len)
{
  char *theirs = NULL, *chosen = NULL;
  hb_error *err = NULL;
  if (hb_engine_version_answer (body, len, &theirs, &err) < 0)
    {
      expect_error (err);
      return;
    }
  if (hb_engine_api_choose (theirs, "unix:///fuzz.sock", &chosen, &err) < 0)
    expect_error (err);
  else if (chosen == NULL)
    abort ();
  free (chosen);
  free (theirs);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 1)
    return 0;
  unsigned kind = data[0] % 5;
  const char *body = (const char *) data + 1;
  size_t len = size - 1;
  if (kind == 4)
    {
      version (body, len);
      return 0;
    }
  hb_error *err = NULL;
  json_t *j = hb_engine_json_parse (body, len, "fuzz", &err);
  if (j == NULL)
    {
      expect_error (err);
      return 0;
    }
  switch (kind)
    {
    case 0: container (j); break;
    case 1: image (j); break;
    default: list (j, kind == 3); break;
    }
  json_decref (j);
  return 0;
}
