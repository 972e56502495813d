/* SPDX-License-Identifier: ISC */
/*
 * finsam anvandare: create users, set passwords, give and take back
 * role assignments, list users, lock and unlock.  Passwords are read
 * from standard input when it is not a terminal, else from the
 * terminal with echo off (asked twice); never from the command line.
 */
#include "compat.h"

#include <getopt.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"
#include "finsam/access.h"
#include "finsam/db.h"
#include "finsam/forbund.h"
#include "finsam/insats.h"
#include "finsam/user.h"

static const char usage_text[] =
    "användning: finsam anvandare skapa NAMN [--db FIL]\n"
    "       finsam anvandare losenord NAMN [--db FIL]\n"
    "       finsam anvandare tilldela NAMN --roll ROLL\n"
    "           (--forbund KOD | --insats KOD [--forbund KOD]) [--db FIL]\n"
    "       finsam anvandare aterkalla NAMN --roll ROLL\n"
    "           (--forbund KOD | --insats KOD [--forbund KOD]) [--db FIL]\n"
    "       finsam anvandare lista [--db FIL]\n"
    "       finsam anvandare sparra NAMN [--hav] [--db FIL]\n"
    "\n"
    "skapa      ny användare; lösenordet läses från standard in (en rad)\n"
    "           eller, vid en terminal, två gånger utan eko\n"
    "losenord   nytt lösenord; användarens sessioner avslutas\n"
    "tilldela   ge en roll: forbundsadministrator och lasare för ett\n"
    "           förbund, insatsansvarig och deltagaransvarig för en\n"
    "           insats, analytiker och systemadministrator utan\n"
    "           förbund och insats\n"
    "aterkalla  ta tillbaka en roll\n"
    "lista      alla användare med roller\n"
    "sparra     spärra en användare (sessionerna avslutas genast);\n"
    "           --hav häver spärren\n"
    "\n"
    "Lösenord: minst 12 och högst 256 tecken, inte användarnamnet.\n";

#define LINE_MAX_BYTES (FS_PASSWORD_MAX * 4 + 2)

/*
 * Read one line into buf (without the line end); 0 on success, else an
 * exit code after printing the error.
 */
static int
read_line(FILE *f, char *buf, size_t size)
{
	struct fs_err err = FS_ERR_INIT;
	size_t len;

	if (fgets(buf, (int)size, f) == NULL) {
		fs_err_set(&err, FS_EINVAL, "losenord",
		    "inget lösenord på standard in");
		return fs_cli_fail(&err);
	}
	len = strcspn(buf, "\r\n");
	if (buf[len] == '\0' && len == size - 1) {
		fs_err_set(&err, FS_EINVAL, "losenord",
		    "får vara högst %d tecken", FS_PASSWORD_MAX);
		return fs_cli_fail(&err);
	}
	buf[len] = '\0';
	return FS_EXIT_OK;
}

/* Prompt on the terminal and read a line with echo off. */
static int
read_hidden(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	int ret, have;

	fputs(prompt, stderr);
	fflush(stderr);
	have = tcgetattr(STDIN_FILENO, &old) == 0;
	if (have) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	ret = read_line(stdin, buf, size);
	if (have)
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return ret;
}

/* The new password into buf: stdin, or the terminal asked twice. */
static int
get_password(char *buf, size_t size)
{
	struct fs_err err = FS_ERR_INIT;
	char again[LINE_MAX_BYTES];
	int ret;

	if (!isatty(STDIN_FILENO))
		return read_line(stdin, buf, size);
	ret = read_hidden("Lösenord: ", buf, size);
	if (ret == FS_EXIT_OK)
		ret = read_hidden("Upprepa lösenordet: ", again, sizeof(again));
	if (ret == FS_EXIT_OK && strcmp(buf, again) != 0) {
		fs_err_set(&err, FS_EINVAL, "losenord",
		    "lösenorden är inte lika");
		ret = fs_cli_fail(&err);
	}
	sodium_memzero(again, sizeof(again));
	return ret;
}

