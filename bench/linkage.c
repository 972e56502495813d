/* SPDX-License-Identifier: ISC */
/*
 * Benchmark of the linkage engine (koppling.h): generate a pseudonymised
 * participation file and a benefit-spell file, run the whole chain from
 * CSV (participations, streamed spells, merge, per-participation file,
 * aggregates), then, as the baseline, the same net-day computation in
 * plain SQLite SQL over a sample of the spells, with the engine run on
 * the same sample, a check that both give the same days, and the ratio
 * per spell.  Every phase runs in a child process so that its peak
 * resident memory (getrusage ru_maxrss) is its own.  Prints figures,
 * asserts nothing about time.
 *
 *   linkage [--deltaganden N] [--perioder S] [--urval M] [--tradar T]
 *           [--katalog DIR] [--behall] [--utan-sql]
 *
 * Defaults: 1 000 000 participations, 100 000 000 spells, a sample of
 * 10 000 000 spells (at most all of them) for SQL.
 */
#include "compat.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "finsam/err.h"
#include "finsam/koppling.h"
#include "finsam/parse.h"

struct opts {
	uint64_t	 deltaganden;
	uint64_t	 perioder;
	uint64_t	 urval;
	unsigned	 tradar;
	char		 dir[512];
	bool		 behall;
	bool		 utan_sql;
};

/* What a child phase reports back through a pipe. */
struct fig {
	double		 sek;		/* wall time of the measured part */
	double		 sek2;		/* a second figure (phase-specific) */
	uint64_t	 n1;
	uint64_t	 n2;
	int		 ok;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what, const struct fs_err *err)
{
	fprintf(stderr, "linkage: %s: %s: %s\n", what, err->field, err->msg);
	_exit(1);
}

/*
 * Run fn in a child; *f gets what it wrote, *maxrss_kib its peak RSS.
 */
static int
phase(void (*fn)(const struct opts *, struct fig *), const struct opts *o,
    struct fig *f, long *maxrss_kib)
{
	struct rusage ru;
	int fd[2], st;
	pid_t pid;

	memset(f, 0, sizeof(*f));
	if (pipe(fd) != 0)
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		struct fig r;

