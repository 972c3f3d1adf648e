/* fuzz_policy.c - libFuzzer harness: the policy file loader
 * (hb_policy_apply_text, policy/policy_json.c).
 *
 * Beyond "no crash": a refused file is exit status 4 with a message; a
 * policy that loads saves and loads again to the same text (what --save
 * writes is a file every command takes back). */
#include "config.h"

#include "fuzz.h"
#include "policy/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  hb_policy *p = hb_policy_new ();
  hb_error *err = NULL;
  if (hb_policy_apply_text (p, (const char *) data, size, "fuzz.json", &err) < 0)
    {
      /* A refusal says why, and a bad file is exit status 4 (INTERFACE.md). */
      if (err == NULL || err->msg == NULL || err->status != HB_EXIT_INPUT)
        {
          fprintf (stderr, "fuzz: a refused policy has status %d: %s\n", err ? err->status : -1,
                   err && err->msg ? err->msg : "(no message)");
          abort ();
        }
      hb_error_free (err);
      hb_policy_free (p);
      return 0;
    }
  char *saved = hb_policy_to_text (p);
  hb_policy *again = hb_policy_new ();
  if (hb_policy_apply_text (again, saved, strlen (saved), "saved.json", &err) < 0)
    {
      fprintf (stderr, "fuzz: a loaded policy does not reload: %s\n%s", err->msg, saved);
      abort ();
    }
  char *resaved = hb_policy_to_text (again);
  if (strcmp (saved, resaved) != 0)
    {
      fprintf (stderr, "fuzz: a reloaded policy differs:\n%s---\n%s", saved, resaved);
      abort ();
    }
  free (resaved);
  free (saved);
  hb_policy_free (again);
  hb_policy_free (p);
  return 0;
}
