/* SPDX-License-Identifier: ISC */
/*
 * Endpoints for evaluation (evaluation.md): linkage projects with their
 * exports and runs, and the municipality panel with the staggered
 * difference-in-differences analysis.  Everything here is
 * pseudonymised or aggregated: no personnummer is ever read or sent.
 * The route table gives every route FS_PERM_KOPPLING (the analytiker).
 *
 * A linkage run is long, so it runs on a thread of its own: the
 * participation file is checked and kept with a new run (POST), the
 * spell file starts the computation (PUT, 202), and the page polls the
 * run (GET) for its progress, the bytes of the spell file done and in
 * all, until the run is "klar" (its result and chart then stay with
 * it) or back at "vantar" with the refusal.  Owns the table of running
 * computations: each has its own database connection and the spell
 * file (the request body, handed over); finished ones are joined by
 * the next request that looks, and an exit handler waits for those
 * still running, so the process ends with every thread joined.  A run
 * left "pagar" by an earlier process is sent back to "vantar".
 */
#include "compat.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <microhttpd.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/koppling.h"
#include "finsam/parse.h"
#include "finsam/utvardering.h"

#include "api.h"
#include "http.h"
#include "jsonout.h"

#define JSON_TYPE "application/json; charset=utf-8"
#define SVG_TYPE "image/svg+xml; charset=utf-8"
#define CSV_TYPE "text/csv; charset=utf-8"

/* ---- running computations ---------------------------------------------- */

struct jobb {
	int64_t			 id;		/* the run */
	pthread_t		 th;
	bool			 started;
	atomic_uint_fast64_t	 klart;		/* bytes of the spell file */
	atomic_uint_fast64_t	 totalt;
	atomic_bool		 slut;		/* the thread is done */
	char			*db_path;
	char			*key_path;	/* NULL: the default */
	char			*actor;
	char			 roll[32];
	char			 klient[64];
	char			*data;		/* the spell file */
	size_t			 len;
	struct jobb		*next;
};

static pthread_mutex_t jobb_mu = PTHREAD_MUTEX_INITIALIZER;
static struct jobb *jobb_lista;
static pthread_once_t jobb_once = PTHREAD_ONCE_INIT;

static void
jobb_free(struct jobb *j)
{
	if (j == NULL)
		return;
	free(j->db_path);
	free(j->key_path);
	free(j->actor);
	free(j->data);
	free(j);
}

/* Join and free the finished computations (all of them when all). */
static void
jobb_reap(bool all)
{
	struct jobb **pp, *j, *done = NULL;

	pthread_mutex_lock(&jobb_mu);
	pp = &jobb_lista;
	while (*pp != NULL) {
		j = *pp;
		if (all || atomic_load(&j->slut)) {
			*pp = j->next;
			j->next = done;
			done = j;
		} else {
			pp = &j->next;
		}
	}
	pthread_mutex_unlock(&jobb_mu);
	while (done != NULL) {
		j = done;
		done = j->next;
		if (j->started)
			pthread_join(j->th, NULL);
		jobb_free(j);
	}
}

/* At exit: wait for the computations still running. */
static void
jobb_exit(void)
{
	jobb_reap(true);
}

static void
jobb_register_exit(void)
{
	if (atexit(jobb_exit) != 0)
		fprintf(stderr, "finsam serve: kunde inte registrera "
		    "avslutningen av körningar\n");
}

/* The progress of run id into klart and totalt; false when not running. */
static bool
jobb_framsteg(int64_t id, uint64_t *klart, uint64_t *totalt)
{
	bool found = false;

	pthread_mutex_lock(&jobb_mu);
	for (struct jobb *j = jobb_lista; j != NULL; j = j->next)
		if (j->id == id) {
			*klart = atomic_load(&j->klart);
			*totalt = atomic_load(&j->totalt);
			found = true;
			break;
		}
	pthread_mutex_unlock(&jobb_mu);
	return found;
}

static void
jobb_progress(void *arg, uint64_t done, uint64_t total)
{
	struct jobb *j = arg;

	atomic_store(&j->totalt, total);
	atomic_store(&j->klart, done);
}

/*
 * The request that claims a run ("pagar") is committed by the server's
 * group-commit writer after the handler has started this thread, so the
 * thread waits (at most JOBB_VANTA_MS) until the claim is on disk; a
 * claim whose batch was rolled back never shows, and nothing is done.
 */
#define JOBB_VANTA_MS 60000

static bool
claimed(struct fs_db *db, int64_t id)
{
	struct fs_koppling_korning k;
	struct fs_err err = FS_ERR_INIT;
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	for (int waited = 0; waited < JOBB_VANTA_MS; waited += 20) {
		if (fs_koppling_korning_hamta(db, id, &k, &err) != FS_OK)
			return false;
		if (strcmp(k.status, FS_KORNING_PAGAR) == 0)
			return true;
		if (strcmp(k.status, FS_KORNING_VANTAR) != 0)
			return false;
		nanosleep(&ts, NULL);
	}
	return false;
}

