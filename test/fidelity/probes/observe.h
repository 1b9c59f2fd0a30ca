/*
 * What a program can observe about itself after exec, written as one JSON
 * object: fds with their targets and flags, credentials, AT_SECURE, signal
 * state, comm, exe, argv. Shared by the report probe (the new program) and
 * the setup probe (the old program, when its exec failed or it never exec'd).
 *
 * Everything goes through raw system calls and a heap buffer, never stdio,
 * so that a vfork child can use it without corrupting its parent's streams.
 */
#ifndef EXECSIM_OBSERVE_H
#define EXECSIM_OBSERVE_H

#include <stddef.h>

struct buf {
	char *p;
	size_t n, cap;
};

void buf_put(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_int(struct buf *b, long long v);
/* A JSON string literal, bytes above 0x7f escaped as \u00XX (Latin-1 view). */
void buf_json_string(struct buf *b, const char *s);

/* Named variables a scenario stored into this memory (vfork children share them). */
struct memvar {
	const char *name;
	const char *value;
};

/*
 * Appends `"key": value` pairs (no braces) describing the calling process.
 * `stack_limit` is RLIMIT_STACK as the program found it (the report probe
 * raises its own limit first so that a program started with a tiny stack
 * can still run this code).
 */
void observe(struct buf *b, int argc, char **argv, const struct memvar *vars, int nvars, long long stack_limit);

/* RLIMIT_STACK's soft limit, -1 for unlimited. */
long long stack_rlimit(void);

/* Writes the whole buffer to `path` (created 0666), returns 0 or -1. */
int write_file(const char *path, const struct buf *b);

#endif
