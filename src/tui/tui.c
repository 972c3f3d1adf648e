/* tui.c - the workbench's loop: one poll() over the keyboard, the trial's
 * fd and the targets' reload, keys mapped to actions through the table,
 * redraws coalesced to at most ~30 per second so a burst of events never
 * starves the keyboard.  The targets are reloaded every RELOAD_MS while
 * their list is on screen, on a thread (tui/reload.c). */
#include "config.h"

#include "tui/tui.h"
#include "tui/draw.h"
#include "tui/keys.h"
#include "tui/model.h"
#include "tui/reload.h"
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
#define RELOAD_MS 3000

/* SIGTERM, SIGHUP: leave through the normal exit, which stops the trial and
 * restores the terminal.  SIGINT (^C) is the interrupt action: it asks
 * about unsaved changes as q does. */
static volatile sig_atomic_t quit_signal, interrupt_signal;

static void
on_quit_signal (int sig)
{
  if (sig == SIGINT)
    interrupt_signal = 1;
  else
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
  /* The theme first: an unknown one is an error whatever the colours
   * (NO_COLOR only means they are not drawn) and whether or not there is
   * a terminal. */
  tui_theme theme = { 0 };
  hb_error *err = NULL;
  if (tui_theme_load (&theme, g->theme, &err) < 0)
    {
      tui_theme_clear (&theme);
      return hb_error_report (err);
    }
  if (!isatty (STDIN_FILENO) || !isatty (STDOUT_FILENO))
    {
      tui_theme_clear (&theme);
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
  bool color = use_color (g);
  /* Every warning from here on goes to the status line, not over the
   * screen; those of the last moment are printed after it closes. */
  hb_warnings warnings = { 0 };
  hb_warnings_collect (&warnings);

  tui_model m;
  tui_model_init (&m, &g->engine);
  m.utf8 = locale_is_utf8 ();
  m.color = color;
  m.theme = theme;
  tui_model_load_targets (&m);
  open_initial (&m, target);

  screen_init (&m.theme, color, m.utf8);
  catch_quit_signals ();
  long long last_draw = 0, last_reload = now_ms ();
  bool dirty = true, full = true, want_reload = false;
  tui_reload *reload = NULL;
  /* What opening the target warned about (the first frame shows it). */
  tui_model_take_warnings (&m, &warnings);
  for (;;)
    {
      long long now = now_ms ();
      /* The list on screen follows the engine: a reload every RELOAD_MS,
       * one at a time, never waited for here. */
      if (reload == NULL
          && (want_reload || (m.screen == TUI_SCREEN_TARGETS && now - last_reload >= RELOAD_MS)))
        {
          want_reload = false;
          reload = tui_reload_start (&m.engine);
          last_reload = now;
          m.reloading = reload != NULL;
        }
      if (dirty && now - last_draw >= FRAME_MS)
        {
          if (full)
            clearok (curscr, TRUE);
          tui_view_draw (&m);
          last_draw = now;
          dirty = full = false;
        }
      struct pollfd pfd[3] = { { .fd = STDIN_FILENO, .events = POLLIN },
                               { .fd = tui_model_trial_fd (&m), .events = POLLIN },
                               { .fd = tui_reload_fd (reload), .events = POLLIN } };
      int timeout = dirty ? (int) (FRAME_MS - (now_ms () - last_draw)) : -1;
      if (dirty && timeout < 0)
        timeout = 0;
      if (m.screen == TUI_SCREEN_TARGETS && reload == NULL)
        {
          int until = (int) (RELOAD_MS - (now_ms () - last_reload));
          if (until < 0)
            until = 0;
          if (timeout < 0 || until < timeout)
            timeout = until;
        }
      /* poll ignores entries with a negative fd */
      int n = poll (pfd, 3, timeout);
      if (quit_signal || (n < 0 && errno != EINTR))
        break;
      /* A resize arrives as a signal (poll: EINTR) and then as KEY_RESIZE. */
      int flags = handle_input (&m);
      if (interrupt_signal)
        {
          interrupt_signal = 0;
          flags |= tui_model_action (&m, TUI_ACT_INTERRUPT);
        }
      if (n > 0 && pfd[1].fd >= 0 && (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)))
        flags |= tui_model_trial_process (&m);
      if (n > 0 && pfd[2].fd >= 0 && (pfd[2].revents & (POLLIN | POLLHUP | POLLERR)))
        {
          tui_reload_finish (reload, &m);
          reload = NULL;
          m.reloading = false;
          flags |= TUI_REDRAW;
        }
      if (tui_model_take_warnings (&m, &warnings))
        flags |= TUI_REDRAW;
      if (flags & TUI_RELOAD)
        want_reload = true;
      if (flags & TUI_THEME)
        tui_colors_init (&m.theme, color, m.utf8);
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
  hb_warnings_stop (&warnings);
  hb_warnings_forward (&warnings);
  tui_reload_abandon (reload);
  tui_model_clear (&m);
  return 0;
}