		close(fd[0]);
		memset(&r, 0, sizeof(r));
		fn(o, &r);
		fflush(stdout);
		if (write(fd[1], &r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(2);
		_exit(0);
	}
	close(fd[1]);
	if (read(fd[0], f, sizeof(*f)) != (ssize_t)sizeof(*f))
		f->ok = 0;
	close(fd[0]);
	if (wait4(pid, &st, 0, &ru) != pid)
		return -1;
	*maxrss_kib = ru.ru_maxrss;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 && f->ok ? 0 : -1;
}

/* The load average, to show how busy the (shared) machine was. */
static void
print_load(const char *when)
{
	char buf[128] = "";
	FILE *f = fopen("/proc/loadavg", "r");

	if (f != NULL) {
		if (fgets(buf, sizeof(buf), f) == NULL)
			buf[0] = '\0';
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = '\0';
	printf("  (belastning %s: %s)\n", when, buf);
}

static void
path(char *out, size_t n, const struct opts *o, const char *name)
{
	snprintf(out, n, "%s/%s", o->dir, name);
}

/* ---- phases ------------------------------------------------------------ */

static void
ph_generate(const struct opts *o, struct fig *f)
{
	struct fs_koppling_gen_params p;
	struct fs_koppling_gen_stats st;
	struct fs_err err = FS_ERR_INIT;
	double t0;

	fs_koppling_gen_params_init(&p);
	p.deltaganden = o->deltaganden;
	p.personer = o->deltaganden * 1000 / 1075;
	if (p.personer == 0)
		p.personer = 1;
	if (p.deltaganden < p.personer)
		p.deltaganden = p.personer;
	p.perioder = o->perioder;
	p.forbund = 80;
	p.seed = 2019;
	t0 = now_s();
	if (fs_koppling_gen_write(&p, o->dir, NULL, NULL, &st, &err) != FS_OK)
		die("generera", &err);
	f->sek = now_s() - t0;
	f->n1 = st.perioder;
	f->n2 = st.bytes;
	f->ok = 1;
}

/* The engine over perioder file name, phase by phase. */
static void
engine(const struct opts *o, const char *spells, const char *ut,
    struct fig *f, bool verbose)
{
	struct fs_koppling_params p;
	struct fs_koppling_resultat *res = NULL;
	struct fs_err err = FS_ERR_INIT;
	struct fs_koppling *k;
	char dp[600], sp[600], up[600];
	double t0, t1, t2, t3, t4, t5;
	uint64_t q = 0, nz = 0;

	path(dp, sizeof(dp), o, "deltagande.csv");
	path(sp, sizeof(sp), o, spells);
	fs_koppling_params_init(&p);
	p.tradar = o->tradar;
	t0 = now_s();
	if (fs_koppling_alloc(&k, &err) != FS_OK ||
	    fs_koppling_deltagande_file(k, dp, &err) != FS_OK)
		die("deltagande", &err);
	t1 = now_s();
	if (fs_koppling_perioder_file(k, sp, &p, &err) != FS_OK)
		die("perioder", &err);
	t2 = now_s();
	if (fs_koppling_finish(k, &p, &err) != FS_OK)
		die("finish", &err);
	t3 = now_s();
	if (ut != NULL) {
		path(up, sizeof(up), o, ut);
		unlink(up);
		if (fs_koppling_write_rader(k, up, &err) != FS_OK)
			die("ut", &err);
	}
	t4 = now_s();
	if (fs_koppling_aggregera(k, &p, &res, &err) != FS_OK)
		die("aggregera", &err);
	t5 = now_s();
	for (size_t i = 0; i < fs_koppling_antal(k); i++) {
		struct fs_koppling_rad r;

		fs_koppling_rad(k, i, &r);
		for (int b = 0; b < FS_FORMAN__MAX; b++) {
			q += r.fore[b] + r.efter[b];
			nz += (r.fore[b] > 0 ? 1u : 0u) +
			    (r.efter[b] > 0 ? 1u : 0u);
		}
	}
	if (verbose) {
		const struct fs_koppling_cell *c = fs_koppling_cell(res,
		    FS_FORMAN_SJUKPENNING, 0, FS_KOPPLING_ALLA,
		    FS_KOPPLING_ALLA);

		printf("  deltagandefilen   %8.2f s  (%zu deltaganden)\n",
		    t1 - t0, fs_koppling_antal(k));
		printf("  periodfilen       %8.2f s  (%llu rader, %llu för "
		    "deltagare)\n", t2 - t1,
		    (unsigned long long)fs_koppling_perioder_rader(k),
		    (unsigned long long)fs_koppling_perioder_traffar(k));
		printf("  sammanslagning    %8.2f s\n", t3 - t2);
		printf("  ut-fil            %8.2f s\n", t4 - t3);
		printf("  aggregat          %8.2f s  (%zu celler, %llu "
		    "deltaganden med fullständiga fönster)\n", t5 - t4,
		    res->ncell, (unsigned long long)res->anvanda);
		printf("  sjukpenning: före %.1f, efter %.1f, förändring "
		    "%.1f dagar (95 %% KI %.2f – %.2f)\n", c->fore.medel,
		    c->efter.medel, c->forandring.medel, c->forandring.lag,
		    c->forandring.hog);
	}
	f->sek = t5 - t0;
	f->sek2 = t2 - t1;
	f->n1 = q;
	f->n2 = nz;
	f->ok = 1;
	fs_koppling_resultat_free(res);
	fs_koppling_free(k);
}

static void
ph_engine(const struct opts *o, struct fig *f)
{
	engine(o, "perioder.csv", "ut.csv", f, true);
}

static void
ph_engine_sample(const struct opts *o, struct fig *f)
{
	engine(o, "urval.csv", NULL, f, false);
}

/* The first o->urval spell rows as urval.csv. */
static void
ph_sample(const struct opts *o, struct fig *f)
{
	char in[600], out[600], line[512];
	FILE *fi, *fo;
	uint64_t n = 0;

	path(in, sizeof(in), o, "perioder.csv");
	path(out, sizeof(out), o, "urval.csv");
	fi = fopen(in, "r");
	fo = fopen(out, "w");
	if (fi == NULL || fo == NULL)
		_exit(1);
	while (fgets(line, sizeof(line), fi) != NULL && n <= o->urval) {
		fputs(line, fo);
		n++;
	}
	fclose(fi);
	if (fclose(fo) != 0)
		_exit(1);
	f->n1 = n - 1;
	f->ok = 1;
}

static void
sql_do(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "linkage: sql: %s\n", msg);
		_exit(1);
	}
}

