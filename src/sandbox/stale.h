/* stale.h - what a SIGKILLed supervisor left behind: entries named
 * trial-PID-N (run dirs, cgroups) whose PID no longer exists. */
#ifndef HB_SANDBOX_STALE_H
#define HB_SANDBOX_STALE_H

typedef void (*hb_stale_remove_fn) (const char *path);

/* Call remove(DIR/ENTRY) for every stale trial entry of dir. */
void hb_stale_trials_remove (const char *dir, hb_stale_remove_fn remove);

#endif
