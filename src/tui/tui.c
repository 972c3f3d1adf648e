/* tui.c - the workbench's loop: one poll() over the keyboard and the trial's
 * fd, keys mapped to actions through the table, redraws coalesced to at most
 * ~30 per second so a burst of events never starves the keyboard. */
#include "config.h"

#include "tui/tui.h"
#include "tui/draw.h"
#include "tui/keys.h"
#include "tui/model.h"
#include "core/cleanup.h"
#include "core/xalloc.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#define FRAME_MS 33

/* SIGINT, SIGTERM, SIGHUP: leave through the normal exit, which stops the
 * trial and restores the terminal. */
static volatile sig_atomic_t quit_signal;

static void
on_quit_signal (int sig)
{
  quit_signal = sig;
}

static void
catch_quit_signals (void)
{
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_quit_signal;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
}

static long long
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool
use_color (const hb_globals *g)
{
  if (g->no_color)
    return false;
  const char *nc = getenv ("NO_COLOR");
  return !(nc && *nc);
}

static bool
locale_is_utf8 (void)
{
  const char *cs = nl_langinfo (CODESET);
  return cs && (strcmp (cs, "UTF-8") == 0 || strcmp (cs, "utf8") == 0);
}

/* Put text on the clipboard with OSC 52 (inside tmux: passed through when
 * tmux's set-clipboard allows it). */
static void
send_clipboard (tui_model *m)
{
  if (m->clipboard == NULL)
    return;
  cleanup_free char *seq = tui_osc52 (m->clipboard);
  free (m->clipboard);
  m->clipboard = NULL;
  fflush (stdout);
  size_t len = strlen (seq), off = 0;
  while (off < len)
    {
      ssize_t n = write (STDOUT_FILENO, seq + off, len - off);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      off += (size_t) n;
    }
}

/* A key while a prompt is open: text goes into the line. */
static int
prompt_key (tui_model *m, wint_t ch, bool is_key)
{
  if (!is_key)
    {
      if (ch == 8 || ch == 127)
        return tui_model_prompt_key (m, TUI_PK_BACKSPACE);
      if (ch == 23)
        return tui_model_prompt_key (m, TUI_PK_KILL_WORD);
      if (ch == 21)
        return tui_model_prompt_key (m, TUI_PK_KILL_LINE);
      if (ch >= 0x20 && ch != 0x7f)
        {
          char buf[MB_LEN_MAX + 1];
          mbstate_t st;
          memset (&st, 0, sizeof st);
          size_t n = wcrtomb (buf, (wchar_t) ch, &st);
          if (n == (size_t) -1)
            return TUI_HANDLED;
          buf[n] = '\0';
          return tui_model_type (m, buf);
        }
    }
  else
    {
      if (ch == KEY_BACKSPACE)
        return tui_model_prompt_key (m, TUI_PK_BACKSPACE);
      if (ch == KEY_DC)
        return tui_model_prompt_key (m, TUI_PK_DELETE);
    }
  /* Enter, Esc, arrows, Tab: actions */
  tui_action a = tui_key_action ((int) ch);
  if (!is_key && (ch == 'g' || ch == 'G'))
    a = TUI_ACT_NONE;
  return a ? tui_model_action (m, a) : TUI_HANDLED;
}

static int
mouse_event (tui_model *m)
{
  MEVENT ev;
  if (getmouse (&ev) != OK)
    return TUI_IGNORED;
  if (ev.bstate & BUTTON4_PRESSED)
    return tui_model_action (m, TUI_ACT_UP);
#ifdef BUTTON5_PRESSED
  if (ev.bstate & BUTTON5_PRESSED)
    return tui_model_action (m, TUI_ACT_DOWN);
#endif
  if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED)))
    return TUI_IGNORED;
  if (ev.bstate & BUTTON1_RELEASED)
    return TUI_IGNORED;
  tui_hit_kind kind;
  size_t index;
  if (!tui_hit_find (ev.y, ev.x, &kind, &index))
    return TUI_IGNORED;
  return tui_model_click (m, kind, index);
}

