/* test_profile_line.c - which of Docker's default seccomp profiles
 * "default" is: the release line of an engine's version, the newest line
 * (with a note) without an engine or with Podman; the shipped line files
 * are what make-lines.py writes and differ where Docker's lines differ;
 * strict-web allows nothing a line denies. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "audit/explain_profile.h"
#include "core/cleanup.h"
#include "core/xalloc.h"
#include "policy/profile_line.h"
#include "policy/seccomp_profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
assert_line (const char *product, const char *version, hb_profile_line want, bool noted)
{
  char *note = NULL;
  hb_profile_line got = hb_profile_line_for_engine (product, version, &note);
  if (got != want)
    fail_msg ("%s %s: %s, want %s", product ? product : "(none)", version ? version : "(none)",
              hb_profile_line_file (got), hb_profile_line_file (want));
  if (noted != (note != NULL))
    fail_msg ("%s %s: note %s", product ? product : "(none)", version ? version : "(none)",
              note ? note : "(none)");
  free (note);
}

static void
test_line_from_version (void **state)
{
  (void) state;
  assert_line ("Docker", "20.10.24+dfsg1", HB_LINE_DOCKER_20_10, false);
  assert_line ("Docker", "20.10.0", HB_LINE_DOCKER_20_10, false);
  assert_line ("Docker", "22.06.0-beta.0", HB_LINE_DOCKER_23, false);
  assert_line ("Docker", "23.0.0", HB_LINE_DOCKER_23, false);
  assert_line ("Docker", "24.0.7", HB_LINE_DOCKER_23, false);
  assert_line ("Docker", "25.0.0", HB_LINE_DOCKER_25, false);
  assert_line ("Docker", "25.0.3", HB_LINE_DOCKER_25, false);
  assert_line ("Docker", "28.2.2", HB_LINE_DOCKER_25, false);
  assert_line ("Docker", "100.1", HB_LINE_DOCKER_25, false);
  /* older than the oldest line: the oldest, said */
  assert_line ("Docker", "19.03.15", HB_LINE_DOCKER_20_10, true);
  assert_line ("Docker", "1.13.1", HB_LINE_DOCKER_20_10, true);
  assert_line ("Docker", "20.04", HB_LINE_DOCKER_20_10, true);
  /* an engine that does not say which Docker it is runs its version */
  assert_line (NULL, "24.0.5", HB_LINE_DOCKER_23, false);
  /* unreadable, absent, Podman: the newest, said */
  assert_line ("Docker", "master-dockerproject-2024", HB_LINE_DOCKER_25, true);
  assert_line ("Docker", "24", HB_LINE_DOCKER_25, true);
  assert_line ("Docker", "", HB_LINE_DOCKER_25, true);
  assert_line ("Docker", NULL, HB_LINE_DOCKER_25, true);
  assert_line (NULL, NULL, HB_LINE_DOCKER_25, true);
  assert_line ("Podman", "4.3.1", HB_LINE_DOCKER_25, true);
  char *note = NULL;
  hb_profile_line_for_engine ("Podman", "4.3.1", &note);
  assert_non_null (strstr (note, "Podman"));
  assert_non_null (strstr (note, "the newest line"));
  free (note);
}

static void
test_process_choice (void **state)
{
  (void) state;
  /* unset: the newest, with a note */
  assert_int_equal (hb_profile_line_current (), HB_LINE_NEWEST);
  assert_non_null (strstr (hb_profile_line_note (), "no engine"));
  hb_profile_line_set (HB_LINE_DOCKER_20_10, NULL);
  assert_int_equal (hb_profile_line_current (), HB_LINE_DOCKER_20_10);
  assert_null (hb_profile_line_note ());
  /* "default" and "default-no-chmod" follow it */
  char *path = NULL;
  assert_int_equal (hb_seccomp_profile_locate ("default", &path, NULL), 0);
  assert_non_null (strstr (path, "/docker-20.10.json"));
  free (path);
  hb_profile_line_set (HB_LINE_DOCKER_23, "why");
  assert_string_equal (hb_profile_line_note (), "why");
  assert_int_equal (hb_seccomp_profile_locate ("default-no-chmod", &path, NULL), 0);
  assert_non_null (strstr (path, "/docker-23.json"));
  free (path);
  /* a line can be named directly */
  assert_int_equal (hb_seccomp_profile_locate ("docker-25", &path, NULL), 0);
  assert_non_null (strstr (path, "/docker-25.json"));
  free (path);
  assert_int_equal (hb_profile_line_from_file ("docker-23"), HB_LINE_DOCKER_23);
  assert_int_equal (hb_profile_line_from_file ("default"), -1);
  assert_int_equal (hb_profile_line_from_file (NULL), -1);
  hb_profile_line_set (HB_LINE_NEWEST, NULL);
}

static hb_seccomp_profile *
line_profile (hb_profile_line line)
{
  hb_error *err = NULL;
  hb_seccomp_profile *p = hb_seccomp_profile_resolve (hb_profile_line_file (line), &err);
  if (p == NULL)
    fail_msg ("%s: %s", hb_profile_line_file (line), err->msg);
  return p;
}

static void
assert_verdict (const hb_seccomp_profile *p, const char *name, const char *want)
{
  if (!hb_syscall_known (name))
    return;   /* this libseccomp cannot name it: no verdict to compare */
  cleanup_free char *v = hb_profile_verdict (p, name);
  if (strcmp (v, want) != 0)
    fail_msg ("%s: %s: \"%s\", want \"%s\"", p->source, name, v, want);
}

