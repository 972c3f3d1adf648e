/* presets.h - per-image hardening presets (the JSON files of profiles/presets).
 *
 * A preset is a policy fragment known to work for an image family, with
 * the reason for every writable path it opens.  A preset matches a target
 * when one of its image patterns matches the target's image; an add-on
 * (such as ecs-exec) matches no image and is applied on request.  The file
 * format is described in profiles/presets/README.md. */
#ifndef HB_POLICY_PRESETS_H
#define HB_POLICY_PRESETS_H

#include "core/error.h"
#include "core/strv.h"
#include "policy/policy.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct hb_preset {
  char *name;          /* "nginx"; the file is NAME.json */
  char *description;
  bool addon;          /* applied on top of another preset, matches no image */
  strv images;         /* fnmatch patterns: "nginx", "php:*fpm*" */
  strv paths;          /* every writable path the policy opens ... */
  strv reasons;        /* ... and why the image needs it (parallel to paths) */
  char *policy_text;   /* the "policy" object, as JSON text */
  char *file;          /* where it was loaded from */
} hb_preset;

typedef struct hb_preset_set {
  hb_preset *v;
  size_t n;
} hb_preset_set;

/* Parse and validate one preset file's text: the policy part must load as a
 * policy, and its tmpfs/volume paths and the explained paths must be the
 * same set.  Errors are HB_EXIT_INPUT and name the file. */
int hb_preset_parse (const char *text, size_t len, const char *file, hb_preset *out,
                     hb_error **err);
int hb_preset_load (const char *path, hb_preset *out, hb_error **err);
void hb_preset_clear (hb_preset *p);

/* Every preset of DIR (NULL: hb_data_dir()/profiles/presets), sorted by name. */
int hb_presets_load_dir (const char *dir, hb_preset_set *out, hb_error **err);
void hb_preset_set_clear (hb_preset_set *s);
const hb_preset *hb_preset_find (const hb_preset_set *s, const char *name);

/* Does image ("nginx:1.25", "docker.io/library/nginx@sha256:...") match one
 * of the preset's patterns?  Patterns are tried against the reference as
 * written, without the Docker Hub prefixes, and without tag or digest. */
bool hb_preset_matches (const hb_preset *p, const char *image);
/* Names of the (non-add-on) presets matching image, in name order. */
void hb_presets_for_image (const hb_preset_set *s, const char *image, strv *names);

/* Apply a preset on top of policy: its settings replace the ones they name;
 * its tmpfs mounts and volumes are added (replacing a mount at the same
 * path), so add-ons combine with a preset. */
int hb_preset_apply_to (hb_policy *policy, const hb_preset *preset, hb_error **err);
/* The same by name, from the shipped presets (HB_EXIT_NOT_FOUND if none). */
int hb_preset_apply (hb_policy *policy, const char *name, hb_error **err);

#endif