static int
do_password(struct fs_db *db, const char *name, bool create)
{
	struct fs_err err = FS_ERR_INIT;
	char pw[LINE_MAX_BYTES];
	enum fs_rc rc;
	int ret;

	/* Refuse a bad name before asking for a password. */
	if (fs_user_name_check(name, &err) != FS_OK)
		return fs_cli_fail(&err);
	ret = get_password(pw, sizeof(pw));
	if (ret != FS_EXIT_OK) {
		sodium_memzero(pw, sizeof(pw));
		return ret;
	}
	if (create)
		rc = fs_user_create(db, name, pw, NULL, &err);
	else
		rc = fs_user_set_password(db, name, pw, &err);
	sodium_memzero(pw, sizeof(pw));
	if (rc != FS_OK)
		return fs_cli_fail(&err);
	printf(create ? "Användaren %s är skapad.\n" :
	    "Lösenordet för %s är bytt; sessionerna är avslutade.\n", name);
	return FS_EXIT_OK;
}

/* Resolve --forbund and --insats codes into ids. */
static enum fs_rc
resolve(struct fs_db *db, const char *fkod, const char *ikod, int64_t *fid,
    int64_t *iid, struct fs_err *err)
{
	struct fs_forbund f;
	struct fs_insats i;
	enum fs_rc rc = FS_OK;

	*fid = 0;
	*iid = 0;
	fs_forbund_init(&f);
	fs_insats_init(&i);
	if (fkod != NULL) {
		rc = fs_forbund_get_kod(db, fkod, &f, err);
		if (rc == FS_OK)
			*fid = f.id;
	}
	if (rc != FS_OK && err != NULL)
		snprintf(err->field, sizeof(err->field), "forbund");
	if (rc == FS_OK && ikod != NULL) {
		if (*fid != 0)
			rc = fs_insats_get_kod(db, *fid, ikod, &i, err);
		else
			rc = fs_insats_find_kod(db, ikod, &i, err);
		if (rc == FS_OK)
			*iid = i.id;
		else if (rc == FS_EINVAL)
			rc = fs_err_set(err, rc, "insats", "koden används av "
			    "insatser i flera förbund: ange också --forbund");
		else if (err != NULL)
			snprintf(err->field, sizeof(err->field), "insats");
	}
	fs_forbund_release(&f);
	fs_insats_release(&i);
	return rc;
}

static int
do_assign(struct fs_db *db, const char *name, const char *roll,
    const char *fkod, const char *ikod, bool give)
{
	struct fs_err err = FS_ERR_INIT;
	enum fs_role role;
	int64_t fid, iid;
	enum fs_rc rc;

	if (roll == NULL)
		return fs_cli_usage_error(usage_text, "--roll måste anges");
	rc = fs_role_parse(roll, &role, &err);
	if (rc == FS_OK)
		rc = resolve(db, fkod, ikod, &fid, &iid, &err);
	/* An insats found within --forbund: the förbund only narrowed it. */
	if (rc == FS_OK && iid != 0 && fs_role_per_insats(role))
		fid = 0;
	if (rc == FS_OK)
		rc = give ? fs_user_assign(db, name, role, fid, iid, &err) :
		    fs_user_unassign(db, name, role, fid, iid, &err);
	if (rc != FS_OK)
		return fs_cli_fail(&err);
	printf(give ? "%s har fått rollen %s.\n" :
	    "%s har inte längre rollen %s.\n", name, fs_role_label(role));
	return FS_EXIT_OK;
}

