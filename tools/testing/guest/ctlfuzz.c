// SPDX-License-Identifier: GPL-2.0
/*
 * lkst-ctlfuzz [-s SEED] [-n WRITES] [-j WRITERS]
 *
 * Hostile writes to every writable file under /sys/kernel/lkst (the
 * control-file fuzz of test.d/22).  Phase 1, one writer: each write is
 * random bytes, a huge, negative or malformed number, a string of up to
 * 64 KiB, a mask set definition with one bad line, a partial write, or
 * (one in four) something valid, so that the state keeps moving.  Around
 * every write the configuration (every file that holds a setting, not the
 * counters) is read; a write that fails must leave it byte for byte as it
 * was.  Phase 2: WRITERS processes write at random at once; afterwards
 * every file must still read.  Tracing stays off in phase 1: a trigger
 * could otherwise change the current mask set on its own.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define SYS	"/sys/kernel/lkst"
#define MAX_FILES	256
#define STATE_MAX	(256 << 10)

static char *files[MAX_FILES];		/* writable */
static int nfiles;
static char *state_files[MAX_FILES];	/* settings, read around each write */
static int nstate;
static uint64_t rng;
static char big[65536 + 1];

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int pick(int n)
{
	return next() % n;
}

static int is_counter(const char *name)
{
	return strstr(name, "stats") || strstr(name, "counts") ||
	       strstr(name, "missed") || strstr(name, "/cpu");
}

static void walk(const char *dir)
{
	struct dirent *d;
	DIR *dp = opendir(dir);

	if (!dp)
		return;
	while ((d = readdir(dp))) {
		char path[512];
		struct stat st;

		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (lstat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			walk(path);
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		if ((st.st_mode & S_IWUSR) && nfiles < MAX_FILES)
			files[nfiles++] = strdup(path);
		if ((st.st_mode & S_IRUSR) && !is_counter(path) && nstate < MAX_FILES)
			state_files[nstate++] = strdup(path);
	}
	closedir(dp);
}

/* Read @path whole into @buf; -1 if it cannot be read. */
static ssize_t slurp(const char *path, char *buf, size_t len)
{
	ssize_t n, got = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + got, len - got)) > 0)
		got += n;
	close(fd);
	return n < 0 ? -1 : got;
}

static size_t snapshot(char *buf)
{
	size_t len = 0;
	int i;

	for (i = 0; i < nstate; i++) {
		ssize_t n;

		len += snprintf(buf + len, STATE_MAX - len, "== %s\n", state_files[i]);
		n = slurp(state_files[i], buf + len, STATE_MAX - len - 1);
		if (n < 0)
			len += snprintf(buf + len, STATE_MAX - len, "<unreadable: %s>\n",
					strerror(errno));
		else
			len += n;
	}
	return len;
}

static const char *const numbers[] = {
	"-1", "-0", "0x", "18446744073709551615", "18446744073709551616",
	"9223372036854775808", "-9223372036854775809", "4294967296", "2147483648",
	"0x7fffffffffffffff", "1e9", " 12 ", "12abc", "0b101", "+8", "010",
	"4194304", "8388608", "7", "9", "65536\n\n", "1\n1", "",
};
static const char *const valid[] = {
	"0", "1", "on", "off", "0\n", "1\n", "8", "64", "1024", "16384",
	"default", "all", "sched", "io", "net", "fz", "fz2", "1\n",
};
static const char *const bad_lines[] = {
	"SYSCALL_ENTRY recrod", "NOPE record", "all stack 99", "all stack 0",
	"all freeze 2147483648", "all freeze -1", "SYSCALL filter pid=",
	"SYSCALL filter comm=0123456789abcdefXYZ", "all trigger nosuch",
	"all trigger default arg9=1", "all trigger default arg0=", "all buffer 4",
	"all buffer 1 arg0=0x1z", "PROCESS", "all none extra", "maskset",
	"maskset a/b", "all sample_site", "all record \x01\x02",
};

/* A hostile (or, one in four, valid) payload for @file into @buf. */
static size_t payload(const char *file, char *buf, size_t max)
{
	size_t len, i;

	switch (pick(8)) {
	case 0:		/* random bytes, NULs included */
		len = pick(64);
		for (i = 0; i < len; i++)
			buf[i] = next();
		return len;
	case 1:
		return snprintf(buf, max, "%s", numbers[pick(sizeof(numbers) / sizeof(*numbers))]);
	case 2:		/* long: up to 64 KiB */
		len = 1 + pick(65536);
		memset(buf, "01ax \n"[pick(6)], len);
		return len;
	case 3:
	case 4:		/* a mask set with one bad line */
		return snprintf(buf, max, "maskset fz%d\nall record\n%s\n",
				pick(3), bad_lines[pick(sizeof(bad_lines) / sizeof(*bad_lines))]);
	case 5:		/* a name with a typo */
		return snprintf(buf, max, "%sx", valid[pick(sizeof(valid) / sizeof(*valid))]);
	default:	/* valid, mostly */
		if (strstr(file, "define"))
			return snprintf(buf, max, "maskset fz%d\nall none\nSYSCALL %s\n",
					pick(3), pick(2) ? "record" : "count");
		return snprintf(buf, max, "%s", valid[pick(sizeof(valid) / sizeof(*valid))]);
	}
}

