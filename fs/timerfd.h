/* timerfd (fs/timerfd.c): the tick's look for timers come due, and a step's. */
#ifndef FS_TIMERFD_H
#define FS_TIMERFD_H

void timerfd_tick(void);
void timerfd_clock_was_set(void);	/* the wall clock stepped */

#endif