#define DENIED "always denied (EPERM)"

/* Where Docker's lines differ (the probes of tests/cli/profile_lines.bats
 * and the changes make-lines.py lists). */
static void
test_lines_differ_as_docker_does (void **state)
{
  (void) state;
  cleanup_seccomp_profile hb_seccomp_profile *l20 = line_profile (HB_LINE_DOCKER_20_10);
  cleanup_seccomp_profile hb_seccomp_profile *l23 = line_profile (HB_LINE_DOCKER_23);
  cleanup_seccomp_profile hb_seccomp_profile *l25 = line_profile (HB_LINE_DOCKER_25);
  const char *clone3 = "allowed only with CAP_SYS_ADMIN, and fails with ENOSYS without "
                       "CAP_SYS_ADMIN";
  hb_seccomp_profile *all[] = { l20, l23, l25 };
  for (size_t i = 0; i < 3; i++)
    {
      assert_verdict (all[i], "clone3", clone3);
      assert_verdict (all[i], "keyctl", DENIED);
      assert_verdict (all[i], "userfaultfd", DENIED);
      assert_verdict (all[i], "read", "allowed");
    }
  assert_verdict (l20, "io_uring_setup", "allowed");
  assert_verdict (l23, "io_uring_setup", "allowed");
  assert_verdict (l25, "io_uring_setup", DENIED);
  assert_verdict (l25, "io_uring_enter", DENIED);
  assert_verdict (l20, "pkey_alloc", DENIED);
  assert_verdict (l23, "pkey_alloc", "allowed");
  assert_verdict (l25, "pkey_alloc", "allowed");
  assert_verdict (l20, "name_to_handle_at", "allowed only with CAP_SYS_ADMIN");
  assert_verdict (l23, "name_to_handle_at", "allowed");
  assert_verdict (l20, "socket", "allowed");
  assert_verdict (l23, "socket", "allowed only when argument 0 is not 0x28");
  assert_verdict (l25, "socket", "allowed only when argument 0 is not 0x28");
  assert_verdict (l20, "bpf", "allowed only with CAP_SYS_ADMIN");
  assert_verdict (l23, "bpf", "allowed only with CAP_SYS_ADMIN or with CAP_BPF");
  assert_verdict (l23, "perf_event_open", "allowed only with CAP_SYS_ADMIN or with CAP_PERFMON");
  assert_verdict (l20, "process_vm_readv", "allowed only with CAP_SYS_PTRACE");
  assert_verdict (l23, "process_vm_readv",
                  "allowed only on Linux 4.8 and later or with CAP_SYS_PTRACE");
  assert_verdict (l20, "fchmodat2", DENIED);
  assert_verdict (l23, "fchmodat2", DENIED);
  assert_verdict (l25, "fchmodat2", "allowed");
  assert_verdict (l25, "cachestat", "allowed");
  assert_verdict (l25, "map_shadow_stack", "allowed");
  /* each names its source */
  assert_non_null (strstr (l20->description, "moby/moby v20.10.24"));
  assert_non_null (strstr (l23->description, "moby/moby"));
  assert_non_null (strstr (l25->description, "moby#46762"));
}

/* strict-web is an allowlist narrower than every line: nothing it allows
 * is denied by one of Docker's profiles, so a server that passes a trial
 * under it passes under docker run's default too; it refuses AF_VSOCK. */
static void
test_strict_web_within_every_line (void **state)
{
  (void) state;
  hb_error *err = NULL;
  cleanup_seccomp_profile hb_seccomp_profile *web = hb_seccomp_profile_resolve ("strict-web", &err);
  assert_non_null (web);
  assert_verdict (web, "socket", "allowed only when argument 0 is not 0x28");
  for (int line = 0; line < HB_N_LINES; line++)
    {
      cleanup_seccomp_profile hb_seccomp_profile *lp = line_profile ((hb_profile_line) line);
      for (size_t r = 0; r < web->n_rules; r++)
        {
          if (web->rules[r].action != HB_SCMP_ALLOW)
            continue;
          for (size_t k = 0; k < web->rules[r].names.n; k++)
            {
              const char *name = web->rules[r].names.v[k];
              if (!hb_syscall_known (name))
                continue;
              cleanup_free char *v = hb_profile_verdict (lp, name);
              if (strncmp (v, "always", 6) == 0)
                fail_msg ("strict-web allows %s, which %s denies: %s", name, lp->source, v);
            }
        }
    }
}

/* The derived line files are what make-lines.py writes from 20.10's. */
static void
test_line_files_generated (void **state)
{
  (void) state;
  cleanup_free char *cmd = xasprintf ("python3 %s/profiles/seccomp/make-lines.py --check",
                                      HB_ABS_SRCDIR);
  if (system ("python3 -c '' 2>/dev/null") != 0)
    skip ();
  assert_int_equal (system (cmd), 0);
}

int
main (void)
{
  setenv ("HARDENBENCH_DATADIR", HB_ABS_SRCDIR, 1);
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_line_from_version),
    cmocka_unit_test (test_process_choice),
    cmocka_unit_test (test_lines_differ_as_docker_does),
    cmocka_unit_test (test_strict_web_within_every_line),
    cmocka_unit_test (test_line_files_generated),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