static int32_t
pdate(const char *s, size_t n)
{
	int32_t d;

	if (fs_parse_date(s, n, &d, "datum", NULL) != FS_OK)
		_exit(1);
	return d;
}

/* Split a CSV line with no quotes into at most max fields. */
static size_t
split(char *line, char **f, size_t *len, size_t max)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		char *c = strchr(p, ',');
		char *e = c != NULL ? c : p + strcspn(p, "\r\n");

		if (n == max)
			return n + 1;
		f[n] = p;
		len[n] = (size_t)(e - p);
		n++;
		if (c == NULL)
			return n;
		p = c + 1;
	}
}

/*
 * The baseline: load participations and the sample into SQLite (one
 * transaction, prepared inserts), then one SQL statement computes the
 * net quarter days per participation, benefit and window, expanding
 * spells to days against a table of 365 day offsets and taking the
 * largest omfattning per day.
 */
static void
ph_sql(const struct opts *o, struct fig *f)
{
	static const char query[] =
	    "WITH w AS ("
	    " SELECT d.id AS id, s.forman AS forman, 0 AS fonster,"
	    "  max(s.f, d.start - 365) AS a, min(s.t, d.start - 1) AS b,"
	    "  s.niva AS niva"
	    " FROM s JOIN d ON d.pseudonym = s.pseudonym"
	    " WHERE s.t >= d.start - 365 AND s.f <= d.start - 1"
	    " UNION ALL"
	    " SELECT d.id, s.forman, 1, max(s.f, d.slut + 1),"
	    "  min(s.t, d.slut + 365), s.niva"
	    " FROM s JOIN d ON d.pseudonym = s.pseudonym"
	    " WHERE d.slut IS NOT NULL AND s.t >= d.slut + 1"
	    "  AND s.f <= d.slut + 365),"
	    " dag AS ("
	    " SELECT w.id AS id, w.forman AS forman, w.fonster AS fonster,"
	    "  max(w.niva) AS niva"
	    " FROM w JOIN n ON n.i <= w.b - w.a"
	    " GROUP BY w.id, w.forman, w.fonster, w.a + n.i)"
	    "SELECT sum(q), count(*) FROM (SELECT sum(niva) AS q FROM dag"
	    " GROUP BY id, forman, fonster)";
	char dbp[600], dp[600], sp[600], line[512];
	sqlite3_stmt *ins;
	sqlite3 *db;
	FILE *fi;
	double t0, t1;
	char *fl[8];
	size_t ln[8];

	path(dbp, sizeof(dbp), o, "baslinje.db");
	path(dp, sizeof(dp), o, "deltagande.csv");
	path(sp, sizeof(sp), o, "urval.csv");
	unlink(dbp);
	if (sqlite3_open(dbp, &db) != SQLITE_OK)
		_exit(1);
	t0 = now_s();
	sql_do(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
	    "PRAGMA cache_size = -262144;"
	    "CREATE TABLE d (id INTEGER PRIMARY KEY, pseudonym TEXT NOT NULL,"
	    " start INTEGER NOT NULL, slut INTEGER);"
	    "CREATE TABLE s (pseudonym TEXT NOT NULL, forman INTEGER NOT NULL,"
	    " f INTEGER NOT NULL, t INTEGER NOT NULL, niva INTEGER NOT NULL);"
	    "CREATE TABLE n (i INTEGER PRIMARY KEY);"
	    "WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c"
	    " WHERE i < 364) INSERT INTO n SELECT i FROM c;"
	    "BEGIN;");
	/* Participations. */
	fi = fopen(dp, "r");
	if (fi == NULL || fgets(line, sizeof(line), fi) == NULL)
		_exit(1);
	if (sqlite3_prepare_v2(db, "INSERT INTO d (pseudonym, start, slut) "
	    "VALUES (?, ?, ?)", -1, &ins, NULL) != SQLITE_OK)
		_exit(1);
	while (fgets(line, sizeof(line), fi) != NULL) {
		if (split(line, fl, ln, 7) != 7)
			_exit(1);
		sqlite3_bind_text(ins, 1, fl[0], (int)ln[0], SQLITE_TRANSIENT);
		sqlite3_bind_int(ins, 2, pdate(fl[5], ln[5]));
		if (ln[6] == 0)
			sqlite3_bind_null(ins, 3);
		else
			sqlite3_bind_int(ins, 3, pdate(fl[6], ln[6]));
		if (sqlite3_step(ins) != SQLITE_DONE)
			_exit(1);
		sqlite3_reset(ins);
	}
	fclose(fi);
	sqlite3_finalize(ins);
	/* Spells. */
	fi = fopen(sp, "r");
	if (fi == NULL || fgets(line, sizeof(line), fi) == NULL)
		_exit(1);
	if (sqlite3_prepare_v2(db, "INSERT INTO s (pseudonym, forman, f, t, "
	    "niva) VALUES (?, ?, ?, ?, ?)", -1, &ins, NULL) != SQLITE_OK)
		_exit(1);
	while (fgets(line, sizeof(line), fi) != NULL) {
		if (split(line, fl, ln, 5) != 5)
			_exit(1);
		sqlite3_bind_text(ins, 1, fl[0], (int)ln[0], SQLITE_TRANSIENT);
		sqlite3_bind_int(ins, 2, fs_forman_find(fl[1], ln[1]));
		sqlite3_bind_int(ins, 3, pdate(fl[2], ln[2]));
		sqlite3_bind_int(ins, 4, pdate(fl[3], ln[3]));
		sqlite3_bind_int(ins, 5, ln[4] == 3 ? 4 : fl[4][0] == '2' ? 1 :
		    fl[4][0] == '5' ? 2 : 3);
		if (sqlite3_step(ins) != SQLITE_DONE)
			_exit(1);
		sqlite3_reset(ins);
	}
	fclose(fi);
	sqlite3_finalize(ins);
	sql_do(db, "COMMIT; CREATE INDEX d_p ON d(pseudonym); ANALYZE;");
	t1 = now_s();
	if (sqlite3_prepare_v2(db, query, -1, &ins, NULL) != SQLITE_OK) {
		fprintf(stderr, "linkage: %s\n", sqlite3_errmsg(db));
		_exit(1);
	}
	if (sqlite3_step(ins) != SQLITE_ROW)
		_exit(1);
	f->n1 = (uint64_t)sqlite3_column_int64(ins, 0);
	f->n2 = (uint64_t)sqlite3_column_int64(ins, 1);
	sqlite3_finalize(ins);
	f->sek = now_s() - t1;
	f->sek2 = t1 - t0;
	sqlite3_close(db);
	if (!o->behall)
		unlink(dbp);
	f->ok = 1;
}

