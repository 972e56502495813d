/* SPDX-License-Identifier: ISC */
/*
 * finsam generera: write realistic synthetic förbund, insatser,
 * deltagande and anonymous counts as import files (gen.h), and with
 * "generera register" a pseudonymised participation file with benefit
 * spells for the register linkage (koppling.h).  Parses the options,
 * calls fs_gen_write() or fs_koppling_gen_write() once, shows progress
 * on stderr for large runs and a summary in Swedish on stdout.  Needs
 * no database.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "finsam/buf.h"
#include "finsam/err.h"
#include "finsam/fmt.h"
#include "finsam/gen.h"
#include "finsam/koppling.h"
#include "finsam/parse.h"

#define DEFAULT_DIR	"./syntetiska-data"
#define PROGRESS_FROM	100000u

static const char usage_text[] =
    "användning: finsam generera [--forbund N] [--deltagande M] [--seed S]\n"
    "                [--ut KATALOG] [--fran ÅÅÅÅ-MM-DD] [--till ÅÅÅÅ-MM-DD]\n"
    "\n"
    "Skriver KATALOG/forbund.csv, insatser.csv, deltagande.csv och\n"
    "anonyma.csv i importformaten, med syntetiska men realistiska data\n"
    "(andelar som i SUS 2019, riket).  Samma argument ger samma filer.\n"
    "\n"
    "  --forbund N      antal förbund, 1–80 (standard 10)\n"
    "  --deltagande M   antal deltaganden, högst 5 000 000 (standard 10 000)\n"
    "  --seed S         frö för slumptalen, 0 eller större (standard 1)\n"
    "  --ut KATALOG     katalog att skriva i, skapas vid behov\n"
    "                   (standard " DEFAULT_DIR ")\n"
    "  --fran DATUM     periodens första dag (standard 2019-01-01)\n"
    "  --till DATUM     periodens sista dag (standard 2024-12-31)\n"
    "\n"
    "Personnumren är påhittade med födelsenummer 980–999 (Skatteverkets\n"
    "serie för testpersonnummer) och tillhör inga verkliga personer.\n"
    "\n"
    "finsam generera register --help: syntetiska förmånsregister för\n"
    "registerkopplingen.\n";

static const char usage_register[] =
    "användning: finsam generera register --personer P --perioder S\n"
    "                [--seed X] [--deltaganden D] [--forbund N]\n"
    "                [--fran ÅÅÅÅ-MM-DD] [--till ÅÅÅÅ-MM-DD] [--ut KATALOG]\n"
    "       finsam generera register --deltagandefil FIL --perioder S\n"
    "                [--seed X] [--ut KATALOG]\n"
    "\n"
    "Skriver KATALOG/deltagande.csv (pseudonymiserad deltagandefil som\n"
    "från finsam koppling exportera) och KATALOG/perioder.csv\n"
    "(pseudonym,forman,from,tom,omfattning): sjukskrivningar på 25–100 %\n"
    "från veckor till år, rehabiliteringspenning, långa sjukersättningar,\n"
    "aktivitetsersättning för unga, a-kassa, aktivitetsstöd,\n"
    "etableringsersättning och försörjningsstöd per kalendermånad.  En\n"
    "femtedel av perioderna gäller personer utanför deltagandefilen.  Samma\n"
    "argument ger samma filer.\n"
    "\n"
    "  --personer P       personer i deltagandefilen, 1–10 000 000\n"
    "  --perioder S       rader i periodfilen, högst 2 000 000 000\n"
    "  --deltaganden D    deltaganden (standard: 7,5 % fler än personer)\n"
    "  --forbund N        antal förbund, 1–80 (standard 10)\n"
    "  --fran, --till     perioden deltagandena ligger i (standard\n"
    "                     2019-01-01–2023-12-31); perioderna täcker tre år\n"
    "                     före och ett år efter\n"
    "  --deltagandefil    en befintlig deltagandefil att skapa perioder för\n"
    "  --ut KATALOG       katalog att skriva i (standard " DEFAULT_DIR ")\n";

struct progress {
	bool	 tty;
	int	 shown;		/* last percentage shown, -1 none */
};