static void *
jobb_run(void *arg)
{
	struct jobb *j = arg;
	struct fs_koppling_params p;
	struct fs_err err = FS_ERR_INIT;
	struct fs_db *db = NULL;

	fs_koppling_params_init(&p);
	p.progress = jobb_progress;
	p.arg = j;
	if (fs_db_open(j->db_path, j->key_path, j->actor, &db, &err) ==
	    FS_OK) {
		snprintf(db->roll, sizeof(db->roll), "%s", j->roll);
		snprintf(db->klient, sizeof(db->klient), "%s", j->klient);
		if (!claimed(db, j->id))
			fprintf(stderr, "finsam serve: körning %lld: startades "
			    "aldrig (skrivningen lagrades inte)\n",
			    (long long)j->id);
		else if (fs_koppling_korning_berakna(db, j->id, j->data, j->len,
		    &p, &err) != FS_OK && err.rc != FS_EINVAL)
			fprintf(stderr, "finsam serve: körning %lld: %s: %s\n",
			    (long long)j->id, fs_rc_name(err.rc), err.msg);
		fs_db_close(db);
	} else {
		fprintf(stderr, "finsam serve: körning %lld: databasen: %s\n",
		    (long long)j->id, err.msg);
	}
	/* The spell file is not needed any more. */
	free(j->data);
	j->data = NULL;
	atomic_store(&j->slut, true);
	return NULL;
}

/* ---- helpers ----------------------------------------------------------- */

static enum fs_rc
nomem(struct fs_err *err)
{
	return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
}

/* A parsed copy of JSON text produced by the library, or NULL. */
static json_t *
parsed(const char *p, size_t len)
{
	return json_loadb(p, len, 0, NULL);
}

static json_t *
jtime(const char *t)
{
	return t[0] != '\0' ? json_string(t) : json_null();
}

/* ---- projects ---------------------------------------------------------- */

static enum fs_rc
lista(struct http_req *r, struct fs_err *err)
{
	struct fs_koppling_projekt *v = NULL;
	struct fs_buf b;
	size_t n;
	enum fs_rc rc;

	rc = fs_koppling_lista(r->db, &v, &n, err);
	if (rc != FS_OK)
		return rc;
	fs_buf_init(&b, 0);
	rc = fs_koppling_lista_write_json(v, n, &b, err);
	free(v);
	if (rc == FS_OK)
		fs_http_bytes(r, MHD_HTTP_OK, JSON_TYPE, &b);
	fs_buf_release(&b);
	return rc;
}

const struct http_endpoint fs_ep_koppling_lista = {
	.fn = lista,
	.summary = "Kopplingsprojekten med antal exporter, senaste export "
	    "och senaste resultat (samma JSON som finsam koppling lista "
	    "--format json)",
	.produces = "application/json",
	.ok_status = 200,
};

enum { SK_NAMN, SK__MAX };
static const struct fs_field skapa_body[] = {
	[SK_NAMN] = { "namn", FV_TEXT, true, false, 0, FS_KOPPLING_NAMN_MAX,
	    0, "projektets namn, unikt, 1-200 tecken" },
};
_Static_assert(FS_NELEM(skapa_body) == SK__MAX, "skapa_body");

static enum fs_rc
skapa(struct http_req *r, struct fs_err *err)
{
	int64_t id;
	enum fs_rc rc;
	char loc[96];

	rc = fs_koppling_skapa(r->db, r->in[SK_NAMN].v.s.p, &id, err);
	if (rc != FS_OK)
		return rc;
	snprintf(loc, sizeof(loc), "/api/v1/koppling/projekt/%lld",
	    (long long)id);
	fs_http_add_header(r, MHD_HTTP_HEADER_LOCATION, loc);
	fs_http_json(r, MHD_HTTP_CREATED, json_pack("{s:I, s:s}", "id",
	    (json_int_t)id, "namn", r->in[SK_NAMN].v.s.p));
	return FS_OK;
}

const struct http_endpoint fs_ep_koppling_skapa = {
	.fn = skapa,
	.body = skapa_body,
	.nbody = SK__MAX,
	.body_kind = BODY_JSON,
	.summary = "Skapa ett kopplingsprojekt med egen pseudonymnyckel",
	.produces = "application/json",
	.ok_status = 201,
};

