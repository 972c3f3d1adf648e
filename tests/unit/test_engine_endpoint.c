/* test_engine_endpoint.c - choosing the engine without one: the docker
 * CLI's order (--context, --engine, DOCKER_HOST, DOCKER_CONTEXT,
 * currentContext, default), context files as `docker context create`
 * writes them, TLS settings from flags and the environment. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/xalloc.h"
#include "engine/endpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *dir;

static void
write_file (const char *path, const char *text)
{
  hb_error *err = NULL;
  cleanup_free char *d = xstrdup (path);
  *strrchr (d, '/') = '\0';
  assert_int_equal (mkdir_p (d, 0700, &err), 0);
  assert_int_equal (file_write_atomic (path, text, strlen (text), true, 0600, &err), 0);
}

/* A context as the docker CLI stores it, in a directory named by a digest
 * (any 64 hex digits: the name inside meta.json is what counts). */
static void
context (const char *digest, const char *name, const char *host, bool skip_verify, bool tls)
{
  cleanup_free char *meta = xasprintf ("%s/contexts/meta/%s/meta.json", dir, digest);
  cleanup_free char *text = xasprintf ("{\"Name\":\"%s\",\"Metadata\":{},\"Endpoints\":{\"docker\":"
                                       "{\"Host\":\"%s\",\"SkipTLSVerify\":%s}}}",
                                       name, host, skip_verify ? "true" : "false");
  write_file (meta, text);
  if (tls)
    {
      cleanup_free char *ca = xasprintf ("%s/contexts/tls/%s/docker/ca.pem", dir, digest);
      write_file (ca, "not checked here\n");
    }
}

static int
setup (void **state)
{
  (void) state;
  char tmpl[] = "/tmp/hb-endpoint-XXXXXX";
  assert_non_null (mkdtemp (tmpl));
  dir = xstrdup (tmpl);
  setenv ("DOCKER_CONFIG", dir, 1);
  unsetenv ("DOCKER_HOST");
  unsetenv ("DOCKER_CONTEXT");
  unsetenv ("DOCKER_TLS_VERIFY");
  unsetenv ("DOCKER_TLS");
  unsetenv ("DOCKER_CERT_PATH");
  context ("1111111111111111111111111111111111111111111111111111111111111111", "remote",
           "tcp://build:2376", false, true);
  context ("2222222222222222222222222222222222222222222222222222222222222222", "other",
           "ssh://me@other", false, false);
  context ("3333333333333333333333333333333333333333333333333333333333333333", "insecure",
           "tcp://lab:2376", true, false);
  return 0;
}

static int
teardown (void **state)
{
  (void) state;
  hb_error *err = NULL;
  rm_rf (dir, &err);
  hb_error_free (err);
  free (dir);
  return 0;
}

static void
resolve (const hb_engine_opts *opts, hb_endpoint *ep)
{
  hb_error *err = NULL;
  int r = hb_endpoint_resolve (opts, ep, &err);
  if (r < 0)
    fail_msg ("%s", err->msg);
}

static void
test_order (void **state)
{
  (void) state;
  hb_endpoint ep;
  cleanup_free char *cfg = xasprintf ("%s/config.json", dir);
  write_file (cfg, "{\"auths\":{},\"currentContext\":\"other\"}");
  resolve (NULL, &ep);
  assert_string_equal (ep.url, "ssh://me@other");
  assert_string_equal (ep.via, "context other");
  hb_endpoint_clear (&ep);

  setenv ("DOCKER_CONTEXT", "remote", 1);
  resolve (NULL, &ep);
  assert_string_equal (ep.url, "tcp://build:2376");
  assert_true (ep.tls && ep.verify);
  assert_non_null (strstr (ep.ca, "/contexts/tls/1111"));
  assert_null (ep.cert);
  hb_endpoint_clear (&ep);

  setenv ("DOCKER_HOST", "tcp://envhost:2375", 1);
  resolve (NULL, &ep);
  assert_string_equal (ep.url, "tcp://envhost:2375");
  assert_string_equal (ep.via, "DOCKER_HOST");
  assert_false (ep.tls);
  hb_endpoint_clear (&ep);

  hb_engine_opts flag = { .url = "unix:///flag.sock" };
  resolve (&flag, &ep);
  assert_string_equal (ep.url, "unix:///flag.sock");
  assert_string_equal (ep.via, "--engine");
  hb_endpoint_clear (&ep);

  /* --context beats DOCKER_HOST */
  hb_engine_opts ctx = { .context = "insecure" };
  resolve (&ctx, &ep);
  assert_string_equal (ep.url, "tcp://lab:2376");
  assert_true (ep.tls);
  assert_false (ep.verify);
  hb_endpoint_clear (&ep);

  hb_engine_opts both = { .url = "unix:///x", .context = "remote" };
  hb_error *err = NULL;
  assert_int_equal (hb_endpoint_resolve (&both, &ep, &err), -1);
  assert_int_equal (err->status, HB_EXIT_USAGE);
  hb_error_free (err);

  unsetenv ("DOCKER_HOST");
  unsetenv ("DOCKER_CONTEXT");
  unlink (cfg);
  resolve (NULL, &ep);
  assert_string_equal (ep.via, "default");
  assert_true (strncmp (ep.url, "unix:///", 8) == 0);
  hb_endpoint_clear (&ep);
}

