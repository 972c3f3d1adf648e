/* platform.h - the deployment platforms a trial can behave as (`trial
 * --platform`), and what each one's runtime does by default that a trial
 * must reproduce.  Each fact names its source; platform.c holds them. */
#ifndef HB_SANDBOX_PLATFORM_H
#define HB_SANDBOX_PLATFORM_H

#include "core/error.h"

#include <stdbool.h>

typedef enum hb_platform {
  HB_PLATFORM_DOCKER = 0,     /* the default: Docker Engine >= 20.10 with runc */
  HB_PLATFORM_KUBERNETES,     /* a kubelet with containerd's CRI plugin */
  HB_PLATFORM_FARGATE,        /* Amazon ECS on AWS Fargate (platform 1.4, containerd) */
} hb_platform;

typedef struct hb_platform_facts {
  const char *name;           /* as `--platform` spells it */
  /* net.ipv4.ip_unprivileged_port_start is 0 in the container's network
   * namespace (else the kernel's 1024: a bind below needs
   * CAP_NET_BIND_SERVICE). */
  bool unprivileged_ports;
  /* net.ipv4.ping_group_range is "0 2147483647" (else "1 0": ICMP echo
   * sockets need CAP_NET_RAW). */
  bool unprivileged_icmp;
  const char *ports_source;   /* where the two sysctl facts come from */
  /* The default capability set and seccomp profile: the same as Docker's
   * for the three (this is where it is said, and why). */
  const char *defaults_source;
} hb_platform_facts;

const hb_platform_facts *hb_platform_facts_of (hb_platform platform);
/* "docker" | "kubernetes" | "fargate"; NULL is docker.  HB_EXIT_USAGE
 * naming the choices otherwise. */
int hb_platform_parse (const char *name, hb_platform *out, hb_error **err);

#endif
