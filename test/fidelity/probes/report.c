/*
 * The new program of a fidelity scenario (and, for scripts, their
 * interpreter): reports what it inherited through exec as JSON in
 * $EXECSIM_OUT/report-<pid>.json, then exits 0.
 *
 * A scenario may start it with a 64 KiB RLIMIT_STACK almost filled by its
 * arguments, where even libc's start-up code would overflow the stack. So the
 * real entry point is a few instructions that use no stack at all: they save
 * the soft limit the program was given and lift it to the hard limit with
 * prlimit64, then jump to libc's _start.
 */
#define _GNU_SOURCE
#include "observe.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

struct rlimit64_raw {
	unsigned long long cur, max;
};
struct rlimit64_raw entry_old_stack, entry_new_stack;

__asm__(
	".text\n"
	".globl execsim_entry\n"
	"execsim_entry:\n"
	"	mov %rdx, %r12\n"                 /* the ABI's atexit pointer for _start */
	"	mov $302, %eax\n"                 /* prlimit64(0, RLIMIT_STACK, NULL, &old) */
	"	xor %edi, %edi\n"
	"	mov $3, %esi\n"
	"	xor %edx, %edx\n"
	"	lea entry_old_stack(%rip), %r10\n"
	"	syscall\n"
	"	mov entry_old_stack+8(%rip), %rax\n"
	"	mov %rax, entry_new_stack(%rip)\n"
	"	mov %rax, entry_new_stack+8(%rip)\n"
	"	mov $302, %eax\n"                 /* prlimit64(0, RLIMIT_STACK, &new, NULL) */
	"	xor %edi, %edi\n"
	"	mov $3, %esi\n"
	"	lea entry_new_stack(%rip), %rdx\n"
	"	xor %r10d, %r10d\n"
	"	syscall\n"
	"	mov %r12, %rdx\n"
	"	jmp _start\n");

int main(int argc, char **argv)
{
	long long stack = entry_old_stack.cur == (unsigned long long)RLIM_INFINITY ? -1 : (long long)entry_old_stack.cur;
	struct buf b = {0};
	buf_puts(&b, "{");
	observe(&b, argc, argv, NULL, 0, stack);
	buf_puts(&b, "}\n");
	const char *dir = getenv("EXECSIM_OUT");
	if (!dir)
		return 3;
	char path[4096];
	snprintf(path, sizeof path, "%s/report-%d.json", dir, (int)getpid());
	return write_file(path, &b) == 0 ? 0 : 4;
}
