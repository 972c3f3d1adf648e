/* seccomp.c - the `seccomp` format: the policy's effective seccomp profile
 * (policy/seccomp_merge.c: base profile + the policy's rules) as the
 * Docker/OCI JSON that `docker run --security-opt seccomp=FILE` loads. */
#include "config.h"

#include "export/export.h"
#include "export/export_common.h"
#include "core/cleanup.h"

int
hb_export_seccomp (hb_export_ctx *ctx, FILE *out, hb_error **err)
{
  if (hb_export_seccomp_kind_of (ctx->policy) == HB_EXPORT_SECCOMP_UNCONFINED)
    hb_export_note (ctx, "seccomp: the policy is unconfined: this profile allows every "
                    "syscall (--security-opt seccomp=unconfined does the same)");
  cleanup_free char *text = hb_export_seccomp_text (ctx, err);
  if (text == NULL)
    return -1;
  if (fputs (text, out) < 0)
    return hb_fail (err, HB_EXIT_FAILURE, "export seccomp: cannot write");
  return 0;
}