static void
show_progress(void *arg, uint64_t done, uint64_t total)
{
	struct progress *pr = arg;
	int pct = total == 0 ? 100 : (int)(done * 100 / total);

	if (pr->tty) {
		if (pct == pr->shown)
			return;
		fprintf(stderr, "\rgenererar deltaganden: %3d %%", pct);
		if (done == total)
			fputc('\n', stderr);
	} else {
		if (pr->shown >= 0 && pct - pr->shown < 10 && done != total)
			return;
		if (pct == pr->shown)
			return;
		fprintf(stderr, "generera: %3d %% av deltagandena\n", pct);
	}
	fflush(stderr);
	pr->shown = pct;
}

static void
show_register_progress(void *arg, uint64_t done, uint64_t total)
{
	struct progress *pr = arg;
	int pct = total == 0 ? 100 : (int)(done * 100 / total);

	if (pct == pr->shown)
		return;
	if (pr->tty)
		fprintf(stderr, "\rgenererar perioder: %3d %%%s", pct,
		    done == total ? "\n" : "");
	else if (pr->shown < 0 || pct - pr->shown >= 10 || done == total)
		fprintf(stderr, "generera register: %3d %% av perioderna\n",
		    pct);
	else
		return;
	fflush(stderr);
	pr->shown = pct;
}

/* The value of option name at argv[*i]: "--name V" or "--name=V". */
static const char *
optval(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] == '\0' && *i + 1 < argc) {
		(*i)++;
		return argv[*i];
	}
	return NULL;
}

/* The summary on stdout: what each file holds, numbers as "12 309". */
static enum fs_rc
summary(struct fs_buf *b, const char *dir, const struct fs_gen_params *p,
    const struct fs_gen_stats *st)
{
	const struct {
		const char	*pre;
		uint64_t	 v;
	} parts[] = {
		{ "  forbund.csv     ", st->forbund },
		{ " förbund (varav ", st->lansforbund },
		{ " länsförbund) med ", st->kommuner },
		{ " kommuner\n  insatser.csv    ", st->insatser },
		{ " insatser, varav ", st->insatser_individ },
		{ " individinriktade\n  deltagande.csv  ", st->deltagande },
		{ " deltaganden av ", st->personer },
		{ " unika personer: ", st->avslutade },
		{ " avslutade (varav ", st->felregistrering },
		{ " felregistreringar) och ", st->deltagande - st->avslutade },
		{ " pågående\n  anonyma.csv     ", st->anonyma },
	};
	char fran[11], till[11];
	enum fs_rc rc;

	fs_date_format(p->fran, fran);
	fs_date_format(p->till, till);
	rc = fs_buf_addf(b, "Syntetiska data skrivna till %s (frö %llu, "
	    "period %s–%s):\n", dir, (unsigned long long)p->seed, fran, till);
	for (size_t i = 0; i < FS_NELEM(parts) && rc == FS_OK; i++) {
		rc = fs_buf_addstr(b, parts[i].pre);
		if (rc == FS_OK)
			rc = fs_fmt_int(b, (int64_t)parts[i].v, FS_FMT_TEXT,
			    NULL);
	}
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, " rader med antal kvinnor och män\n");
	return rc;
}