static int
handle_input (tui_model *m)
{
  int flags = 0;
  wint_t ch;
  int r;
  while ((r = get_wch (&ch)) != ERR)
    {
      bool is_key = r == KEY_CODE_YES;
      if (is_key && ch == KEY_RESIZE)
        {
          flags |= TUI_REDRAW | TUI_FULL_REDRAW;
          continue;
        }
      if (is_key && ch == KEY_MOUSE)
        {
          flags |= mouse_event (m);
          continue;
        }
      if (m->prompt != TUI_PROMPT_NONE)
        flags |= prompt_key (m, ch, is_key);
      else
        {
          tui_action a = tui_key_action ((int) ch);
          if (a != TUI_ACT_NONE)
            flags |= tui_model_action (m, a);
        }
      if (flags & TUI_QUIT)
        break;
    }
  return flags;
}

static void
screen_init (const tui_theme *theme, bool color, bool utf8)
{
  initscr ();
  cbreak ();
  noecho ();
  nonl ();
  keypad (stdscr, TRUE);
  nodelay (stdscr, TRUE);
  set_escdelay (25);
  curs_set (0);
  mousemask (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
             | BUTTON5_PRESSED
#endif
             , NULL);
  mouseinterval (0);
  tui_colors_init (theme, color, utf8);
}

/* Open what the command line named: a rootfs directory joins the list and
 * opens; a container or image opens when it resolves. */
static void
open_initial (tui_model *m, const char *target)
{
  if (target == NULL)
    return;
  hb_error *err = NULL;
  hb_target *t = hb_target_resolve (target, &m->engine, &err);
  if (t == NULL)
    {
      tui_set_status (m, true, "%s", err && err->msg ? err->msg : "cannot open the target");
      hb_error_free (err);
      return;
    }
  if (t->kind == HB_TARGET_ROOTFS)
    tui_model_add_target (m, HB_TARGET_ROOTFS, target, t->name, NULL, NULL, "rootfs directory");
  tui_model_take_target (m, t);
}

int
tui_main (hb_globals *g, const char *target)
{
  if (!isatty (STDIN_FILENO) || !isatty (STDOUT_FILENO))
    {
      fprintf (stderr, "hardenbench: the workbench needs a terminal (stdin and stdout); "
                       "use a command instead, see 'hardenbench --help'\n");
      return HB_EXIT_USAGE;
    }
  /* The user's locale, for ncursesw's wide characters and the line
   * drawing choice below; the commands run in the C locale (main.c).
   * Numbers stay in the C locale: policy fields such as cpus "1.5" are
   * parsed with strtod, which a decimal-comma locale would refuse. */
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");
  tui_theme theme = { 0 };
  hb_error *err = NULL;
  bool color = use_color (g);
  if (color && tui_theme_load (&theme, g->theme, &err) < 0)
    return hb_error_report (err);

  tui_model m;
  tui_model_init (&m, &g->engine);
  m.utf8 = locale_is_utf8 ();
  tui_model_load_targets (&m);
  open_initial (&m, target);

  screen_init (&theme, color, m.utf8);
  catch_quit_signals ();
  long long last_draw = 0;
  bool dirty = true, full = true;
  for (;;)
    {
      long long now = now_ms ();
      if (dirty && now - last_draw >= FRAME_MS)
        {
          if (full)
            clearok (curscr, TRUE);
          tui_view_draw (&m);
          last_draw = now;
          dirty = full = false;
        }
      struct pollfd pfd[2] = { { .fd = STDIN_FILENO, .events = POLLIN },
                               { .fd = tui_model_trial_fd (&m), .events = POLLIN } };
      int nfds = pfd[1].fd >= 0 ? 2 : 1;
      int timeout = dirty ? (int) (FRAME_MS - (now_ms () - last_draw)) : -1;
      if (dirty && timeout < 0)
        timeout = 0;
      int n = poll (pfd, (nfds_t) nfds, timeout);
      if (quit_signal || (n < 0 && errno != EINTR))
        break;
      /* A resize arrives as a signal (poll: EINTR) and then as KEY_RESIZE. */
      int flags = handle_input (&m);
      if (n > 0 && nfds == 2 && (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)))
        flags |= tui_model_trial_process (&m);
      if (flags & TUI_CLIPBOARD)
        send_clipboard (&m);
      if (flags & TUI_QUIT)
        break;
      if (flags & (TUI_REDRAW | TUI_FULL_REDRAW))
        dirty = true;
      if (flags & TUI_FULL_REDRAW)
        full = true;
      if (pfd[0].revents & (POLLHUP | POLLERR))
        break;
    }
  tui_model_trial_finish (&m);
  endwin ();
  tui_model_clear (&m);
  tui_theme_clear (&theme);
  return 0;
}
