/* test_event.c - trial events as JSON and as readable lines. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "monitor/event.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

static char *
dump (const hb_event *ev)
{
  json_t *j = hb_event_to_json (ev);
  char *s = json_dumps (j, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref (j);
  return s;
}

static void
test_json (void **state)
{
  (void) state;
  hb_event ev = { .kind = HB_EV_WRITE_DENIED, .ts = 0.5, .pid = 3, .comm = xstrdup ("sh"),
                  .syscall = xstrdup ("openat"), .path = xstrdup ("/etc/x"), .errnum = EROFS };
  cleanup_free char *s = dump (&ev);
  assert_string_equal (s, "{\"comm\":\"sh\",\"errno\":\"EROFS\",\"kind\":\"write-denied\","
                          "\"path\":\"/etc/x\",\"pid\":3,\"syscall\":\"openat\",\"ts\":0.5}");
  hb_event_clear (&ev);
  assert_null (ev.comm);

  hb_event ex = { .kind = HB_EV_EXIT, .pid = 1, .signal = SIGKILL, .status = -1 };
  cleanup_free char *e = dump (&ex);
  assert_string_equal (e, "{\"kind\":\"exit\",\"pid\":1,\"signal\":9,\"ts\":0.0}");
  hb_event ok = { .kind = HB_EV_EXIT, .pid = 1, .status = 3 };
  cleanup_free char *o = dump (&ok);
  assert_string_equal (o, "{\"kind\":\"exit\",\"pid\":1,\"status\":3,\"ts\":0.0}");

  hb_event st = { .kind = HB_EV_START, .data = json_pack ("{s:s,s:[s]}", "target", "/r",
                                                          "namespaces", "pid") };
  cleanup_free char *t = dump (&st);
  assert_string_equal (t, "{\"kind\":\"start\",\"namespaces\":[\"pid\"],\"target\":\"/r\",\"ts\":0.0}");
  hb_event_clear (&st);

  hb_event ex2 = { .kind = HB_EV_EXEC, .pid = 1, .comm = xstrdup ("sh") };
  strv_push (&ex2.argv, "/bin/sh");
  strv_push (&ex2.argv, "-c");
  cleanup_free char *x = dump (&ex2);
  assert_string_equal (x, "{\"argv\":[\"/bin/sh\",\"-c\"],\"comm\":\"sh\",\"kind\":\"exec\",\"pid\":1,\"ts\":0.0}");
  hb_event_clear (&ex2);

  hb_event d = { .kind = HB_EV_SYSCALL_DENIED, .pid = 2, .errnum = 4242, .rule = xstrdup ("r") };
  cleanup_free char *ds = dump (&d);
  assert_non_null (strstr (ds, "\"errno\":\"4242\""));
  hb_event_clear (&d);
}

static void
test_text (void **state)
{
  (void) state;
  hb_event ev = { .kind = HB_EV_OUTPUT, .ts = 1.25, .stream = xstrdup ("stdout"),
                  .line = xstrdup ("evil \x1b]0;title\x07 line") };
  cleanup_free char *t = hb_event_text (&ev, HB_EVENT_TEXT_LINE);
  assert_null (strchr (t, '\x1b'));
  assert_null (strchr (t, '\x07'));
  assert_non_null (strstr (t, "stdout"));
  hb_event_clear (&ev);
  hb_event n = { .kind = HB_EV_NOTE, .line = xstrdup ("memory limit not applied: EPERM") };
  cleanup_free char *nt = hb_event_text (&n, HB_EVENT_TEXT_LINE);
  assert_non_null (strstr (nt, "note: memory limit not applied"));
  hb_event_clear (&n);
  /* the start names the line "default" seccomp stands for, when it knows */
  hb_event s1 = { .kind = HB_EV_START,
                  .data = json_pack ("{s:s,s:s}", "target", "web", "seccomp_default",
                                     "docker-20.10") };
  cleanup_free char *s1t = hb_event_text (&s1, HB_EVENT_TEXT_LINE);
  assert_non_null (strstr (s1t, "trial of web started (default seccomp: Docker 20.10's)"));
  hb_event_clear (&s1);
  hb_event s3 = { .kind = HB_EV_START,
                  .data = json_pack ("{s:s,s:s,s:s}", "target", "/r", "seccomp_default",
                                     "docker-25", "seccomp_default_note", "no engine, so x") };
  cleanup_free char *s3t = hb_event_text (&s3, HB_EVENT_TEXT_LINE);
  assert_non_null (strstr (s3t, "trial of /r started (default seccomp: Docker 25+'s: no "
                                "engine, so x)"));
  hb_event_clear (&s3);
  hb_event s2 = { .kind = HB_EV_START, .data = json_pack ("{s:s,s:s}", "target", "web",
                                                          "seccomp_default", "odd") };
  cleanup_free char *s2t = hb_event_text (&s2, HB_EVENT_TEXT_LINE);
  assert_non_null (strstr (s2t, "trial of web started"));
  assert_null (strstr (s2t, "default seccomp"));
  hb_event_clear (&s2);
  for (int k = HB_EV_START; k <= HB_EV_NOTE; k++)
    {
      hb_event e = { .kind = (hb_event_kind) k };
      cleanup_free char *s = hb_event_text (&e, HB_EVENT_TEXT_LINE);
      assert_non_null (s);
      assert_string_not_equal (hb_event_kind_name ((hb_event_kind) k), "?");
    }
  assert_string_equal (hb_event_kind_name (HB_EV_PERM_DENIED), "perm-denied");
}