/* finsam generera register: the synthetic benefit registers. */
static int
generera_register(int argc, char **argv)
{
	struct fs_koppling_gen_params p;
	struct fs_koppling_gen_stats st;
	struct fs_err err = FS_ERR_INIT;
	struct progress pr;
	struct fs_buf b;
	const char *dir = DEFAULT_DIR;
	bool personer = false, perioder = false;
	enum fs_rc rc;
	int ret;

	if (fs_cli_wants_help(argc, argv)) {
		fputs(usage_register, stdout);
		return FS_EXIT_OK;
	}
	fs_koppling_gen_params_init(&p);
	for (int i = 1; i < argc; i++) {
		static const struct {
			const char	*name;
			int64_t		 lo;
			int64_t		 hi;
		} nums[] = {
			{ "--personer", 1, 10000000 },
			{ "--perioder", 0, 2000000000 },
			{ "--deltaganden", 1, 50000000 },
			{ "--forbund", 1, 80 },
			{ "--seed", 0, INT64_MAX },
		};
		const char *v;
		int64_t n;
		int32_t d;
		bool done = false;

		for (size_t j = 0; j < FS_NELEM(nums) && !done; j++) {
			v = optval(argc, argv, &i, nums[j].name);
			if (v == NULL)
				continue;
			rc = fs_parse_i64(v, strlen(v), nums[j].lo, nums[j].hi,
			    &n, nums[j].name + 2, &err);
			if (rc != FS_OK)
				return fs_cli_fail(&err);
			switch (j) {
			case 0:
				p.personer = (uint64_t)n;
				personer = true;
				break;
			case 1:
				p.perioder = (uint64_t)n;
				perioder = true;
				break;
			case 2:
				p.deltaganden = (uint64_t)n;
				break;
			case 3:
				p.forbund = (unsigned)n;
				break;
			default:
				p.seed = (uint64_t)n;
				break;
			}
			done = true;
		}
		if (done)
			continue;
		v = optval(argc, argv, &i, "--deltagandefil");
		if (v != NULL) {
			p.deltagande_fil = v;
			continue;
		}
		v = optval(argc, argv, &i, "--ut");
		if (v != NULL) {
			if (*v == '\0')
				return fs_cli_usage_error(usage_register,
				    "--ut kräver en katalog");
			dir = v;
			continue;
		}
		v = optval(argc, argv, &i, "--fran");
		if (v != NULL) {
			if (fs_parse_date(v, strlen(v), &d, "fran", &err) !=
			    FS_OK)
				return fs_cli_fail(&err);
			p.fran = d;
			continue;
		}
		v = optval(argc, argv, &i, "--till");
		if (v != NULL) {
			if (fs_parse_date(v, strlen(v), &d, "till", &err) !=
			    FS_OK)
				return fs_cli_fail(&err);
			p.till = d;
			continue;
		}
		return fs_cli_usage_error(usage_register,
		    "okänt argument eller värde saknas: %s", argv[i]);
	}
	if (!perioder)
		return fs_cli_usage_error(usage_register,
		    "perioder: måste anges");
	if (!personer && p.deltagande_fil == NULL)
		return fs_cli_usage_error(usage_register,
		    "personer: måste anges (eller --deltagandefil)");
	if (personer && p.deltagande_fil != NULL)
		return fs_cli_usage_error(usage_register,
		    "ange --personer eller --deltagandefil, inte båda");
	pr.tty = isatty(STDERR_FILENO) != 0;
	pr.shown = -1;
	rc = fs_koppling_gen_write(&p, dir, p.perioder >= 1000000 ?
	    show_register_progress : NULL, &pr, &st, &err);
	if (rc != FS_OK) {
		if (pr.tty && pr.shown >= 0 && pr.shown < 100)
			fputc('\n', stderr);
		return fs_cli_fail(&err);
	}
	fs_buf_init(&b, 0);
	rc = fs_buf_addf(&b, "Syntetiska register skrivna till %s (frö %llu):\n"
	    "  deltagande.csv  ", dir, (unsigned long long)p.seed);
	if (rc == FS_OK)
		rc = fs_fmt_int(&b, (int64_t)st.deltaganden, FS_FMT_TEXT, NULL);
	if (rc == FS_OK)
		rc = fs_buf_addstr(&b, " deltaganden av ");
	if (rc == FS_OK)
		rc = fs_fmt_int(&b, (int64_t)st.personer, FS_FMT_TEXT, NULL);
	if (rc == FS_OK)
		rc = fs_buf_addstr(&b, p.deltagande_fil != NULL ?
		    " personer (befintlig fil)\n  perioder.csv    " :
		    " personer\n  perioder.csv    ");
	if (rc == FS_OK)
		rc = fs_fmt_int(&b, (int64_t)st.perioder, FS_FMT_TEXT, NULL);
	if (rc == FS_OK)
		rc = fs_buf_addstr(&b, " perioder, varav ");
	if (rc == FS_OK)
		rc = fs_fmt_int(&b, (int64_t)st.perioder_deltagare, FS_FMT_TEXT,
		    NULL);
	if (rc == FS_OK)
		rc = fs_buf_addstr(&b, " för deltagarna (");
	if (rc == FS_OK)
		rc = fs_fmt_ratio(&b, (int64_t)st.bytes, 1000000000, 2,
		    FS_FMT_TEXT, NULL);
	if (rc == FS_OK)
		rc = fs_buf_addstr(&b, " GB)\n");
	ret = FS_EXIT_OK;
	if (rc != FS_OK) {
		fs_err_set(&err, FS_ENOMEM, NULL, "minnet räcker inte");
		ret = fs_cli_fail(&err);
	} else if (fwrite(b.buf, 1, b.len, stdout) != b.len ||
	    fflush(stdout) != 0) {
		ret = FS_EXIT_INTERNAL;
	}
	fs_buf_release(&b);
	return ret;
}