/* Writing 1 to tracing would let triggers move the state on their own. */
static int starts_tracing(const char *file, const char *buf, size_t len)
{
	return strstr(file, "/tracing") && len && (buf[0] == '1' || buf[0] == 'o');
}

/* One write (or two, or a cut one) to @file; 0 if accepted. */
static int fuzz_write(const char *file, const char *buf, size_t len)
{
	int fd = open(file, O_WRONLY), ret = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	if (len > 1 && !pick(8))
		len = 1 + pick(len - 1);	/* a partial write */
	n = write(fd, buf, len);
	if (n <= 0)
		ret = -1;
	else if (!pick(8) && write(fd, buf, len) <= 0)
		;	/* twice on one descriptor: the first one counts */
	close(fd);
	return ret;
}

static void put(const char *file, const char *text)
{
	int fd = open(file, O_WRONLY);

	if (fd >= 0) {
		if (write(fd, text, strlen(text)) < 0)
			; /* best effort: the baseline may already hold */
		close(fd);
	}
}

static void baseline(const char *records)
{
	char path[256];
	int b;

	put(SYS "/tracing", "0");
	put(SYS "/frozen", "0");
	put(SYS "/masksets/current", "default");
	put(SYS "/buffers/current", "0");
	for (b = 1; b < 4; b++) {
		snprintf(path, sizeof(path), SYS "/buffers/%d/records", b);
		put(path, "0");
	}
	put(SYS "/overwrite", "1");
	put(SYS "/buffer_records", records);
	put(SYS "/reset", "1");
	for (b = 0; b < 3; b++) {
		snprintf(path, sizeof(path), "fz%d", b);
		put(SYS "/masksets/delete", path);
	}
}

static void escape(const char *buf, size_t len, char *out)
{
	size_t i, n = 0;

	for (i = 0; i < len && i < 60; i++)
		n += sprintf(out + n, buf[i] >= 0x20 && buf[i] < 0x7f ? "%c" : "\\x%02x",
			     (unsigned char)buf[i]);
	out[n] = '\0';
}

int main(int argc, char **argv)
{
	static char before[STATE_MAX], after[STATE_MAX], buf[sizeof(big)];
	unsigned long seed = 1, writes = 3000, rejected = 0, accepted = 0;
	int writers = 2, failures = 0, opt, i;
	char records[32] = "16384";
	size_t blen, alen;

	while ((opt = getopt(argc, argv, "s:n:j:")) != -1) {
		if (opt == 's')
			seed = strtoul(optarg, NULL, 0);
		else if (opt == 'n')
			writes = strtoul(optarg, NULL, 0);
		else if (opt == 'j')
			writers = atoi(optarg);
		else
			return 2;
	}
	rng = seed * 0x9E3779B97F4A7C15ULL | 1;
	walk(SYS);
	if (!nfiles) {
		fprintf(stderr, "ctlfuzz: no writable file under %s\n", SYS);
		return 1;
	}
	state_files[nstate++] = "/proc/lkst_masksets";
	if (slurp(SYS "/buffer_records", records, sizeof(records) - 1) > 0)
		records[strcspn(records, "\n")] = '\0';
	baseline(records);
	blen = snapshot(before);

	for (i = 0; i < (int)writes; i++) {
		const char *file = files[pick(nfiles)];
		size_t len = payload(file, buf, sizeof(buf));

		if (starts_tracing(file, buf, len))
			continue;
		if (!fuzz_write(file, buf, len)) {
			accepted++;
			blen = snapshot(before);
		} else {
			rejected++;
			alen = snapshot(after);
			if (alen != blen || memcmp(before, after, alen)) {
				char esc[256];

				escape(buf, len, esc);
				printf("FAIL: write of '%s' (len %zu) to %s was refused (%s) and changed the state\n",
				       esc, len, file, strerror(errno));
				failures++;
				memcpy(before, after, alen);
				blen = alen;
			}
		}
		if (i % 200 == 199) {
			baseline(records);
			blen = snapshot(before);
		}
	}
	printf("ctlfuzz: phase 1: %lu writes (%lu rejected, %lu accepted), %d failures, seed %lu\n",
	       rejected + accepted, rejected, accepted, failures, seed);

	/* phase 2: concurrent writers, tracing allowed */
	for (i = 0; i < writers; i++) {
		if (fork() == 0) {
			unsigned long k;

			rng = (seed + i + 1) * 0x9E3779B97F4A7C15ULL | 1;
			for (k = 0; k < writes / writers / 3; k++) {
				const char *file = files[pick(nfiles)];
				size_t len = payload(file, buf, sizeof(buf));

				fuzz_write(file, buf, len);
			}
			_exit(0);
		}
	}
	while (wait(NULL) > 0)
		;
	baseline(records);
	for (i = 0; i < nstate; i++) {
		if (slurp(state_files[i], after, sizeof(after)) < 0) {
			printf("FAIL: %s unreadable after the concurrent writers: %s\n",
			       state_files[i], strerror(errno));
			failures++;
		}
	}
	printf("ctlfuzz: phase 2: %d writers, %lu writes; %d failures in all\n",
	       writers, writes / writers / 3 * writers, failures);
	return failures ? 1 : 0;
}
