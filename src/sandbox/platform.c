/* platform.c - the facts of platform.h, each with its source. */
#include "config.h"

#include "sandbox/platform.h"

#include <string.h>

static const hb_platform_facts facts[] = {
  [HB_PLATFORM_DOCKER] = {
    .name = "docker",
    .unprivileged_ports = true,
    .unprivileged_icmp = true,
    .ports_source = "Docker Engine 20.10 and later set net.ipv4.ip_unprivileged_port_start=0 "
                    "and net.ipv4.ping_group_range=\"0 2147483647\" in a container with a "
                    "network namespace of its own (measured with 20.10: tests/fidelity)",
    .defaults_source = "moby's default capabilities (oci/caps/defaults.go) and default "
                       "seccomp profile (profiles/seccomp/default.json)",
  },
  [HB_PLATFORM_KUBERNETES] = {
    .name = "kubernetes",
    .unprivileged_ports = false,
    .unprivileged_icmp = false,
    .ports_source = "containerd 1.6 and 1.7's CRI plugin leaves both sysctls at the "
                    "kernel's defaults unless enable_unprivileged_ports and "
                    "enable_unprivileged_icmp are set in its configuration, both false by "
                    "default (containerd docs/cri/config.md)",
    .defaults_source = "containerd's default capabilities (oci.DefaultSpec: the same 14 as "
                       "Docker's) and, with seccompProfile RuntimeDefault, containerd's profile "
                       "(contrib/seccomp, generated from moby's default)",
  },
  [HB_PLATFORM_FARGATE] = {
    .name = "fargate",
    .unprivileged_ports = false,
    .unprivileged_icmp = false,
    .ports_source = "Fargate platform version 1.4 runs tasks with containerd, which leaves "
                    "both sysctls at the kernel's defaults",
    .defaults_source = "the Docker default capability set (ECS task definition reference, "
                       "linuxParameters.capabilities; on Fargate only SYS_PTRACE can be added) "
                       "and containerd's default seccomp profile",
  },
};

const hb_platform_facts *
hb_platform_facts_of (hb_platform platform)
{
  if ((unsigned) platform >= sizeof facts / sizeof facts[0])
    platform = HB_PLATFORM_DOCKER;
  return &facts[platform];
}

int
hb_platform_parse (const char *name, hb_platform *out, hb_error **err)
{
  if (name == NULL)
    {
      *out = HB_PLATFORM_DOCKER;
      return 0;
    }
  for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++)
    if (strcmp (name, facts[i].name) == 0)
      {
        *out = (hb_platform) i;
        return 0;
      }
  return hb_fail (err, HB_EXIT_USAGE, "--platform %s: not one of docker, kubernetes, fargate", name);
}
