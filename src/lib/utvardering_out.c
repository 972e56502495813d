/* SPDX-License-Identifier: ISC */
/*
 * Output of a difference-in-differences result (utvardering.h): JSON in
 * the shape of evaluation.md (through jansson), a text report in
 * Swedish, and the event-study chart as a self-contained SVG with the
 * estimate, its pointwise 95 % interval and, with the bootstrap, the
 * simultaneous band.  Owns nothing; appends to the caller's buffer and
 * leaves it as it was on failure.
 */
#include "compat.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/err.h"
#include "finsam/fmt.h"
#include "finsam/utvardering.h"

static const char *const format_names[] = {
	[FS_DID_TEXT] = "text",
	[FS_DID_JSON] = "json",
};
_Static_assert(FS_NELEM(format_names) == FS_DID_FORMAT__MAX, "formats");

int
fs_did_format_find(const char *name)
{
	return fs_name_find(format_names, FS_DID_FORMAT__MAX, name);
}

static enum fs_rc
nomem(struct fs_err *err)
{
	return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
}

static json_t *
jnum(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *
json_result(const struct fs_did_resultat *r)
{
	json_t *gt = json_array(), *es = json_array(), *w = json_array();
	json_t *root;

	if (gt == NULL || es == NULL || w == NULL)
		goto fail;
	for (size_t i = 0; i < r->ngt; i++) {
		const struct fs_did_gt *c = &r->gt[i];

		if (json_array_append_new(gt, json_pack("{s:i, s:i, s:o, s:o, "
		    "s:I, s:I}", "kohort", c->kohort, "ar", c->ar,
		    "att", jnum(c->att), "se", jnum(c->se),
		    "n_behandlade", (json_int_t)c->n_behandlade,
		    "n_kontroll", (json_int_t)c->n_kontroll)) != 0)
			goto fail;
	}
	for (size_t i = 0; i < r->nes; i++) {
		const struct fs_did_es *e = &r->es[i];

		if (json_array_append_new(es, json_pack("{s:i, s:o, s:o, s:I, "
		    "s:I, s:o, s:o, s:o, s:o}", "e", e->e, "att", jnum(e->att),
		    "se", jnum(e->se), "n", (json_int_t)e->n,
		    "kohorter", (json_int_t)e->nkohorter,
		    "ki_lag", jnum(e->att - 1.959963984540054 * e->se),
		    "ki_hog", jnum(e->att + 1.959963984540054 * e->se),
		    "band_lag", jnum(e->att - r->krit * e->se),
		    "band_hog", jnum(e->att + r->krit * e->se))) != 0)
			goto fail;
	}
	for (size_t i = 0; i < r->nvarningar; i++)
		if (json_array_append_new(w, json_string(r->varningar[i])) != 0)
			goto fail;
	root = json_pack("{s:s, s:s, s:s, s:I, s:I, s:{s:i, s:i}, s:I, s:I, "
	    "s:I, s:o, s:o, s:{s:o, s:o}, s:o, s:o}",
	    "analys", "did",
	    "utfall", r->utfall,
	    "kontroll", fs_did_kontroll_name(r->kontroll),
	    "bootstrap", (json_int_t)r->bootstrap,
	    "seed", (json_int_t)r->seed,
	    "ar", "fran", r->ar_min, "till", r->ar_max,
	    "enheter", (json_int_t)r->nenheter,
	    "aldrig_behandlade", (json_int_t)r->naldrig,
	    "kohorter", (json_int_t)r->nkohorter,
	    "att_gt", gt,
	    "handelsestudie", es,
	    "total", "att", jnum(r->total_att), "se", jnum(r->total_se),
	    "kritiskt_varde", jnum(r->krit),
	    "varningar", w);
	return root;
fail:
	json_decref(gt);
	json_decref(es);
	json_decref(w);
	return NULL;
}

/* A signed number with d decimals, decimal comma, "–" when not finite. */
static enum fs_rc
num(struct fs_buf *b, double v, unsigned d)
{
	double scale = pow(10.0, (double)d), x;

	if (!isfinite(v))
		return fs_buf_addstr(b, "–");
	x = round(v * scale);
	if (x == 0)
		x = 0;
	if (fabs(x) > 9e15)
		return fs_buf_addf(b, "%.3g", v);
	return fs_fmt_fixed(b, (int64_t)x, d, FS_FMT_TEXT, NULL);
}

/* Right-align the text appended since start to width columns. */
static enum fs_rc
ralign(struct fs_buf *b, size_t start, size_t width)
{
	size_t cols = 0;
	char tmp[128];

	for (size_t i = start; i < b->len; i++)
		if (((unsigned char)b->buf[i] & 0xc0) != 0x80)
			cols++;
	if (cols >= width || b->len - start >= sizeof(tmp))
		return FS_OK;
	memcpy(tmp, b->buf + start, b->len - start);
	tmp[b->len - start] = '\0';
	fs_buf_setlen(b, start);
	return fs_buf_addf(b, "%*s%s", (int)(width - cols), "", tmp);
}

static enum fs_rc
col(struct fs_buf *b, double v, unsigned d, size_t width)
{
	size_t s = b->len;
	enum fs_rc rc = num(b, v, d);

	return rc == FS_OK ? ralign(b, s, width) : rc;
}

static enum fs_rc
write_text(const struct fs_did_resultat *r, struct fs_buf *b)
{
	enum fs_rc rc;

	rc = fs_buf_addf(b, "Difference-in-differences (Callaway & Sant'Anna): "
	    "%s\nÅr %d–%d, %zu enheter varav %zu aldrig behandlade, %zu "
	    "kohorter; kontrollgrupp: %s; medelfel: %s", r->utfall,
	    r->ar_min, r->ar_max, r->nenheter, r->naldrig, r->nkohorter,
	    r->kontroll == FS_DID_ALDRIG ? "aldrig behandlade" :
	    "aldrig eller ännu inte behandlade", r->bootstrap == 0 ?
	    "analytiska" : "multiplikator-bootstrap");
	if (rc == FS_OK && r->bootstrap > 0)
		rc = fs_buf_addf(b, " (%u dragningar, frö %llu, klustrat per "
		    "enhet)", r->bootstrap, (unsigned long long)r->seed);
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, "\n\nTotal effekt (genomsnitt av "
		    "kohorternas effekt efter anslutningen): ");
	if (rc == FS_OK)
		rc = num(b, r->total_att, 3);
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, " (medelfel ");
	if (rc == FS_OK)
		rc = num(b, r->total_se, 3);
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, ", 95 % KI ");
	if (rc == FS_OK)
		rc = num(b, r->total_att - 1.959963984540054 * r->total_se, 3);
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, " – ");
	if (rc == FS_OK)
		rc = num(b, r->total_att + 1.959963984540054 * r->total_se, 3);
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, ")\n\nHändelsestudie (år sedan "
		    "anslutningen; e = -1 är basåret)\n"
		    "   e    effekt  medelfel      95 % KI          enheter\n");
	for (size_t i = 0; i < r->nes && rc == FS_OK; i++) {
		const struct fs_did_es *e = &r->es[i];

		rc = fs_buf_addf(b, "%4d", e->e);
		if (rc == FS_OK)
			rc = col(b, e->att, 3, 10);
		if (rc == FS_OK)
			rc = col(b, e->se, 3, 10);
		if (rc == FS_OK)
			rc = col(b, e->att - 1.959963984540054 * e->se, 3, 10);
		if (rc == FS_OK)
			rc = fs_buf_addstr(b, " –");
		if (rc == FS_OK)
			rc = col(b, e->att + 1.959963984540054 * e->se, 3, 9);
		if (rc == FS_OK)
			rc = fs_buf_addf(b, "  %7zu\n", e->n);
	}
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, "\nATT(g,t) per kohort g och år t\n"
		    "kohort    år    effekt  medelfel  behandlade  kontroll\n");
	for (size_t i = 0; i < r->ngt && rc == FS_OK; i++) {
		const struct fs_did_gt *c = &r->gt[i];

		rc = fs_buf_addf(b, "%6d  %4d", c->kohort, c->ar);
		if (rc == FS_OK)
			rc = col(b, c->att, 3, 10);
		if (rc == FS_OK)
			rc = col(b, c->se, 3, 10);
		if (rc == FS_OK)
			rc = fs_buf_addf(b, "  %10zu  %8zu\n", c->n_behandlade,
			    c->n_kontroll);
	}
	if (rc == FS_OK && r->nvarningar > 0)
		rc = fs_buf_addstr(b, "\nVarningar:\n");
	for (size_t i = 0; i < r->nvarningar && rc == FS_OK; i++)
		rc = fs_buf_addf(b, "- %s\n", r->varningar[i]);
	return rc;
}