int
cmd_generera(int argc, char **argv)
{
	struct fs_gen_params p;
	struct fs_gen_stats st;
	struct fs_err err = FS_ERR_INIT;
	struct progress pr;
	struct fs_buf b;
	const char *dir = DEFAULT_DIR;
	enum fs_rc rc;
	int ret;

	if (argc >= 2 && strcmp(argv[1], "register") == 0)
		return generera_register(argc - 1, argv + 1);
	if (fs_cli_wants_help(argc, argv)) {
		fputs(usage_text, stdout);
		return FS_EXIT_OK;
	}
	fs_gen_params_init(&p);
	for (int i = 1; i < argc; i++) {
		const char *v;
		int64_t n;
		int32_t d;

		v = optval(argc, argv, &i, "--forbund");
		if (v != NULL) {
			rc = fs_parse_i64(v, strlen(v), 1, FS_GEN_MAX_FORBUND,
			    &n, "forbund", &err);
			if (rc != FS_OK)
				return fs_cli_fail(&err);
			p.forbund = (unsigned)n;
			continue;
		}
		v = optval(argc, argv, &i, "--deltagande");
		if (v != NULL) {
			rc = fs_parse_i64(v, strlen(v), 0,
			    FS_GEN_MAX_DELTAGANDE, &n, "deltagande", &err);
			if (rc != FS_OK)
				return fs_cli_fail(&err);
			p.deltagande = (uint64_t)n;
			continue;
		}
		v = optval(argc, argv, &i, "--seed");
		if (v != NULL) {
			rc = fs_parse_i64(v, strlen(v), 0, INT64_MAX, &n,
			    "seed", &err);
			if (rc != FS_OK)
				return fs_cli_fail(&err);
			p.seed = (uint64_t)n;
			continue;
		}
		v = optval(argc, argv, &i, "--ut");
		if (v != NULL) {
			if (*v == '\0')
				return fs_cli_usage_error(usage_text,
				    "--ut kräver en katalog");
			dir = v;
			continue;
		}
		v = optval(argc, argv, &i, "--fran");
		if (v != NULL) {
			rc = fs_parse_date(v, strlen(v), &d, "fran", &err);
			if (rc != FS_OK)
				return fs_cli_fail(&err);
			p.fran = d;
			continue;
		}
		v = optval(argc, argv, &i, "--till");
		if (v != NULL) {
			rc = fs_parse_date(v, strlen(v), &d, "till", &err);
			if (rc != FS_OK)
				return fs_cli_fail(&err);
			p.till = d;
			continue;
		}
		return fs_cli_usage_error(usage_text,
		    "okänt argument eller värde saknas: %s", argv[i]);
	}

	pr.tty = isatty(STDERR_FILENO) != 0;
	pr.shown = -1;
	rc = fs_gen_write(&p, dir,
	    p.deltagande >= PROGRESS_FROM ? show_progress : NULL, &pr, &st,
	    &err);
	if (rc != FS_OK) {
		if (pr.tty && pr.shown >= 0)
			fputc('\n', stderr);
		return fs_cli_fail(&err);
	}
	fs_buf_init(&b, 0);
	ret = FS_EXIT_OK;
	if (summary(&b, dir, &p, &st) != FS_OK) {
		fs_err_set(&err, FS_ENOMEM, NULL, "minnet räcker inte");
		ret = fs_cli_fail(&err);
	} else if (fwrite(b.buf, 1, b.len, stdout) != b.len ||
	    fflush(stdout) != 0) {
		ret = FS_EXIT_INTERNAL;
	}
	fs_buf_release(&b);
	return ret;
}