static void
test_tls_from_environment (void **state)
{
  (void) state;
  cleanup_free char *certs = xasprintf ("%s/certs", dir);
  cleanup_free char *ca = xasprintf ("%s/ca.pem", certs);
  cleanup_free char *cert = xasprintf ("%s/cert.pem", certs);
  cleanup_free char *key = xasprintf ("%s/key.pem", certs);
  write_file (ca, "x");
  write_file (cert, "x");
  write_file (key, "x");
  setenv ("DOCKER_HOST", "tcp://h:2376", 1);
  setenv ("DOCKER_TLS_VERIFY", "1", 1);
  setenv ("DOCKER_CERT_PATH", certs, 1);
  hb_endpoint ep;
  resolve (NULL, &ep);
  assert_true (ep.tls && ep.verify);
  assert_string_equal (ep.ca, ca);
  assert_string_equal (ep.cert, cert);
  assert_string_equal (ep.key, key);
  hb_endpoint_clear (&ep);

  /* a default file that is not there is left out, as the docker CLI does */
  unlink (cert);
  unlink (key);
  resolve (NULL, &ep);
  assert_string_equal (ep.ca, ca);
  assert_null (ep.cert);
  assert_null (ep.key);
  hb_endpoint_clear (&ep);

  /* a certificate without its key is an error */
  write_file (cert, "x");
  hb_error *err = NULL;
  assert_int_equal (hb_endpoint_resolve (NULL, &ep, &err), -1);
  assert_non_null (strstr (err->msg, "cert.pem without key.pem"));
  hb_error_free (err);
  err = NULL;

  /* a flag's file must exist */
  hb_engine_opts missing = { .tlsverify = true, .tlscacert = "/nonexistent/ca.pem" };
  assert_int_equal (hb_endpoint_resolve (&missing, &ep, &err), -1);
  assert_int_equal (err->status, HB_EXIT_ENGINE);
  assert_non_null (strstr (err->msg, "--tlscacert /nonexistent/ca.pem"));
  hb_error_free (err);

  /* TLS means nothing for a unix socket */
  setenv ("DOCKER_HOST", "unix:///var/run/docker.sock", 1);
  resolve (&missing, &ep);
  assert_false (ep.tls);
  hb_endpoint_clear (&ep);

  /* --tls alone: TLS without verification; DOCKER_TLS_VERIFY=0 still verifies */
  unsetenv ("DOCKER_TLS_VERIFY");
  setenv ("DOCKER_HOST", "tcp://h:2376", 1);
  unlink (cert);
  hb_engine_opts tls = { .tls = true };
  resolve (&tls, &ep);
  assert_true (ep.tls);
  assert_false (ep.verify);
  hb_endpoint_clear (&ep);
  setenv ("DOCKER_TLS_VERIFY", "0", 1);
  resolve (NULL, &ep);
  assert_true (ep.verify);
  hb_endpoint_clear (&ep);
  unsetenv ("DOCKER_TLS_VERIFY");
  unsetenv ("DOCKER_CERT_PATH");
  unsetenv ("DOCKER_HOST");
}

static void
test_context_errors (void **state)
{
  (void) state;
  hb_error *err = NULL;
  hb_endpoint ep;
  hb_engine_opts none = { .context = "nosuch" };
  assert_int_equal (hb_endpoint_resolve (&none, &ep, &err), -1);
  assert_non_null (strstr (err->msg, "context \"nosuch\" does not exist"));
  hb_error_free (err);
  err = NULL;

  /* a broken meta.json of another context does not hide this one */
  cleanup_free char *bad = xasprintf ("%s/contexts/meta/%s/meta.json", dir,
                                      "4444444444444444444444444444444444444444444444444444444444444444");
  write_file (bad, "{not json");
  hb_engine_opts remote = { .context = "remote" };
  resolve (&remote, &ep);
  assert_string_equal (ep.url, "tcp://build:2376");
  hb_endpoint_clear (&ep);

  cleanup_free char *cfg = xasprintf ("%s/config.json", dir);
  write_file (cfg, "{\"currentContext\": [1]}");
  assert_int_equal (hb_endpoint_resolve (NULL, &ep, &err), -1);
  assert_int_equal (err->status, HB_EXIT_ENGINE);
  assert_non_null (strstr (err->msg, "currentContext"));
  hb_error_free (err);
  unlink (cfg);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_order, setup, teardown),
    cmocka_unit_test_setup_teardown (test_tls_from_environment, setup, teardown),
    cmocka_unit_test_setup_teardown (test_context_errors, setup, teardown),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