enum fs_rc
fs_did_resultat_write(const struct fs_did_resultat *r, enum fs_did_format f,
    struct fs_buf *out, struct fs_err *err)
{
	size_t len0 = out->len;
	enum fs_rc rc = FS_OK;
	json_t *root;
	char *s;

	switch (f) {
	case FS_DID_TEXT:
		if (write_text(r, out) != FS_OK)
			rc = nomem(err);
		break;
	case FS_DID_JSON:
		root = json_result(r);
		if (root == NULL)
			return nomem(err);
		s = json_dumps(root, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
		json_decref(root);
		if (s == NULL)
			return nomem(err);
		if (fs_buf_addstr(out, s) != FS_OK ||
		    fs_buf_addch(out, '\n') != FS_OK)
			rc = nomem(err);
		free(s);
		break;
	default:
		return fs_err_set(err, FS_EINVAL, "format",
		    "måste vara text eller json");
	}
	if (rc != FS_OK)
		fs_buf_setlen(out, len0);
	return rc;
}

/* ---- the event-study chart -------------------------------------------- */

#define W	720.0
#define H	400.0
#define L	70.0
#define R	20.0
#define T	50.0
#define B	60.0

static double
nice(double range)
{
	double raw = range / 6.0, mag, f;

	if (raw <= 0)
		return 1;
	mag = pow(10.0, floor(log10(raw)));
	f = raw / mag;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

/* A y value for the axis labels: up to 3 decimals, no trailing zeros. */
static enum fs_rc
label(struct fs_buf *b, double v)
{
	char s[32];
	size_t n;

	snprintf(s, sizeof(s), "%.3f", fabs(v) < 1e-12 ? 0.0 : v);
	n = strlen(s);
	while (n > 0 && s[n - 1] == '0')
		s[--n] = '\0';
	if (n > 0 && s[n - 1] == '.')
		s[--n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (s[i] == '.')
			s[i] = ',';
	return fs_buf_addstr(b, s);
}

enum fs_rc
fs_did_resultat_svg(const struct fs_did_resultat *r, struct fs_buf *out,
    struct fs_err *err)
{
	size_t len0 = out->len;
	double lo = 0, hi = 0, step, pw = W - L - R, ph = H - T - B;
	int emin = -1, emax = 0;
	enum fs_rc rc;

	for (size_t i = 0; i < r->nes; i++) {
		const struct fs_did_es *e = &r->es[i];
		double k = r->krit > 1.959963984540054 ? r->krit :
		    1.959963984540054;

		if (!isfinite(e->att) || !isfinite(e->se))
			continue;
		lo = fmin(lo, e->att - k * e->se);
		hi = fmax(hi, e->att + k * e->se);
		emin = e->e < emin ? e->e : emin;
		emax = e->e > emax ? e->e : emax;
	}
	step = nice(hi - lo);
	lo = step * floor(lo / step);
	hi = step * ceil(hi / step);
	if (hi - lo < step)
		hi = lo + step;
#define X(e) (L + ((double)(e) - emin + 0.5) * pw / (double)(emax - emin + 1))
#define Y(v) (T + (hi - (v)) * ph / (hi - lo))
	rc = fs_buf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
	    "role=\"img\" aria-labelledby=\"t d\" font-family=\"sans-serif\" "
	    "font-size=\"12\">\n<title id=\"t\">Händelsestudie: effekt per år "
	    "sedan anslutningen</title>\n<desc id=\"d\">Skattad effekt på "
	    "utfallet (Callaway &amp; Sant'Anna) för varje år före och efter "
	    "att kommunen gick med i ett förbund, med 95 %% "
	    "konfidensintervall; år -1 är basåret.</desc>\n<rect "
	    "width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n<text x=\"%.0f\" "
	    "y=\"26\" font-size=\"15\" font-weight=\"bold\">Effekt per år sedan "
	    "anslutningen</text>\n", W, H, W, H, L);
	for (double v = lo; v <= hi + step / 2 && rc == FS_OK; v += step) {
		rc = fs_buf_addf(out, "<path d=\"M%.1f %.1fH%.1f\" stroke=\"%s\""
		    "%s/>\n<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", L,
		    Y(v), W - R, fabs(v) < step / 1e6 ? "#000" : "#ddd",
		    fabs(v) < step / 1e6 ? " stroke-dasharray=\"4 3\"" : "",
		    L - 6, Y(v) + 4);
		if (rc == FS_OK)
			rc = label(out, v);
		if (rc == FS_OK)
			rc = fs_buf_addstr(out, "</text>\n");
	}
	/* Treatment starts between e = -1 and e = 0. */
	if (rc == FS_OK)
		rc = fs_buf_addf(out, "<path d=\"M%.1f %.1fV%.1f\" "
		    "stroke=\"#999\" stroke-dasharray=\"2 3\"/>\n",
		    (X(-1) + X(0)) / 2, T, T + ph);
	for (int e = emin; e <= emax && rc == FS_OK; e++)
		rc = fs_buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"middle\">%d</text>\n", X(e), T + ph + 18, e);
	if (rc == FS_OK)
		rc = fs_buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"middle\">År sedan anslutningen</text>\n",
		    L + pw / 2, H - 12);
	/* The base year as a reference point. */
	if (rc == FS_OK)
		rc = fs_buf_addf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" "
		    "fill=\"#fff\" stroke=\"#000\"><title>basår</title>"
		    "</circle>\n", X(-1), Y(0));
	for (size_t i = 0; i < r->nes && rc == FS_OK; i++) {
		const struct fs_did_es *e = &r->es[i];
		double x = X(e->e);
		const char *color = e->e < 0 ? "#0072B2" : "#D55E00";

		if (!isfinite(e->att))
			continue;
		if (isfinite(e->se) && r->bootstrap > 0)
			rc = fs_buf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" "
			    "width=\"12\" height=\"%.1f\" fill=\"%s\" "
			    "opacity=\"0.18\"/>\n", x - 6,
			    Y(e->att + r->krit * e->se),
			    Y(e->att - r->krit * e->se) -
			    Y(e->att + r->krit * e->se), color);
		if (rc == FS_OK && isfinite(e->se))
			rc = fs_buf_addf(out, "<path d=\"M%.1f %.1fV%.1f"
			    "M%.1f %.1fH%.1fM%.1f %.1fH%.1f\" stroke=\"%s\" "
			    "stroke-width=\"1.5\"/>\n", x,
			    Y(e->att - 1.959963984540054 * e->se),
			    Y(e->att + 1.959963984540054 * e->se), x - 4,
			    Y(e->att - 1.959963984540054 * e->se), x + 4,
			    x - 4, Y(e->att + 1.959963984540054 * e->se),
			    x + 4, color);
		if (rc == FS_OK)
			rc = fs_buf_addf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" "
			    "r=\"4\" fill=\"%s\"><title>e = %d: %.3f "
			    "(medelfel %.3f)</title></circle>\n", x,
			    Y(e->att), color, e->e, e->att, e->se);
	}
	if (rc == FS_OK)
		rc = fs_buf_addstr(out, "</svg>\n");
#undef X
#undef Y
	if (rc != FS_OK) {
		fs_buf_setlen(out, len0);
		return nomem(err);
	}
	return FS_OK;
}
