// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel symbols for the code addresses of a trace (arguments of type
 * "sym", and the return addresses of the "stack" handler).
 *
 * Three sources fill the same table: /proc/kallsyms when "lkst record"
 * ends (only the symbols the trace's addresses fall in are saved, as a
 * SYMBOLS chunk), that chunk when a trace is read, and a file the reader
 * names (a copy of /proc/kallsyms, or a System.map plus the KASLR offset
 * a crash dump gives).  Only text symbols are kept.  A symbol's size is
 * the distance to the next one of the same owner (the kernel, or one
 * module), which is what kallsyms_lookup() reports too; the last symbol
 * of a module ends with the module (/proc/modules), and one with no known
 * size matches only its own address.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lkst-trace.h"

/* Symbol and module names: printable ASCII without blanks, as kallsyms has them */
static int is_symbol_name(const char *s, size_t max)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (*s <= ' ' || *s >= 0x7f || n == max)
			return 0;
	return n > 0;
}

static int same_owner(const struct lkst_symbol *a, const struct lkst_symbol *b)
{
	return !strcmp(a->module, b->module);
}

int lkst_symtab_add(struct lkst_symtab *s, uint64_t addr, uint64_t size,
		    const char *name, const char *module)
{
	struct lkst_symbol *sym;

	if (!is_symbol_name(name, LKST_SYMBOL_NAME_MAX) ||
	    (*module && !is_symbol_name(module, LKST_MODULE_NAME_MAX))) {
		errno = EINVAL;
		return -1;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 1024;
		struct lkst_symbol *p = realloc(s->syms, cap * sizeof(*p));

		if (!p)
			return -1;
		s->syms = p;
		s->cap = cap;
	}
	sym = &s->syms[s->n];
	sym->addr = addr;
	sym->size = size;
	sym->weak = 0;
	sym->order = s->n;
	sym->name = strdup(name);
	sym->module = strdup(module);
	if (!sym->name || !sym->module) {
		free(sym->name);
		free(sym->module);
		return -1;
	}
	s->n++;
	return 0;
}

static size_t leading_underscores(const char *s)
{
	return strspn(s, "_");
}

/*
 * By address; of aliases, the one the kernel's kallsyms_lookup() (and so
 * %pS) names comes first, as scripts/kallsyms.c orders them: not weak,
 * then the fewest leading underscores, then the file's order.
 */
static int symbol_cmp(const void *a, const void *b)
{
	const struct lkst_symbol *x = a, *y = b;
	size_t ux, uy;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->weak != y->weak)
		return x->weak - y->weak;
	ux = leading_underscores(x->name);
	uy = leading_underscores(y->name);
	if (ux != uy)
		return ux < uy ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

void lkst_symtab_finish(struct lkst_symtab *s)
{
	size_t i, kept = 0;

	if (!s->n)
		return;
	qsort(s->syms, s->n, sizeof(*s->syms), symbol_cmp);
	for (i = 0; i < s->n; i++) {
		struct lkst_symbol *sym = &s->syms[i];

		if (kept && s->syms[kept - 1].addr == sym->addr) {
			free(sym->name);	/* an alias: the first name stays */
			free(sym->module);
			continue;
		}
		s->syms[kept++] = *sym;
	}
	s->n = kept;
}

/* Sizes for a whole table (kallsyms): up to the next symbol of the owner */
static void size_symbols(struct lkst_symtab *s)
{
	size_t i;

	for (i = 0; i + 1 < s->n; i++) {
		struct lkst_symbol *sym = &s->syms[i];

		if (!sym->size && same_owner(sym, sym + 1))
			sym->size = sym[1].addr - sym->addr;
	}
}

/* The first symbol at or above @addr */
static size_t first_at(const struct lkst_symtab *s, uint64_t addr)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->syms[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int lkst_symtab_bound_modules(struct lkst_symtab *s, const char *path)
{
	FILE *f = fopen(path, "r");
	char name[LKST_MODULE_NAME_MAX + 2], *line = NULL;
	unsigned long long size, base;
	size_t cap = 0, i;

	if (!f)
		return -1;
	/* "name size refcount users state address", /proc/modules' format */
	while (getline(&line, &cap, f) > 0) {
		if (sscanf(line, "%64s %llu %*s %*s %*s %llx", name, &size, &base) != 3 ||
		    !base || base + size < base)
			continue;
		for (i = first_at(s, base); i < s->n && s->syms[i].addr < base + size; i++) {
			struct lkst_symbol *sym = &s->syms[i];

			/* its last symbol: up to the end of the module */
			if (!sym->size && !strcmp(sym->module, name))
				sym->size = base + size - sym->addr;
		}
	}
	free(line);
	fclose(f);
	return 0;
}

void lkst_symtab_free(struct lkst_symtab *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->syms[i].name);
		free(s->syms[i].module);
	}
	free(s->syms);
	memset(s, 0, sizeof(*s));
}