/* ---- main -------------------------------------------------------------- */

static void
rm(const struct opts *o, const char *name)
{
	char p[600];

	path(p, sizeof(p), o, name);
	unlink(p);
}

int
main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "deltaganden", required_argument, NULL, 'd' },
		{ "perioder", required_argument, NULL, 'p' },
		{ "urval", required_argument, NULL, 'u' },
		{ "tradar", required_argument, NULL, 't' },
		{ "katalog", required_argument, NULL, 'k' },
		{ "behall", no_argument, NULL, 'b' },
		{ "utan-sql", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o;
	struct fig gen, eng, smp, engs, sql;
	long rss_gen, rss_eng, rss_smp, rss_engs = 0, rss_sql = 0;
	bool own_dir = false;
	int c;

	memset(&o, 0, sizeof(o));
	o.deltaganden = 1000000;
	o.perioder = 100000000;
	o.urval = 10000000;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.deltaganden = strtoull(optarg, NULL, 10);
			break;
		case 'p':
			o.perioder = strtoull(optarg, NULL, 10);
			break;
		case 'u':
			o.urval = strtoull(optarg, NULL, 10);
			break;
		case 't':
			o.tradar = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'k':
			snprintf(o.dir, sizeof(o.dir), "%s", optarg);
			break;
		case 'b':
			o.behall = true;
			break;
		case 's':
			o.utan_sql = true;
			break;
		default:
			fprintf(stderr, "användning: linkage [--deltaganden N] "
			    "[--perioder S] [--urval M] [--tradar T] "
			    "[--katalog DIR] [--behall] [--utan-sql]\n");
			return 2;
		}
	}
	if (o.urval > o.perioder)
		o.urval = o.perioder;
	if (o.dir[0] == '\0') {
		snprintf(o.dir, sizeof(o.dir), "/tmp/finsam-linkage-XXXXXX");
		if (mkdtemp(o.dir) == NULL)
			return 1;
		own_dir = true;
	}
	printf("Registerkoppling: %llu deltaganden x %llu perioder, "
	    "%ld kärnor, katalog %s\n", (unsigned long long)o.deltaganden,
	    (unsigned long long)o.perioder, sysconf(_SC_NPROCESSORS_ONLN),
	    o.dir);
	if (phase(ph_generate, &o, &gen, &rss_gen) != 0)
		return 1;
	printf("generera (deltagande.csv + perioder.csv): %.1f s, %llu "
	    "perioder, %.2f GB, topp-RSS %.0f MiB\n", gen.sek,
	    (unsigned long long)gen.n1, (double)gen.n2 / 1e9,
	    (double)rss_gen / 1024.0);
	printf("motorn, hela kedjan från CSV (%s):\n",
	    o.tradar == 0 ? "trådar automatiskt" : "trådar enligt --tradar");
	print_load("före");
	if (phase(ph_engine, &o, &eng, &rss_eng) != 0)
		return 1;
	print_load("efter");
	printf("  TOTALT            %8.2f s, topp-RSS %.0f MiB; "
	    "%.1f ns per period (strömning %.1f ns)\n", eng.sek,
	    (double)rss_eng / 1024.0, eng.sek * 1e9 / (double)gen.n1,
	    eng.sek2 * 1e9 / (double)gen.n1);
	printf("  mål: <= 60 s och <= 2 GiB: %s\n", eng.sek <= 60 &&
	    rss_eng <= 2L * 1024 * 1024 ? "uppfyllt" : "EJ uppfyllt");
	if (!o.utan_sql && o.urval > 0) {
		if (phase(ph_sample, &o, &smp, &rss_smp) != 0 ||
		    phase(ph_engine_sample, &o, &engs, &rss_engs) != 0 ||
		    phase(ph_sql, &o, &sql, &rss_sql) != 0)
			return 1;
		printf("baslinje på urvalet %llu perioder:\n",
		    (unsigned long long)smp.n1);
		printf("  motorn            %8.2f s (strömning %.2f s), "
		    "topp-RSS %.0f MiB: %.1f ns per period\n", engs.sek,
		    engs.sek2, (double)rss_engs / 1024.0,
		    engs.sek * 1e9 / (double)smp.n1);
		printf("  SQLite: inläsning %8.2f s, fråga %.2f s, topp-RSS "
		    "%.0f MiB: %.1f ns per period (frågan ensam %.1f)\n",
		    sql.sek2, sql.sek, (double)rss_sql / 1024.0,
		    (sql.sek + sql.sek2) * 1e9 / (double)smp.n1,
		    sql.sek * 1e9 / (double)smp.n1);
		printf("  kvot SQLite/motorn per period: %.1f (frågan ensam "
		    "%.1f)\n", (sql.sek + sql.sek2) / engs.sek,
		    sql.sek / engs.sek);
		printf("  samma nettodagar: %s (%llu kvartsdagar i %llu celler "
		    "mot %llu i %llu)\n",
		    sql.n1 == engs.n1 && sql.n2 == engs.n2 ? "ja" : "NEJ",
		    (unsigned long long)engs.n1, (unsigned long long)engs.n2,
		    (unsigned long long)sql.n1, (unsigned long long)sql.n2);
		if (sql.n1 != engs.n1 || sql.n2 != engs.n2)
			return 1;
	}
	if (!o.behall) {
		rm(&o, "deltagande.csv");
		rm(&o, "perioder.csv");
		rm(&o, "urval.csv");
		rm(&o, "ut.csv");
		if (own_dir)
			rmdir(o.dir);
	}
	return 0;
}
