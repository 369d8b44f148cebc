/* SPDX-License-Identifier: MIT */
/*
 * base/opt.h - one command-line parser for every gemsim and gemsim-view
 * command: a table of options, each with its name, whether it takes a
 * value, its help line and where it goes (a flag, a string, or the
 * command's handler).  Library code: it fills a message, the caller prints.
 *
 *   --opt value  --opt=value   an option with a value (the table's @arg)
 *   --flag                     an option without one (--flag=x is refused)
 *   -jN                        a one-letter option glued to its value
 *   --                         ends the options: what follows is operands
 *   -                          an operand (standard input or output)
 *
 * An unknown option fails with "did you mean" (base/suggest.h) and the
 * list of the command's options; a missing value fails naming the option.
 */
#ifndef GEMSIM_SIM_OPT_H
#define GEMSIM_SIM_OPT_H

#include <stdbool.h>
#include <stddef.h>

#define OPT_MSG 1024
#define OPT_OPERAND 0 /* the id a handler is called with for an operand */

/**
 * struct opt - one option of a command's table.
 * @name: the long name, "--json"
 * @alias: a short name ("-q"), or NULL
 * @arg: what the value is, named in messages and help ("FILE"); NULL for
 *       an option that takes none
 * @help: one line for completion and lists (may be NULL)
 * @flag: a flag without a value: set true here (else the handler is called)
 * @str: a value stored here, the last one given wins (else the handler)
 * @id: with neither @flag nor @str: handed to the parser's handler
 */
struct opt {
	const char *name;
	const char *alias;
	const char *arg;
	const char *help;
	bool *flag;
	const char **str;
	int id;
};

struct opt_parser;

/*
 * A handler: @id of the option (OPT_OPERAND for an operand) and its value
 * (the operand itself; NULL for a flag).  Returns 0 to go on; anything else
 * stops the parse, which returns it.
 */
typedef int (*opt_handler)(void *ctx, int id, const char *val, struct opt_parser *p);

/**
 * struct opt_parser - a command's options and what takes them.
 * @opts: the table; @nopts its length
 * @handle: called for table entries with no @flag or @str, and operands
 * @ctx: handed to @handle
 * @msg: after a failure, what was wrong ("unknown option '--jsn' (did you
 *       mean \"--json\"? options: ...)")
 */
struct opt_parser {
	const struct opt *opts;
	size_t nopts;
	opt_handler handle;
	void *ctx;
	char msg[OPT_MSG];
	/* private: the arguments being read */
	int argc, i;
	char **argv;
};

/**
 * opt_parse() - read @argv[1..@argc) against @p's table.
 * Returns: 0 when every argument was taken, the handler's non-zero return
 * when it stopped the parse, or -1 with @p->msg set (an unknown option, a
 * missing value, a value given to a flag).
 */
int opt_parse(struct opt_parser *p, int argc, char **argv);

/**
 * opt_take() - inside a handler: the next argument as one more value of
 * the current option (gemsim-view's --probe PNG X,Y), or NULL at the end.
 */
const char *opt_take(struct opt_parser *p);

/** opt_find() - the entry named @name (long name or alias), or NULL. */
const struct opt *opt_find(const struct opt *opts, size_t n, const char *name);

#endif