/* The answer for one run, with its progress when it is running. */
static json_t *
korning_json(const struct fs_koppling_korning *k, bool running,
    uint64_t klart, uint64_t totalt)
{
	json_t *fel = json_null(), *fram = json_null();

	if (k->fel_meddelande[0] != '\0')
		fel = json_pack("{s:s, s:s, s:o}", "kod", "ogiltig_indata",
		    "meddelande", k->fel_meddelande, "falt",
		    k->fel_falt[0] != '\0' ? json_string(k->fel_falt) :
		    json_null());
	if (running)
		fram = json_pack("{s:I, s:I, s:I}", "klart",
		    (json_int_t)klart, "totalt", (json_int_t)totalt,
		    "procent", (json_int_t)(totalt == 0 ? 0 :
		    klart * 100 / totalt));
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:{s:o, s:o, s:I}, s:I, "
	    "s:I, s:o, s:o, s:o, s:o}",
	    "id", (json_int_t)k->id,
	    "projekt_id", (json_int_t)k->projekt_id,
	    "status", k->status,
	    "skapad_tid", k->skapad_tid,
	    "skapad_av", k->skapad_av,
	    "parametrar",
	    "tackning_fran", fs_json_date(k->tackning_fran),
	    "tackning_tom", fs_json_date(k->tackning_tom),
	    "min_antal", (json_int_t)k->min_antal,
	    "deltaganden", (json_int_t)k->deltaganden,
	    "perioder", (json_int_t)k->perioder,
	    "start_tid", jtime(k->start_tid),
	    "klar_tid", jtime(k->klar_tid),
	    "fel", fel,
	    "framsteg", fram);
}

/*
 * Run id as the page sees it: a run "pagar" that no thread of this
 * process computes was left by an earlier process and goes back to
 * "vantar".
 */
static enum fs_rc
korning_las(struct http_req *r, int64_t id, struct fs_koppling_korning *k,
    bool *running, uint64_t *klart, uint64_t *totalt, struct fs_err *err)
{
	struct fs_err e2 = FS_ERR_INIT;
	enum fs_rc rc;

	*running = false;
	*klart = *totalt = 0;
	jobb_reap(false);
	rc = fs_koppling_korning_hamta(r->db, id, k, err);
	if (rc != FS_OK || strcmp(k->status, FS_KORNING_PAGAR) != 0)
		return rc;
	if (jobb_framsteg(id, klart, totalt)) {
		*running = true;
		return FS_OK;
	}
	/* Finished between the two looks, or orphaned: look again. */
	if (fs_koppling_korning_avbruten(r->db, id, &e2) != FS_OK &&
	    e2.rc != FS_ECONFLICT)
		return fs_err_set(err, e2.rc, e2.field, "%s", e2.msg);
	return fs_koppling_korning_hamta(r->db, id, k, err);
}

static enum fs_rc
visa(struct http_req *r, struct fs_err *err)
{
	struct fs_koppling_projekt p;
	struct fs_koppling_export *ex = NULL;
	struct fs_koppling_korning *ko = NULL;
	size_t nex = 0, nko = 0;
	json_t *jex, *jko, *o;
	enum fs_rc rc;

	rc = fs_koppling_hamta(r->db, r->path[0].v.i, NULL, &p, err);
	if (rc == FS_OK)
		rc = fs_koppling_exporter(r->db, p.id, &ex, &nex, err);
	if (rc == FS_OK)
		rc = fs_koppling_korningar(r->db, p.id, &ko, &nko, err);
	if (rc != FS_OK)
		goto out;
	jex = json_array();
	jko = json_array();
	for (size_t i = 0; i < nex && jex != NULL; i++)
		json_array_append_new(jex, json_pack("{s:I, s:s, s:s, s:I, "
		    "s:o}", "id", (json_int_t)ex[i].id, "tid", ex[i].tid,
		    "av", ex[i].av, "rader", (json_int_t)ex[i].rader,
		    "urval", parsed(ex[i].urval, strlen(ex[i].urval))));
	for (size_t i = 0; i < nko && jko != NULL; i++) {
		struct fs_koppling_korning k;
		uint64_t klart, totalt;
		bool running;

		rc = korning_las(r, ko[i].id, &k, &running, &klart, &totalt,
		    err);
		if (rc != FS_OK)
			break;
		json_array_append_new(jko, korning_json(&k, running, klart,
		    totalt));
	}
	o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)p.id,
	    "namn", p.namn, "skapad_tid", p.skapad_tid, "skapad_av",
	    p.skapad_av, "exporter", jex, "korningar", jko);
	if (rc == FS_OK) {
		if (o == NULL)
			rc = nomem(err);
		else
			fs_http_json(r, MHD_HTTP_OK, o);
	} else {
		json_decref(o);
	}
out:
	free(ex);
	free(ko);
	return rc;
}

