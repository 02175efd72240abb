/*
 * poweroff: flush the file systems and switch the machine off.
 * On shmos this ends QEMU; on Linux only root (CAP_SYS_BOOT) may do it.
 * reboot(2) does not return when it works, so reaching the end is an error.
 */
#include <stdio.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(void)
{
	sync();
	reboot(RB_POWER_OFF);
	perror("poweroff: reboot");
	return 1;
}