const struct lkst_symbol *lkst_symtab_lookup(const struct lkst_symtab *s,
					     uint64_t addr)
{
	size_t lo = 0, hi = s->n;
	const struct lkst_symbol *sym;

	/* the last symbol at or below addr */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	sym = &s->syms[lo - 1];
	if (addr - sym->addr < sym->size || addr == sym->addr)
		return sym;
	return NULL;
}

int lkst_symtab_read_kallsyms(struct lkst_symtab *s, const char *path,
			      uint64_t offset, struct lkst_err *err)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	unsigned long lineno = 0, nonzero = 0;
	int ret = -1;

	if (!f)
		return lkst_fail(err, "%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char name[LKST_SYMBOL_NAME_MAX + 3], module[LKST_MODULE_NAME_MAX + 4];
		unsigned long long addr;
		char type;
		int n;

		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			lkst_fail(err, "%s: line %lu: longer than %zu bytes",
				  path, lineno, sizeof(line) - 2);
			goto out;
		}
		module[0] = '\0';
		n = sscanf(line, "%llx %c %513s %66s", &addr, &type, name, module);
		if (n < 3) {
			lkst_fail(err, "%s: line %lu: expected 'ADDRESS TYPE NAME [[MODULE]]'",
				  path, lineno);
			goto out;
		}
		if (!strchr("tTwW", type))	/* data, absolute, ...: not code */
			continue;
		if (addr)
			nonzero++;
		if (n == 4) {
			size_t len = strlen(module);

			if (len < 3 || module[0] != '[' || module[len - 1] != ']') {
				char shown[LKST_ESCAPED_MAX(sizeof(module))];

				lkst_fail(err, "%s: line %lu: bad module '%s', expected [NAME]",
					  path, lineno, lkst_escape(module, shown, sizeof(shown)));
				goto out;
			}
			memmove(module, module + 1, len - 2);
			module[len - 2] = '\0';
		}
		if (lkst_symtab_add(s, addr + offset, 0, name, module)) {
			lkst_fail(err, "%s: line %lu: %s", path, lineno,
				  errno == EINVAL ? "bad symbol or module name" :
				  "out of memory");
			goto out;
		}
		s->syms[s->n - 1].weak = type == 'w' || type == 'W';
	}
	if (ferror(f)) {
		lkst_fail(err, "%s: read error after line %lu", path, lineno);
		goto out;
	}
	/* kptr_restrict shows every address as 0 */
	s->hidden = s->n && !nonzero;
	lkst_symtab_finish(s);
	size_symbols(s);
	ret = 0;
out:
	fclose(f);
	return ret;
}

size_t lkst_format_address(const struct lkst_trace *t, uint64_t addr,
			   int is_return, char *buf, size_t len)
{
	/*
	 * A return address follows its call, which may be the last
	 * instruction of its function (a call to a noreturn one, panic()
	 * say): it is named by the byte before it, as %pB does.
	 */
	const struct lkst_symbol *sym =
		addr ? lkst_symtab_lookup(&t->symbols, addr - !!is_return) : NULL;
	int n;

	if (!sym)
		n = snprintf(buf, len, "0x%" PRIx64, addr);
	else if (sym->size)
		n = snprintf(buf, len, "%s+0x%" PRIx64 "/0x%" PRIx64 "%s%s%s",
			     sym->name, addr - sym->addr, sym->size,
			     *sym->module ? " [" : "", sym->module,
			     *sym->module ? "]" : "");
	else
		n = snprintf(buf, len, "%s+0x%" PRIx64 "%s%s%s", sym->name,
			     addr - sym->addr, *sym->module ? " [" : "", sym->module,
			     *sym->module ? "]" : "");
	return n < 0 ? 0 : (size_t)n;
}