const struct http_endpoint fs_ep_koppling_visa = {
	.fn = visa,
	.summary = "Ett kopplingsprojekt: dess exporter (tid, antal rader, "
	    "urval) och körningar (status, framsteg, fel)",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- the export -------------------------------------------------------- */

enum { EX_FORBUND, EX_FRAN, EX_TILL, EX__MAX };
static const struct fs_field export_body[] = {
	[EX_FORBUND] = { "forbund", FV_TEXT, false, false, 0, 64, 0,
	    "bara deltaganden i detta förbund (kod)" },
	[EX_FRAN] = { "fran", FV_DATE, false, false, 0, 0, 0,
	    "startdatum från och med" },
	[EX_TILL] = { "till", FV_DATE, false, false, 0, 0, 0,
	    "startdatum till och med" },
};
_Static_assert(FS_NELEM(export_body) == EX__MAX, "export_body");

/* Read path whole into out. */
static enum fs_rc
slurp(const char *path, struct fs_buf *out, struct fs_err *err)
{
	char chunk[65536];
	FILE *f = fopen(path, "rb");
	size_t n;
	enum fs_rc rc = FS_OK;

	if (f == NULL)
		return fs_err_set(err, FS_EIO, "ut",
		    "exportfilen kunde inte läsas");
	while (rc == FS_OK && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (fs_buf_add(out, chunk, n) != FS_OK)
			rc = nomem(err);
	if (rc == FS_OK && ferror(f))
		rc = fs_err_set(err, FS_EIO, "ut",
		    "exportfilen kunde inte läsas");
	fclose(f);
	return rc;
}

static enum fs_rc
exportera(struct http_req *r, struct fs_err *err)
{
	struct fs_koppling_urval u;
	struct fs_buf b;
	char dir[] = "/tmp/finsam-export-XXXXXX";
	char path[sizeof(dir) + 32], disp[96];
	uint64_t rows = 0;
	enum fs_rc rc;

	u.forbund_kod = r->in[EX_FORBUND].set ? r->in[EX_FORBUND].v.s.p :
	    NULL;
	u.fran = r->in[EX_FRAN].set ? r->in[EX_FRAN].v.date : FS_DATE_NONE;
	u.till = r->in[EX_TILL].set ? r->in[EX_TILL].v.date : FS_DATE_NONE;
	/* The library writes a file (0600, never over another): a private
	 * directory of its own, removed before answering. */
	if (mkdtemp(dir) == NULL)
		return fs_err_set(err, FS_EIO, NULL,
		    "en tillfällig katalog kunde inte skapas");
	snprintf(path, sizeof(path), "%s/deltagande.csv", dir);
	fs_buf_init(&b, 0);
	rc = fs_koppling_exportera(r->db, r->path[0].v.i, &u, path, &rows,
	    err);
	if (rc == FS_OK)
		rc = slurp(path, &b, err);
	unlink(path);
	rmdir(dir);
	if (rc == FS_OK) {
		snprintf(disp, sizeof(disp), "attachment; filename=\""
		    "koppling-%lld-deltagande.csv\"",
		    (long long)r->path[0].v.i);
		fs_http_add_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION,
		    disp);
		snprintf(disp, sizeof(disp), "%llu", (unsigned long long)rows);
		fs_http_add_header(r, "X-Finsam-Rader", disp);
		fs_http_bytes(r, MHD_HTTP_OK, CSV_TYPE, &b);
	}
	fs_buf_release(&b);
	return rc;
}

const struct http_endpoint fs_ep_koppling_exportera = {
	.fn = exportera,
	.body = export_body,
	.nbody = EX__MAX,
	.body_kind = BODY_JSON,
	.summary = "Exportera den pseudonymiserade deltagandefilen "
	    "(pseudonym,insats_kod,forbund_kod,kon,alder_vid_start,"
	    "startdatum,slutdatum) för registerhållaren; loggas som export",
	.produces = "text/csv",
	.ok_status = 200,
};

/* ---- runs -------------------------------------------------------------- */

enum { KS_TFRAN, KS_TTOM, KS_MIN, KS__MAX };
static const struct fs_field korning_query[] = {
	[KS_TFRAN] = { "tackning_fran", FV_DATE, false, false, 0, 0, 0,
	    "registrets första dag (standard: ingen gräns)" },
	[KS_TTOM] = { "tackning_tom", FV_DATE, false, false, 0, 0, 0,
	    "registrets sista dag (standard: periodfilens senaste tom)" },
	[KS_MIN] = { "min_antal", FV_INT, false, false, 1, 1000, 0,
	    "celler med färre deltaganden visas inte (standard 5)" },
};
_Static_assert(FS_NELEM(korning_query) == KS__MAX, "korning_query");

static enum fs_rc
korning_skapa(struct http_req *r, struct fs_err *err)
{
	struct fs_koppling_params p;
	struct fs_koppling_korning k;
	int64_t id;
	uint64_t n;
	enum fs_rc rc;
	char loc[96];

	fs_koppling_params_init(&p);
	if (r->query[KS_TFRAN].set)
		p.tackning_fran = r->query[KS_TFRAN].v.date;
	if (r->query[KS_TTOM].set)
		p.tackning_tom = r->query[KS_TTOM].v.date;
	if (r->query[KS_MIN].set)
		p.min_antal = (unsigned)r->query[KS_MIN].v.i;
	rc = fs_koppling_korning_skapa(r->db, r->path[0].v.i, &p, r->body.buf,
	    r->body.len, &id, &n, err);
	if (rc == FS_OK)
		rc = fs_koppling_korning_hamta(r->db, id, &k, err);
	if (rc != FS_OK)
		return rc;
	snprintf(loc, sizeof(loc), "/api/v1/koppling/korningar/%lld",
	    (long long)id);
	fs_http_add_header(r, MHD_HTTP_HEADER_LOCATION, loc);
	fs_http_json(r, MHD_HTTP_CREATED, korning_json(&k, false, 0, 0));
	return FS_OK;
}

const struct http_endpoint fs_ep_korning_skapa = {
	.fn = korning_skapa,
	.query = korning_query,
	.nquery = KS__MAX,
	.body_kind = BODY_CSV,
	.summary = "Ny körning: skicka den pseudonymiserade deltagandefilen "
	    "(exportformatet); den kontrolleras och sparas med körningen "
	    "tills periodfilen har räknats",
	.produces = "application/json",
	.ok_status = 201,
};

static enum fs_rc
korning_visa(struct http_req *r, struct fs_err *err)
{
	struct fs_koppling_korning k;
	uint64_t klart, totalt;
	bool running;
	enum fs_rc rc;

	rc = korning_las(r, r->path[0].v.i, &k, &running, &klart, &totalt,
	    err);
	if (rc == FS_OK)
		fs_http_json(r, MHD_HTTP_OK, korning_json(&k, running, klart,
		    totalt));
	return rc;
}

const struct http_endpoint fs_ep_korning_visa = {
	.fn = korning_visa,
	.summary = "En körning: status (vantar, pagar, klar, stangd), "
	    "framsteg i byte av periodfilen medan den räknas, och senaste "
	    "fel",
	.produces = "application/json",
	.ok_status = 200,
};

static enum fs_rc
perioder(struct http_req *r, struct fs_err *err)
{
	struct fs_koppling_korning k;
	struct jobb *j;
	int64_t id = r->path[0].v.i;
	uint64_t total = r->body.len;
	enum fs_rc rc;

	pthread_once(&jobb_once, jobb_register_exit);
	jobb_reap(false);
	if (r->body.len == 0)
		return fs_err_set(err, FS_EINVAL, "perioder",
		    "periodfilen är tom: rubrikraden saknas");
	j = fs_calloc(1, sizeof(*j));
	if (j == NULL)
		return nomem(err);
	j->id = id;
	atomic_init(&j->klart, 0);
	atomic_init(&j->totalt, r->body.len);
	atomic_init(&j->slut, false);
	j->db_path = fs_strdup(r->srv->cfg.db_path);
	j->key_path = r->srv->cfg.key_path != NULL ?
	    fs_strdup(r->srv->cfg.key_path) : NULL;
	j->actor = fs_strdup(r->db->actor);
	snprintf(j->roll, sizeof(j->roll), "%s", r->db->roll);
	snprintf(j->klient, sizeof(j->klient), "%s", r->db->klient);
	if (j->db_path == NULL || j->actor == NULL ||
	    (r->srv->cfg.key_path != NULL && j->key_path == NULL)) {
		jobb_free(j);
		return nomem(err);
	}
	/*
	 * In the table before the run is claimed, so that a look at the
	 * run never finds it "pagar" without its computation.
	 */
	pthread_mutex_lock(&jobb_mu);
	j->next = jobb_lista;
	jobb_lista = j;
	pthread_mutex_unlock(&jobb_mu);
	rc = fs_koppling_korning_starta(r->db, id, err);
	if (rc == FS_OK) {
		j->data = fs_buf_detach(&r->body, &j->len);
		if (j->data == NULL)
			rc = nomem(err);
	}
	if (rc == FS_OK) {
		/*
		 * Set before the thread exists: once it has finished, any
		 * request may join and free j, so j is not touched after a
		 * successful start.
		 */
		pthread_mutex_lock(&jobb_mu);
		j->started = true;
		pthread_mutex_unlock(&jobb_mu);
		if (pthread_create(&j->th, NULL, jobb_run, j) != 0)
			rc = fs_err_set(err, FS_ENOMEM, NULL,
			    "beräkningen kunde inte startas");
		else
			j = NULL;
	}
	if (rc != FS_OK) {
		struct fs_err e2 = FS_ERR_INIT;

		/* Claimed but not started: give the run back. */
		if (j->data != NULL &&
		    fs_koppling_korning_avbruten(r->db, id, &e2) != FS_OK)
			e2.rc = FS_OK;
		pthread_mutex_lock(&jobb_mu);
		j->started = false;
		atomic_store(&j->slut, true);
		pthread_mutex_unlock(&jobb_mu);
		jobb_reap(false);
		return rc;
	}
	rc = fs_koppling_korning_hamta(r->db, id, &k, err);
	if (rc == FS_OK)
		fs_http_json(r, MHD_HTTP_ACCEPTED, korning_json(&k,
		    strcmp(k.status, FS_KORNING_PAGAR) == 0, 0, total));
	return rc;
}

const struct http_endpoint fs_ep_korning_perioder = {
	.fn = perioder,
	.body_kind = BODY_CSV,
	.summary = "Skicka periodfilen (pseudonym,forman,from,tom,omfattning) "
	    "och starta beräkningen; svarar 202 och räknar vidare, följ "
	    "framsteget med GET på körningen",
	.produces = "application/json",
	.ok_status = 202,
};

static enum fs_rc
korning_resultat(struct http_req *r, struct fs_err *err)
{
	struct fs_buf b;
	enum fs_rc rc;

	fs_buf_init(&b, 0);
	rc = fs_koppling_korning_resultat(r->db, r->path[0].v.i, false, &b,
	    err);
	if (rc == FS_OK)
		fs_http_bytes(r, MHD_HTTP_OK, JSON_TYPE, &b);
	fs_buf_release(&b);
	return rc;
}

const struct http_endpoint fs_ep_korning_resultat = {
	.fn = korning_resultat,
	.summary = "Körningens aggregat per förmån, kön, förbund och "
	    "åldersgrupp: medel före, efter och förändring med 95 % "
	    "konfidensintervall och antal, med röjandeskydd (samma JSON som "
	    "finsam koppling berakna --format json)",
	.produces = "application/json",
	.ok_status = 200,
};

static enum fs_rc
korning_svg(struct http_req *r, struct fs_err *err)
{
	struct fs_buf b;
	enum fs_rc rc;

	fs_buf_init(&b, 0);
	rc = fs_koppling_korning_resultat(r->db, r->path[0].v.i, true, &b,
	    err);
	if (rc == FS_OK)
		fs_http_bytes(r, MHD_HTTP_OK, SVG_TYPE, &b);
	fs_buf_release(&b);
	return rc;
}

const struct http_endpoint fs_ep_korning_svg = {
	.fn = korning_svg,
	.summary = "Körningens stapeldiagram: nettodagar före och efter per "
	    "förmån med 95 % konfidensintervall (samma SVG som --svg)",
	.produces = "image/svg+xml",
	.ok_status = 200,
};

/* ---- the municipality panel and DiD ------------------------------------ */

static enum fs_rc
utfall(struct http_req *r, struct fs_err *err)
{
	struct fs_utvardering_utfall *u = NULL;
	struct fs_utvardering_korning *k = NULL;
	struct fs_utvardering_kohort *c = NULL;
	size_t nu = 0, nk = 0, nc = 0, aldrig = 0, lamnat = 0;
	json_t *ju, *jk, *jc;
	enum fs_rc rc;

	rc = fs_utvardering_utfall_lista(r->db, &u, &nu, err);
	if (rc == FS_OK)
		rc = fs_utvardering_resultat_lista(r->db, &k, &nk, err);
	if (rc == FS_OK)
		rc = fs_utvardering_kohorter(r->db, &c, &nc, err);
	if (rc != FS_OK)
		goto out;
	ju = json_array();
	jk = json_array();
	jc = json_object();
	for (size_t i = 0; i < nu && ju != NULL; i++)
		json_array_append_new(ju, json_pack("{s:s, s:I, s:i, s:i}",
		    "namn", u[i].namn, "kommuner", (json_int_t)u[i].kommuner,
		    "ar_min", u[i].ar_min, "ar_max", u[i].ar_max));
	for (size_t i = 0; i < nk && jk != NULL; i++)
		json_array_append_new(jk, json_pack("{s:I, s:s, s:s, s:s, "
		    "s:o}", "id", (json_int_t)k[i].id, "utfall", k[i].utfall,
		    "tid", k[i].tid, "av", k[i].av, "parametrar",
		    parsed(k[i].parametrar, strlen(k[i].parametrar))));
	/* Kommuner per joining year: the cohorts the analysis will see. */
	for (size_t i = 0; i < nc && jc != NULL; i++) {
		char key[8];
		json_t *v;

		if (c[i].ar == 0) {
			aldrig++;
			continue;
		}
		lamnat += c[i].lamnat;
		snprintf(key, sizeof(key), "%d", c[i].ar);
		v = json_object_get(jc, key);
		json_object_set_new(jc, key, json_integer(v != NULL ?
		    json_integer_value(v) + 1 : 1));
	}
	fs_http_json(r, MHD_HTTP_OK, json_pack("{s:o, s:o, s:{s:o, s:I, "
	    "s:I}}", "utfall", ju, "resultat", jk, "kohorter", "per_ar", jc,
	    "aldrig", (json_int_t)aldrig, "lamnat", (json_int_t)lamnat));
out:
	free(u);
	free(k);
	free(c);
	return rc;
}

const struct http_endpoint fs_ep_utv_utfall = {
	.fn = utfall,
	.summary = "De sparade utfallen i kommunpanelen, de senaste "
	    "DiD-resultaten och antal kommuner per anslutningsår",
	.produces = "application/json",
	.ok_status = 200,
};

static json_t *
panelinfo_json(const struct fs_utvardering_panelinfo *in)
{
	return json_pack("{s:I, s:I, s:I, s:i, s:i}", "utfall",
	    (json_int_t)in->utfall, "rader", (json_int_t)in->rader,
	    "kommuner", (json_int_t)in->kommuner, "ar_min", in->ar_min,
	    "ar_max", in->ar_max);
}

static enum fs_rc
panel_import(struct http_req *r, struct fs_err *err)
{
	struct fs_utvardering_panelinfo in;
	enum fs_rc rc;

	memset(&in, 0, sizeof(in));
	rc = fs_utvardering_panel_import_mem(r->db, r->body.buf, r->body.len,
	    &in, err);
	if (rc == FS_OK)
		fs_http_json(r, MHD_HTTP_CREATED, panelinfo_json(&in));
	return rc;
}

const struct http_endpoint fs_ep_utv_panel = {
	.fn = panel_import,
	.body_kind = BODY_CSV,
	.summary = "Läs in utfall till kommunpanelen: kommunkod,ar,<utfall>"
	    "... (allt eller inget; ersätter de namngivna utfallen)",
	.produces = "application/json",
	.ok_status = 201,
};

static enum fs_rc
panel_fm(struct http_req *r, struct fs_err *err)
{
	struct fs_utvardering_panelinfo in;
	enum fs_rc rc;

	memset(&in, 0, sizeof(in));
	rc = fs_utvardering_panel_fm(r->db, &in, err);
	if (rc == FS_OK)
		fs_http_json(r, MHD_HTTP_CREATED, panelinfo_json(&in));
	return rc;
}

const struct http_endpoint fs_ep_utv_panel_fm = {
	.fn = panel_fm,
	.summary = "Bygg utfallen fm_* (kronor per invånare 16-64 år) ur "
	    "försörjningsmåtten",
	.produces = "application/json",
	.ok_status = 201,
};

/* The parameters shared by both analyses; FS_EINVAL naming the field. */
static enum fs_rc
did_params(const struct fs_input *kontroll, const struct fs_input *boot,
    const struct fs_input *seed, const struct fs_input *mink,
    struct fs_did_params *par, struct fs_err *err)
{
	int k;

	fs_did_params_init(par);
	if (kontroll->set) {
		k = fs_did_kontroll_find(kontroll->v.s.p);
		if (k < 0)
			return fs_err_set(err, FS_EINVAL, "kontroll",
			    "måste vara aldrig eller annu_inte");
		par->kontroll = (enum fs_did_kontroll)k;
	}
	if (boot->set)
		par->bootstrap = (unsigned)boot->v.i;
	if (seed->set)
		par->seed = (uint64_t)seed->v.i;
	if (mink->set)
		par->min_kohort = (unsigned)mink->v.i;
	return FS_OK;
}

/* The parameters of both analyses, at the indices given. */
#define DID_FIELDS(K, B, S, M) \
	[K] = { "kontroll", FV_TEXT, false, false, 0, 16, 0, \
	    "aldrig (standard) eller annu_inte" }, \
	[B] = { "bootstrap", FV_INT, false, false, 0, 100000, 0, \
	    "dragningar i multiplikator-bootstrap, 0 = analytiska " \
	    "standardfel (standard 999)" }, \
	[S] = { "seed", FV_INT, false, false, 0, INT64_MAX, 0, \
	    "frö för bootstrap (standard 1)" }, \
	[M] = { "min_kohort", FV_INT, false, false, 1, 1000, 0, \
	    "kohorter med färre enheter får en varning (standard 5)" }

enum { DID_UTFALL, DID_KONTROLL, DID_BOOT, DID_SEED, DID_MINK, DID__MAX };
static const struct fs_field did_body[] = {
	[DID_UTFALL] = { "utfall", FV_TEXT, true, false, 0, FS_DID_NAMN_MAX,
	    0, "ett utfall i den sparade panelen" },
	DID_FIELDS(DID_KONTROLL, DID_BOOT, DID_SEED, DID_MINK),
};
_Static_assert(FS_NELEM(did_body) == DID__MAX, "did_body");

/* Answer with r's JSON and a Location when it was stored. */
static enum fs_rc
did_answer(struct http_req *r, const struct fs_did_resultat *res,
    struct fs_err *err)
{
	struct fs_buf b;
	enum fs_rc rc;
	char loc[96];

	fs_buf_init(&b, 0);
	rc = fs_did_resultat_write(res, FS_DID_JSON, &b, err);
	if (rc == FS_OK) {
		if (res->id != 0) {
			snprintf(loc, sizeof(loc),
			    "/api/v1/utvardering/resultat/%lld",
			    (long long)res->id);
			fs_http_add_header(r, MHD_HTTP_HEADER_LOCATION, loc);
		}
		fs_http_bytes(r, res->id != 0 ? MHD_HTTP_CREATED : MHD_HTTP_OK,
		    JSON_TYPE, &b);
	}
	fs_buf_release(&b);
	return rc;
}

static enum fs_rc
did(struct http_req *r, struct fs_err *err)
{
	struct fs_did_params par;
	struct fs_did_resultat *res = NULL;
	enum fs_rc rc;

	rc = did_params(&r->in[DID_KONTROLL], &r->in[DID_BOOT],
	    &r->in[DID_SEED], &r->in[DID_MINK], &par, err);
	if (rc == FS_OK)
		rc = fs_utvardering_did(r->db, r->in[DID_UTFALL].v.s.p, &par,
		    &res, err);
	if (rc == FS_OK)
		rc = did_answer(r, res, err);
	fs_did_resultat_free(res);
	return rc;
}

const struct http_endpoint fs_ep_utv_did = {
	.fn = did,
	.body = did_body,
	.nbody = DID__MAX,
	.body_kind = BODY_JSON,
	.summary = "Stegvis DiD (Callaway & Sant'Anna) på ett sparat utfall: "
	    "ATT(g,t), händelsestudie och totaleffekt med standardfel; "
	    "resultatet sparas (samma JSON som finsam utvardering did "
	    "--format json)",
	.produces = "application/json",
	.ok_status = 201,
};

enum { DP_KONTROLL, DP_BOOT, DP_SEED, DP_MINK, DP__MAX };
static const struct fs_field didp_query[] = {
	DID_FIELDS(DP_KONTROLL, DP_BOOT, DP_SEED, DP_MINK),
};
_Static_assert(FS_NELEM(didp_query) == DP__MAX, "didp_query");

static enum fs_rc
did_panel(struct http_req *r, struct fs_err *err)
{
	struct fs_did_params par;
	struct fs_did_panel *p = NULL;
	struct fs_did_resultat *res = NULL;
	enum fs_rc rc;

	rc = did_params(&r->query[DP_KONTROLL], &r->query[DP_BOOT],
	    &r->query[DP_SEED], &r->query[DP_MINK], &par, err);
	if (rc == FS_OK)
		rc = fs_did_panel_read_mem(r->body.buf, r->body.len, &p, err);
	if (rc == FS_OK)
		rc = fs_did_estimate(p, &par, &res, err);
	if (rc == FS_OK) {
		/* As the command line names an outcome read from a file. */
		snprintf(res->utfall, sizeof(res->utfall), "%s", "y");
		rc = did_answer(r, res, err);
	}
	fs_did_resultat_free(res);
	fs_did_panel_free(p);
	return rc;
}

const struct http_endpoint fs_ep_utv_did_panel = {
	.fn = did_panel,
	.query = didp_query,
	.nquery = DP__MAX,
	.body_kind = BODY_CSV,
	.summary = "Stegvis DiD på en panel som skickas med: enhet,ar,y,"
	    "kohort (sparas inte; samma JSON som finsam utvardering did "
	    "--panel FIL --format json)",
	.produces = "application/json",
	.ok_status = 200,
};

static enum fs_rc
resultat(struct http_req *r, bool svg, struct fs_err *err)
{
	struct fs_buf b;
	enum fs_rc rc;

	fs_buf_init(&b, 0);
	rc = fs_utvardering_resultat_las(r->db, r->path[0].v.i, svg, &b, err);
	if (rc == FS_OK)
		fs_http_bytes(r, MHD_HTTP_OK, svg ? SVG_TYPE : JSON_TYPE, &b);
	fs_buf_release(&b);
	return rc;
}

static enum fs_rc
resultat_json(struct http_req *r, struct fs_err *err)
{
	return resultat(r, false, err);
}

static enum fs_rc
resultat_svg(struct http_req *r, struct fs_err *err)
{
	return resultat(r, true, err);
}

const struct http_endpoint fs_ep_utv_resultat = {
	.fn = resultat_json,
	.summary = "Ett sparat DiD-resultat, exakt de sparade byten",
	.produces = "application/json",
	.ok_status = 200,
};

const struct http_endpoint fs_ep_utv_resultat_svg = {
	.fn = resultat_svg,
	.summary = "Händelsestudiens diagram för ett sparat DiD-resultat: "
	    "skattning och 95 % band per år sedan anslutningen",
	.produces = "image/svg+xml",
	.ok_status = 200,
};
