#!/usr/bin/python3
"""export_check.py - checks of exported files by their real consumers' models.

  export_check.py ecs FILE [--fargate]   botocore's RegisterTaskDefinition model,
                                         plus the enum values, EC2's memory rule
                                         and Fargate rules botocore does not check
  export_check.py k8s FILE               YAML, then every key and type against
                                         the python3-kubernetes models (V1Pod)

Prints what is wrong and exits 1; exits 0 when the file passes.
Run with Debian's /usr/bin/python3 (python3-botocore, python3-yaml,
python3-kubernetes)."""
import json
import sys

ECS_CAPS = set("""ALL AUDIT_CONTROL AUDIT_WRITE BLOCK_SUSPEND CHOWN DAC_OVERRIDE DAC_READ_SEARCH
FOWNER FSETID IPC_LOCK IPC_OWNER KILL LEASE LINUX_IMMUTABLE MAC_ADMIN MAC_OVERRIDE MKNOD
NET_ADMIN NET_BIND_SERVICE NET_BROADCAST NET_RAW SETFCAP SETGID SETPCAP SETUID SYS_ADMIN
SYS_BOOT SYS_CHROOT SYS_MODULE SYS_NICE SYS_PACCT SYS_PTRACE SYS_RAWIO SYS_RESOURCE SYS_TIME
SYS_TTY_CONFIG SYSLOG WAKE_ALARM""".split())
ECS_TMPFS_OPTS = set("""defaults ro rw suid nosuid dev nodev exec noexec sync async dirsync
remount mand nomand atime noatime diratime nodiratime bind rbind unbindable runbindable private
rprivate shared rshared slave rslave relatime norelatime strictatime nostrictatime mode uid gid
nr_inodes nr_blocks mpol""".split())
FARGATE = {256: [512, 1024, 2048]}
FARGATE.update({512: list(range(1024, 4097, 1024)), 1024: list(range(2048, 8193, 1024)),
                2048: list(range(4096, 16385, 1024)), 4096: list(range(8192, 30721, 1024)),
                8192: list(range(16384, 61441, 4096)), 16384: list(range(32768, 122881, 8192))})

problems = []


def bad(msg):
    problems.append(msg)


def check_ecs(td, fargate):
    import botocore.session
    import botocore.validate
    model = botocore.session.get_session().get_service_model("ecs")
    shape = model.operation_model("RegisterTaskDefinition").input_shape
    try:
        botocore.validate.validate_parameters(td, shape)
    except Exception as e:  # ParamValidationError
        bad("botocore: %s" % e)
    # enum values, checked against the model where it has them
    for key in ("networkMode", "pidMode", "ipcMode"):
        if key in td and td[key] not in shape.members[key].enum:
            bad("%s %r not in %s" % (key, td[key], shape.members[key].enum))
    for c in td.get("requiresCompatibilities", []):
        if c not in shape.members["requiresCompatibilities"].member.enum:
            bad("requiresCompatibilities %r" % c)
    for c in td["containerDefinitions"]:
        lp = c.get("linuxParameters", {})
        for kind in ("add", "drop"):
            for cap in lp.get("capabilities", {}).get(kind, []):
                if cap not in ECS_CAPS:
                    bad("capability %r (%s) is not an ECS value" % (cap, kind))
        for t in lp.get("tmpfs", []):
            for o in t.get("mountOptions", []):
                if o not in ECS_TMPFS_OPTS:
                    bad("tmpfs mount option %r" % o)
            if not isinstance(t.get("size"), int) or t["size"] <= 0:
                bad("tmpfs size %r" % t.get("size"))
        for o in c.get("dockerSecurityOptions", []):
            if not (o == "no-new-privileges" or o.startswith("apparmor:") or o.startswith("label:")
                    or o.startswith("credentialspec:")):
                bad("dockerSecurityOptions value %r" % o)
        names = {v["name"] for v in td.get("volumes", [])}
        for m in c.get("mountPoints", []):
            if m["sourceVolume"] not in names:
                bad("mount point %r names no task volume" % m["sourceVolume"])
        if "memory" in c and c["memory"] < 6:
            bad("container memory %r below 6 MiB" % c["memory"])
        if not fargate and "memory" not in c and "memoryReservation" not in c and "memory" not in td:
            bad("EC2: neither memory nor memoryReservation (container or task): "
                "RegisterTaskDefinition refuses it")
        if "memoryReservation" in c and "memory" in c and c["memoryReservation"] > c["memory"]:
            bad("memoryReservation above memory")
        if fargate:
            for cap in lp.get("capabilities", {}).get("add", []):
                if cap != "SYS_PTRACE":
                    bad("Fargate: adds %s" % cap)
            for pm in c.get("portMappings", []):
                if pm.get("hostPort", pm["containerPort"]) != pm["containerPort"]:
                    bad("Fargate (awsvpc): hostPort %r differs from containerPort" % pm.get("hostPort"))
            for k in ("dockerSecurityOptions", "privileged"):
                if k in c:
                    bad("Fargate: %s" % k)
    for v in td.get("volumes", []):
        n = v["name"]
        if not (1 <= len(n) <= 255 and all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in n)):
            bad("volume name %r" % n)
        if fargate and ("host" in v or "dockerVolumeConfiguration" in v):
            bad("Fargate: volume %r has host or docker configuration" % n)
    if fargate:
        if td.get("requiresCompatibilities") != ["FARGATE"]:
            bad("Fargate: requiresCompatibilities %r" % td.get("requiresCompatibilities"))
        if td.get("networkMode") != "awsvpc":
            bad("Fargate: networkMode %r" % td.get("networkMode"))
        for k in ("pidMode", "ipcMode"):
            if td.get(k) == "host":
                bad("Fargate: %s host" % k)
        try:
            cpu, mem = int(td["cpu"]), int(td["memory"])
            if mem not in FARGATE.get(cpu, []):
                bad("Fargate: cpu %s with memory %s is not a valid combination" % (cpu, mem))
            for c in td["containerDefinitions"]:
                if c.get("memory", 0) > mem or c.get("cpu", 0) > cpu:
                    bad("Fargate: container asks more than the task has")
        except (KeyError, ValueError):
            bad("Fargate: task-level cpu and memory are required")