/* The two layouts of one renderer: a line of `trial`, a row of the
 * workbench's log (no time; an exit other than the main process's
 * without its pid, so rows coalesce). */
static void
test_layouts (void **state)
{
  (void) state;
  hb_event w = { .kind = HB_EV_WRITE_DENIED, .ts = 0.5, .pid = 3, .comm = xstrdup ("sh"),
                 .syscall = xstrdup ("openat"), .path = xstrdup ("/etc/x"), .errnum = EROFS };
  cleanup_free char *wl = hb_event_text (&w, HB_EVENT_TEXT_LINE);
  cleanup_free char *wr = hb_event_text (&w, HB_EVENT_TEXT_ROW);
  assert_string_equal (wl, "[0.500] write denied: sh (pid 3) openat /etc/x: EROFS");
  assert_string_equal (wr, "write   /etc/x  (sh openat, EROFS)");
  hb_event_clear (&w);

  hb_event p = { .kind = HB_EV_PERM_DENIED, .pid = 4, .comm = xstrdup ("nginx"),
                 .syscall = xstrdup ("bind"), .path = xstrdup (""), .errnum = 4242,
                 .capability = xstrdup ("CAP_NET_BIND_SERVICE") };
  cleanup_free char *pl = hb_event_text (&p, HB_EVENT_TEXT_LINE);
  cleanup_free char *pr = hb_event_text (&p, HB_EVENT_TEXT_ROW);
  assert_string_equal (pl, "[0.000] permission denied: nginx (pid 4) bind : 4242, needs CAP_NET_BIND_SERVICE");
  assert_string_equal (pr, "perm    bind  (nginx, 4242, needs CAP_NET_BIND_SERVICE)");
  hb_event_clear (&p);

  hb_event x = { .kind = HB_EV_EXIT, .pid = 7, .comm = xstrdup ("true"), .status = 0 };
  cleanup_free char *xr = hb_event_text (&x, HB_EVENT_TEXT_ROW);
  assert_string_equal (xr, "exit    true status 0");
  x.pid = 1;
  x.signal = 9;
  cleanup_free char *xm = hb_event_text (&x, HB_EVENT_TEXT_ROW);
  cleanup_free char *xl = hb_event_text (&x, HB_EVENT_TEXT_LINE);
  assert_string_equal (xm, "exit    main process killed by signal 9");
  assert_string_equal (xl, "[0.000] pid 1 killed by signal 9 (KILL)");
  hb_event_clear (&x);

  char buf[16];
  assert_string_equal (text_errno_name (EROFS, buf), "EROFS");
  assert_string_equal (text_errno_name (0, buf), "0");
  assert_string_equal (text_errno_name (-3, buf), "-3");
  assert_string_equal (text_errno_name (4242, buf), "4242");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_json),
    cmocka_unit_test (test_text),
    cmocka_unit_test (test_layouts),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