static int
do_list(struct fs_db *db)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_user *v;
	size_t n;

	if (fs_user_list(db, &v, &n, &err) != FS_OK)
		return fs_cli_fail(&err);
	printf("%-20s %-8s %-20s %s\n", "namn", "status", "skapad", "roller");
	for (size_t i = 0; i < n; i++) {
		printf("%-20s %-8s %-20s", v[i].name,
		    v[i].locked ? "spärrad" : "aktiv", v[i].created);
		if (v[i].nassignments == 0)
			printf(" -");
		for (size_t j = 0; j < v[i].nassignments; j++) {
			const struct fs_user_assignment *a =
			    &v[i].assignments[j];
			const char *r = fs_role_name(a->a.role);

			printf("%s %s", j > 0 ? "," : "",
			    r != NULL ? r : "okänd");
			if (a->insats_kod != NULL)
				printf(" insats %s/%s", a->forbund_kod != NULL ?
				    a->forbund_kod : "?", a->insats_kod);
			else if (a->forbund_kod != NULL)
				printf(" förbund %s", a->forbund_kod);
		}
		printf("\n");
	}
	fs_user_list_free(v, n);
	return FS_EXIT_OK;
}

int
cmd_anvandare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "roll", required_argument, NULL, 'r' },
		{ "forbund", required_argument, NULL, 'f' },
		{ "insats", required_argument, NULL, 'i' },
		{ "hav", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fs_err err = FS_ERR_INIT;
	const char *dbopt = NULL, *roll = NULL, *fkod = NULL, *ikod = NULL;
	const char *sub, *name = NULL;
	struct fs_db *db;
	bool unlock = false;
	int c, ret;

	if (argc < 2 || fs_cli_wants_help(argc, argv)) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? FS_EXIT_INPUT : FS_EXIT_OK;
	}
	sub = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dbopt = optarg;
			break;
		case 'r':
			roll = optarg;
			break;
		case 'f':
			fkod = optarg;
			break;
		case 'i':
			ikod = optarg;
			break;
		case 'u':
			unlock = true;
			break;
		default:
			fputs(usage_text, stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (strcmp(sub, "lista") == 0) {
		if (optind != argc)
			return fs_cli_usage_error(usage_text,
			    "lista tar inga argument");
	} else if (strcmp(sub, "skapa") == 0 || strcmp(sub, "losenord") == 0 ||
	    strcmp(sub, "tilldela") == 0 || strcmp(sub, "aterkalla") == 0 ||
	    strcmp(sub, "sparra") == 0) {
		if (optind + 1 != argc)
			return fs_cli_usage_error(usage_text,
			    "ange användarens namn");
		name = argv[optind];
	} else {
		return fs_cli_usage_error(usage_text,
		    "okänt underkommando '%s'", sub);
	}
	if ((roll != NULL || fkod != NULL || ikod != NULL) &&
	    strcmp(sub, "tilldela") != 0 && strcmp(sub, "aterkalla") != 0)
		return fs_cli_usage_error(usage_text,
		    "--roll, --forbund och --insats hör till tilldela och "
		    "aterkalla");
	if (unlock && strcmp(sub, "sparra") != 0)
		return fs_cli_usage_error(usage_text, "--hav hör till sparra");
	if (fs_db_open(fs_cli_db_path(dbopt), NULL, fs_cli_actor(), &db,
	    &err) != FS_OK)
		return fs_cli_fail(&err);
	if (strcmp(sub, "lista") == 0) {
		ret = do_list(db);
	} else if (strcmp(sub, "skapa") == 0) {
		ret = do_password(db, name, true);
	} else if (strcmp(sub, "losenord") == 0) {
		ret = do_password(db, name, false);
	} else if (strcmp(sub, "tilldela") == 0) {
		ret = do_assign(db, name, roll, fkod, ikod, true);
	} else if (strcmp(sub, "aterkalla") == 0) {
		ret = do_assign(db, name, roll, fkod, ikod, false);
	} else {
		if (fs_user_set_locked(db, name, !unlock, &err) != FS_OK)
			ret = fs_cli_fail(&err);
		else
			ret = FS_EXIT_OK;
		if (ret == FS_EXIT_OK)
			printf(unlock ? "Spärren för %s är hävd.\n" :
			    "%s är spärrad; sessionerna är avslutade.\n",
			    name);
	}
	fs_db_close(db);
	return ret;
}
