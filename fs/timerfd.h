/* timerfd (fs/timerfd.c): the tick's look for timers come due. */
#ifndef FS_TIMERFD_H
#define FS_TIMERFD_H

void timerfd_tick(void);

#endif