def k8s_check(obj, typ, path):
    import kubernetes.client.models as models
    if typ.startswith("list["):
        if not isinstance(obj, list):
            return bad("%s: expected a list" % path)
        for i, x in enumerate(obj):
            k8s_check(x, typ[5:-1], "%s[%d]" % (path, i))
        return
    if typ.startswith("dict("):
        if not isinstance(obj, dict):
            return bad("%s: expected a mapping" % path)
        inner = typ[5:-1].split(", ", 1)[1]
        for k, x in obj.items():
            k8s_check(x, inner, "%s.%s" % (path, k))
        return
    prim = {"str": str, "int": int, "bool": bool, "float": (int, float), "object": object}
    if typ in prim:
        if typ == "int" and isinstance(obj, bool) or not isinstance(obj, prim[typ]):
            bad("%s: %r is not %s" % (path, obj, typ))
        return
    cls = getattr(models, typ)
    if not isinstance(obj, dict):
        return bad("%s: expected a %s mapping" % (path, typ))
    by_json = {v: k for k, v in cls.attribute_map.items()}
    for k, x in obj.items():
        if k not in by_json:
            bad("%s.%s: unknown key for %s" % (path, k, typ))
            continue
        k8s_check(x, cls.openapi_types[by_json[k]], "%s.%s" % (path, k))


def check_k8s(pod):
    k8s_check(pod, "V1Pod", "")
    if pod.get("apiVersion") != "v1" or pod.get("kind") != "Pod":
        bad("not a v1 Pod")
    spec = pod["spec"]
    vols = {v["name"]: v for v in spec.get("volumes", [])}
    for c in spec["containers"]:
        for m in c.get("volumeMounts", []):
            if m["name"] not in vols:
                bad("volumeMount %r names no volume" % m["name"])
        sc = c.get("securityContext", {})
        sp = sc.get("seccompProfile", {})
        if sp.get("type") not in ("RuntimeDefault", "Localhost", "Unconfined"):
            bad("seccompProfile type %r" % sp.get("type"))
        if (sp.get("type") == "Localhost") != ("localhostProfile" in sp):
            bad("localhostProfile goes with type Localhost, and only with it")
        if sc.get("privileged") and sc.get("allowPrivilegeEscalation") is False:
            bad("privileged with allowPrivilegeEscalation false is refused by the API server")
    import re
    label = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
    for n in [pod["metadata"]["name"]] + list(vols) + [c["name"] for c in spec["containers"]]:
        if not label.match(n):
            bad("name %r is not a DNS label" % n)


def main():
    kind, path = sys.argv[1], sys.argv[2]
    text = open(path, encoding="utf-8").read()
    if kind == "ecs":
        check_ecs(json.loads(text), "--fargate" in sys.argv[3:])
    elif kind == "k8s":
        import yaml
        check_k8s(yaml.safe_load(text))
    else:
        sys.exit("unknown check %s" % kind)
    for p in problems:
        print("%s: %s" % (path, p))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
