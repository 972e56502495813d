/* SPDX-License-Identifier: ISC */
/*
 * The allocation model as a pure function (tilldelning.h): every test
 * vector of finance.md to the krona (keys, possible allocation, spärr,
 * utilisation, over-subscription), the largest-remainder split, the
 * rounding unit, the equity step, redistribution of money not taken,
 * floors that cannot be held, and property tests over many random
 * inputs from a small deterministic generator: the possible
 * allocations always add up to the frame exactly, no förbund falls
 * below its floor when the spärr holds, allocations never exceed what
 * is available, and the same inputs give the same bytes.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/tilldelning.h"

/* ---- the synthetic vector of finance.md ---- */

struct vk {
	const char	*kod;
	int		 forbund;
	int64_t		 fm_kr;
	int64_t		 bef;
};

static const struct vk vector_kommuner[] = {
	{ "0001", 0, 300000000, 60000 },
	{ "0002", 0, 100000000, 25000 },
	{ "0003", 1, 250000000, 40000 },
	{ "0004", 2, 150000000, 50000 },
	{ "0005", 2, 200000000, 25000 },
};
static const char *const vector_forbund[] = { "A", "B", "C" };

/* An input of nf förbund over the kommuner k[0..nk). */
static void
make_input(struct fs_tdl_input *in, const struct vk *k, size_t nk,
    const char *const *fk, size_t nf)
{
	memset(in, 0, sizeof(*in));
	in->ar = 2026;
	in->dataar = 2024;
	in->kapitalar = 2024;
	in->medlemsdag = 20454;
	in->kommun = calloc(nk, sizeof(*in->kommun));
	in->forbund = calloc(nf, sizeof(*in->forbund));
	assert_non_null(in->kommun);
	assert_non_null(in->forbund);
	in->nkommun = nk;
	in->nforbund = nf;
	for (size_t i = 0; i < nk; i++) {
		snprintf(in->kommun[i].kod, 5, "%s", k[i].kod);
		snprintf(in->kommun[i].namn, 48, "K%zu", i + 1);
		in->kommun[i].fm_tkr = k[i].fm_kr / 1000;
		in->kommun[i].befolkning = k[i].bef;
	}
	for (size_t f = 0; f < nf; f++) {
		struct fs_tdl_in_forbund *x = &in->forbund[f];

		snprintf(x->kod, sizeof(x->kod), "%s", fk[f]);
		x->namn = fs_strdup(fk[f]);
		x->kommun = calloc(nk, sizeof(*x->kommun));
		assert_non_null(x->kommun);
		for (size_t i = 0; i < nk; i++)
			if (k[i].forbund == (int)f)
				x->kommun[x->nkommun++] = i;
		x->foregaende = FS_TDL_NONE;
		x->kapital = FS_TDL_NONE;
		x->intakter = FS_TDL_NONE;
		x->over_trappan = -1;
		x->ansokan = FS_TDL_NONE;
		x->utnyttjandegrad_bp = -1;
	}
}

static void
vector(struct fs_tdl_input *in, struct fs_tdl_params *p)
{
	make_input(in, vector_kommuner, FS_NELEM(vector_kommuner),
	    vector_forbund, 3);
	fs_tdl_params_init(p, 2026);
	p->ram = 10000000;
	p->grundbelopp = 400000;
}

static void
run(const struct fs_tdl_params *p, const struct fs_tdl_input *in,
    struct fs_tdl_result *r)
{
	struct fs_err err = FS_ERR_INIT;
	enum fs_rc rc;

	rc = fs_tdl_compute(p, in, r, &err);
	if (rc != FS_OK)
		fail_msg("compute: %s: %s", err.field, err.msg);
}

static void
test_vector_keys_and_possible_allocation(void **state)
{
	struct fs_tdl_input in;
	struct fs_tdl_params p;
	struct fs_tdl_result r;

	(void)state;
	vector(&in, &p);
	run(&p, &in, &r);
	assert_int_equal(r.nrad, 3);
	/* 0.40625, 0.2375, 0.35625 exactly (in 1e-12). */
	assert_int_equal(r.rad[0].nyckel_e12, 406250000000LL);
	assert_int_equal(r.rad[1].nyckel_e12, 237500000000LL);
	assert_int_equal(r.rad[2].nyckel_e12, 356250000000LL);
	assert_int_equal(r.rad[0].mojlig, 3975000);
	assert_int_equal(r.rad[1].mojlig, 2490000);
	assert_int_equal(r.rad[2].mojlig, 3535000);
	assert_int_equal(r.summa_mojlig, 10000000);
	assert_int_equal(r.rest, 8800000);
	/* Utilisation 100 % by default: they take what is possible. */
	assert_int_equal(r.rad[1].tilldelning, 2490000);
	/* Nobody had an allocation last year: no floor to hold. */
	assert_int_equal(r.sparr, FS_TDL_SPARR_EJ_BEHOV);
	fs_tdl_result_release(&r);
	fs_tdl_params_release(&p);
	fs_tdl_input_release(&in);
}

static void
test_vector_sparr_holds_b_at_90_percent(void **state)
{
	struct fs_tdl_input in;
	struct fs_tdl_params p;
	struct fs_tdl_result r;

	(void)state;
	vector(&in, &p);
	in.forbund[1].foregaende = 3000000;
	in.forbund[1].over_trappan = 0;
	run(&p, &in, &r);
	assert_int_equal(r.sparr, FS_TDL_SPARR_HALLEN);
	assert_true(r.rad[1].i_sparr);
	assert_int_equal(r.rad[1].golv, 2700000);
	assert_int_equal(r.rad[1].mojlig, 2700000);
	assert_int_equal(r.rad[0].mojlig, 3863115);
	assert_int_equal(r.rad[2].mojlig, 3436885);
	assert_int_equal(r.summa_mojlig, 10000000);
	fs_tdl_result_release(&r);
	fs_tdl_params_release(&p);
	fs_tdl_input_release(&in);
}

static void
test_sparr_does_not_apply_above_trappan(void **state)
{
	struct fs_tdl_input in;
	struct fs_tdl_params p;
	struct fs_tdl_result r;

	(void)state;
	vector(&in, &p);
	in.forbund[1].foregaende = 3000000;
	/* 33 % of income as equity: above the 20 % step. */
	in.forbund[1].intakter = 5144000;
	in.forbund[1].kapital = 1690000;
	run(&p, &in, &r);
	assert_int_equal(r.rad[1].over_trappan, 1);
	assert_int_equal(r.rad[1].kapital_overskott, 661200);
	assert_false(r.rad[1].i_sparr);
	assert_int_equal(r.rad[1].mojlig, 2490000);
	assert_int_equal(r.rad[1].kapital_minskning, 0);
	fs_tdl_result_release(&r);
	fs_tdl_params_release(&p);
	fs_tdl_input_release(&in);
}

static void
test_sparr_switched_off_leaves_key_amounts(void **state)
{
	struct fs_tdl_input in;
	struct fs_tdl_params p;
	struct fs_tdl_result r;

	(void)state;
	vector(&in, &p);
	p.sparr = false;
	in.forbund[1].foregaende = 3000000;
	run(&p, &in, &r);
	assert_int_equal(r.sparr, FS_TDL_SPARR_AV);
	assert_int_equal(r.rad[1].mojlig, 2490000);
	assert_int_equal(r.rad[1].golv, FS_TDL_NONE);
	fs_tdl_result_release(&r);
	fs_tdl_params_release(&p);
	fs_tdl_input_release(&in);
}

static void
test_vector_utilisation_100_80_55(void **state)
{
	struct fs_tdl_input in;
	struct fs_tdl_params p;
	struct fs_tdl_result r;

	(void)state;
	vector(&in, &p);
	in.forbund[0].utnyttjandegrad_bp = 10000;
	in.forbund[1].utnyttjandegrad_bp = 8000;
	in.forbund[2].utnyttjandegrad_bp = 5500;
	run(&p, &in, &r);
	assert_int_equal(r.rad[0].tilldelning, 3975000);
	assert_int_equal(r.rad[1].tilldelning, 1992000);
	assert_int_equal(r.rad[2].tilldelning, 1944250);
	assert_int_equal(r.ej_utnyttjat, 2088750);
	assert_false(r.overteckning);
	fs_tdl_result_release(&r);
	fs_tdl_params_release(&p);
	fs_tdl_input_release(&in);
}

static void
test_vector_oversubscription_scales_to_frame(void **state)
{
	struct fs_tdl_input in;
	struct fs_tdl_params p;
	struct fs_tdl_result r;

	(void)state;
	vector(&in, &p);
	in.forbund[0].ansokan = 3975000;
	in.forbund[1].ansokan = 2700000;
	in.forbund[2].ansokan = 3535000;
	run(&p, &in, &r);
	assert_true(r.overteckning);
	assert_int_equal(r.rad[0].tilldelning, 3893242);
	assert_int_equal(r.rad[1].tilldelning, 2644466);
	assert_int_equal(r.rad[2].tilldelning, 3462292);
	assert_int_equal(r.summa_tilldelning, 10000000);
	fs_tdl_result_release(&r);
	fs_tdl_params_release(&p);
	fs_tdl_input_release(&in);
}

static void
test_money_not_taken_goes_to_those_asking_more(void **state)
{
	struct fs_tdl_input in;
	struct fs_tdl_params p;
	struct fs_tdl_result r;

	(void)state;
	vector(&in, &p);
	/* C leaves 1 590 750; B asks 210 000 more, A 500 000 more. */
	in.forbund[0].ansokan = 4475000;
	in.forbund[1].ansokan = 2700000;
	in.forbund[2].utnyttjandegrad_bp = 5500;
	run(&p, &in, &r);
	assert_false(r.overteckning);
	assert_int_equal(r.rad[1].tilldelning, 2700000);
	assert_int_equal(r.rad[0].tilldelning, 4475000);
	assert_int_equal(r.rad[2].tilldelning, 1944250);
	assert_int_equal(r.ej_utnyttjat, 10000000 - 4475000 - 2700000 -
	    1944250);
	fs_tdl_result_release(&r);
	/* Without redistribution they get their possible allocation. */
	p.omfordelning = FS_TDL_OMF_INGEN;
	run(&p, &in, &r);
	assert_int_equal(r.rad[0].tilldelning, 3975000);
	assert_int_equal(r.rad[1].tilldelning, 2490000);
	assert_int_equal(r.ej_utnyttjat, 10000000 - 3975000 - 2490000 -
	    1944250);
	fs_tdl_result_release(&r);
	fs_tdl_params_release(&p);
	fs_tdl_input_release(&in);
}

static void
test_redistribution_by_key_when_over_subscribed(void **state)
{
	struct fs_tdl_input in;
	struct fs_tdl_params p;
	struct fs_tdl_result r;

	(void)state;
	vector(&in, &p);
	p.omfordelning = FS_TDL_OMF_NYCKEL;
	in.forbund[0].ansokan = 9000000;
	in.forbund[1].ansokan = 9000000;
	in.forbund[2].utnyttjandegrad_bp = 0;
	run(&p, &in, &r);
	assert_true(r.overteckning);
	/* A and B keep A_i and split C's 3 535 000 as 0.40625 : 0.2375. */
	assert_int_equal(r.rad[0].tilldelning, 3975000 + 2230825);
	assert_int_equal(r.rad[1].tilldelning, 2490000 + 1304175);
	assert_int_equal(r.rad[2].tilldelning, 0);
	assert_int_equal(r.summa_tilldelning, 10000000);
	fs_tdl_result_release(&r);
	/* A needs only 1 025 000 more: capped; B gets the rest it asked. */
	in.forbund[0].ansokan = 5000000;
	in.forbund[1].ansokan = 4000000;
	run(&p, &in, &r);
	assert_int_equal(r.rad[0].tilldelning, 5000000);
	assert_int_equal(r.rad[1].tilldelning, 4000000);
	assert_int_equal(r.ej_utnyttjat, 1000000);
	fs_tdl_result_release(&r);
	fs_tdl_params_release(&p);
	fs_tdl_input_release(&in);
}

static void
test_equity_reduction_share_of_excess(void **state)
{
	struct fs_tdl_input in;
	struct fs_tdl_params p;
	struct fs_tdl_result r;

	(void)state;
	vector(&in, &p);
	p.kapitalregel = FS_TDL_KAPITAL_ANDEL;
	p.kapital_bp = 5000;
	in.forbund[1].intakter = 5144000;
	in.forbund[1].kapital = 1690000;
	run(&p, &in, &r);
	assert_int_equal(r.rad[1].kapital_minskning, 330600);
	assert_int_equal(r.rad[1].mojlig, 2490000 - 330600);
	/* Not redistributed by default: the frame is not used in full. */
	assert_int_equal(r.summa_mojlig, 10000000 - 330600);
	fs_tdl_result_release(&r);
	p.kapital_omfordelas = true;
	run(&p, &in, &r);
	assert_int_equal(r.summa_mojlig, 10000000);
	assert_int_equal(r.rad[0].kapital_tillagg + r.rad[2].kapital_tillagg,
	    330600);
	assert_int_equal(r.rad[1].kapital_tillagg, 0);
	fs_tdl_result_release(&r);
	fs_tdl_params_release(&p);
	fs_tdl_input_release(&in);
}

static void
test_floors_that_cannot_be_held_are_scaled(void **state)
{
	struct fs_tdl_input in;
	struct fs_tdl_params p;
	struct fs_tdl_result r;

	(void)state;
	vector(&in, &p);
	/* Last year 20 mkr in all; this year's frame is 10 mkr. */
	in.forbund[0].foregaende = 8000000;
	in.forbund[1].foregaende = 6000000;
	in.forbund[2].foregaende = 6000000;
	run(&p, &in, &r);
	assert_int_equal(r.sparr, FS_TDL_SPARR_EJ_MOJLIG);
	assert_int_equal(r.summa_mojlig, 10000000);
	/* Floors 7.2 : 5.4 : 5.4 mkr scaled by 10 / 18. */
	assert_int_equal(r.rad[0].mojlig, 4000000);
	assert_int_equal(r.rad[1].mojlig, 3000000);
	assert_int_equal(r.rad[2].mojlig, 3000000);
	fs_tdl_result_release(&r);
	fs_tdl_params_release(&p);
	fs_tdl_input_release(&in);
}

static void
test_rounding_unit_thousand(void **state)
{
	struct fs_tdl_input in;
	struct fs_tdl_params p;
	struct fs_tdl_result r;

	(void)state;
	vector(&in, &p);
	p.avrundning = 1000;
	in.forbund[1].foregaende = 3000000;
	run(&p, &in, &r);
	assert_int_equal(r.summa_mojlig, 10000000);
	for (size_t i = 0; i < r.nrad; i++)
		assert_int_equal(r.rad[i].mojlig % 1000, 0);
	assert_int_equal(r.rad[1].mojlig, 2700000);
	assert_int_equal(r.rad[0].mojlig, 3863000);
	assert_int_equal(r.rad[2].mojlig, 3437000);
	fs_tdl_result_release(&r);
	fs_tdl_params_release(&p);
	fs_tdl_input_release(&in);
}

static void
test_log_explains_each_step_in_swedish(void **state)
{
	struct fs_tdl_input in;
	struct fs_tdl_params p;
	struct fs_tdl_result r;
	struct fs_buf b;
	struct fs_err err = FS_ERR_INIT;

	(void)state;
	vector(&in, &p);
	in.forbund[1].foregaende = 3000000;
	in.forbund[1].utnyttjandegrad_bp = 8000;
	run(&p, &in, &r);
	fs_buf_init(&b, 0);
	assert_int_equal(fs_tdl_write(&r, FS_TDL_TEXT, "B", &b, &err), FS_OK);
	assert_non_null(strstr(b.buf, "Nyckel: 75 % × 25,0000 % + 25 % × "
	    "20,0000 % = 23,7500 %."));
	assert_non_null(strstr(b.buf, "golvet är 90 % av den = 2 700 000 kr"));
	assert_non_null(strstr(b.buf, "förbundet får golvet, 2 700 000 kr"));
	assert_non_null(strstr(b.buf, "utnyttjandegrad 80 %"));
	assert_non_null(strstr(b.buf, "Tilldelning 2026: 2 160 000 kr."));
	fs_buf_release(&b);
	fs_buf_init(&b, 0);
	assert_int_equal(fs_tdl_write(&r, FS_TDL_TEXT, "A", &b, &err), FS_OK);
	assert_non_null(strstr(b.buf, "3 975 000 kr blir 3 863 115 kr"));
	assert_int_equal(fs_tdl_write(&r, FS_TDL_TEXT, "X", &b, &err),
	    FS_ENOTFOUND);
	assert_string_equal(err.field, "forbund");
	fs_buf_release(&b);
	fs_tdl_result_release(&r);
	fs_tdl_params_release(&p);
	fs_tdl_input_release(&in);
}

static void
test_json_has_exactly_the_documented_shape(void **state)
{
	struct fs_tdl_input in;
	struct fs_tdl_params p;
	struct fs_tdl_result r;
	struct fs_buf b;
	struct fs_err err = FS_ERR_INIT;

	(void)state;
	vector(&in, &p);
	run(&p, &in, &r);
	fs_buf_init(&b, 0);
	assert_int_equal(fs_tdl_write(&r, FS_TDL_JSON, NULL, &b, &err), FS_OK);
	assert_true(strncmp(b.buf, "{\n  \"ar\": 2026,\n  \"ram\": 10000000,\n"
	    "  \"forbund\": [\n    {\n      \"forbund_kod\": \"A\",\n"
	    "      \"nyckel\": 0.40625,\n"
	    "      \"mojlig_tilldelning\": 3975000,\n"
	    "      \"tilldelning\": 3975000,\n      \"logg\": [", 180) == 0);
	assert_non_null(strstr(b.buf, "\"nyckel\": 0.2375,"));
	assert_int_equal(b.buf[b.len - 1], '\n');
	fs_buf_release(&b);
	fs_tdl_result_release(&r);
	fs_tdl_params_release(&p);
	fs_tdl_input_release(&in);
}

static void
test_bad_inputs_name_the_field(void **state)
{
	struct fs_tdl_input in;
	struct fs_tdl_params p;
	struct fs_tdl_result r;
	struct fs_err err = FS_ERR_INIT;

	(void)state;
	vector(&in, &p);
	p.grundbelopp = 4000000;
	assert_int_equal(fs_tdl_compute(&p, &in, &r, &err), FS_EINVAL);
	assert_string_equal(err.field, "grundbelopp");
	p.grundbelopp = 400000;
	p.vikt_fm_bp = 8000;
	assert_int_equal(fs_tdl_compute(&p, &in, &r, &err), FS_EINVAL);
	assert_string_equal(err.field, "vikt_befolkning");
	p.vikt_fm_bp = 7500;
	in.forbund[1].kommun[0] = 0;	/* K1 in A and in B */
	assert_int_equal(fs_tdl_compute(&p, &in, &r, &err), FS_EINVAL);
	assert_string_equal(err.field, "medlemskap");
	in.forbund[1].kommun[0] = 2;
	in.kommun[0].fm_tkr = -1;
	assert_int_equal(fs_tdl_compute(&p, &in, &r, &err), FS_EINVAL);
	assert_string_equal(err.field, "forsorjningsmatt");
	in.nforbund = 0;
	assert_int_equal(fs_tdl_compute(&p, &in, &r, &err), FS_EINVAL);
	assert_string_equal(err.field, "forbund");
	in.nforbund = 3;
	fs_tdl_params_release(&p);
	fs_tdl_input_release(&in);
}

static void
test_out_of_memory_fails_cleanly_at_every_allocation(void **state)
{
	struct fs_tdl_input in;
	struct fs_tdl_params p;
	struct fs_tdl_result r;
	struct fs_buf ref, b;
	struct fs_err err = FS_ERR_INIT;
	unsigned long n;
	enum fs_rc rc = FS_ENOMEM;

	(void)state;
	vector(&in, &p);
	in.forbund[1].foregaende = 3000000;
	in.forbund[2].utnyttjandegrad_bp = 5500;
	in.forbund[0].ansokan = 4500000;
	run(&p, &in, &r);
	fs_buf_init(&ref, 0);
	assert_int_equal(fs_tdl_write(&r, FS_TDL_TEXT, NULL, &ref, &err),
	    FS_OK);
	fs_tdl_result_release(&r);
	for (n = 1; n < 100000 && rc != FS_OK; n++) {
		fs_alloc_fail_after(n);
		rc = fs_tdl_compute(&p, &in, &r, &err);
		if (rc == FS_OK) {
			fs_buf_init(&b, 0);
			rc = fs_tdl_write(&r, FS_TDL_TEXT, NULL, &b, &err);
			/* Whatever succeeds is complete: no degraded text. */
			if (rc == FS_OK)
				assert_string_equal(b.buf, ref.buf);
			fs_buf_release(&b);
			fs_tdl_result_release(&r);
		} else
			assert_null(r.rad);
		if (rc != FS_OK)
			assert_int_equal(rc, FS_ENOMEM);
	}
	fs_alloc_fail_after(0);
	assert_int_equal(rc, FS_OK);
	assert_true(n > 20);
	fs_buf_release(&ref);
	fs_tdl_params_release(&p);
	fs_tdl_input_release(&in);
}

/* ---- property tests ---- */

/* splitmix64: a small deterministic generator for the tests only. */
static uint64_t
prng(uint64_t *x)
{
	uint64_t z;

	*x += 0x9e3779b97f4a7c15ULL;
	z = *x;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int64_t
between(uint64_t *x, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(prng(x) % (uint64_t)(hi - lo + 1));
}

/* A random calculation: 1-40 förbund over up to 120 kommuner. */
static void
random_case(uint64_t *x, struct fs_tdl_input *in, struct fs_tdl_params *p)
{
	size_t nf = (size_t)between(x, 1, 40), nk;
	struct vk *k;
	const char **names;
	static char codes[40][8];

	nk = nf + (size_t)between(x, 0, 80);
	k = calloc(nk, sizeof(*k));
	names = calloc(nf, sizeof(*names));
	assert_non_null(k);
	assert_non_null(names);
	for (size_t i = 0; i < nf; i++) {
		snprintf(codes[i], sizeof(codes[i]), "F%02u",
		    (unsigned)(i % 100));
		names[i] = codes[i];
	}
	for (size_t i = 0; i < nk; i++) {
		k[i].kod = "0000";
		k[i].forbund = i < nf ? (int)i : (int)between(x, 0,
		    (int64_t)nf - 1);
		k[i].fm_kr = between(x, 0, 5) == 0 ? 0 :
		    between(x, 1, 40000000) * 1000;
		k[i].bef = between(x, 0, 5) == 0 ? 0 : between(x, 1, 900000);
	}
	make_input(in, k, nk, names, nf);
	fs_tdl_params_init(p, 2026);
	p->grundbelopp = between(x, 0, 10) * 100000;
	p->ram = (int64_t)nf * p->grundbelopp + between(x, 0, 400000000);
	if (p->ram == 0)
		p->ram = 1;
	p->vikt_fm_bp = (int32_t)between(x, 0, 10000);
	p->vikt_bef_bp = 10000 - p->vikt_fm_bp;
	p->sparr_bp = (int32_t)between(x, 0, 3000);
	p->omfordelning = (enum fs_tdl_omfordelning)between(x, 0,
	    FS_TDL_OMF__MAX - 1);
	for (size_t i = 0; i < nf; i++) {
		struct fs_tdl_in_forbund *f = &in->forbund[i];

		if (between(x, 0, 2) > 0)
			f->foregaende = between(x, 0, p->ram / (int64_t)nf * 2);
		switch (between(x, 0, 3)) {
		case 0:
			f->ansokan = between(x, 0, p->ram / (int64_t)nf * 2);
			break;
		case 1:
			f->utnyttjandegrad_bp = (int32_t)between(x, 0, 10000);
			break;
		default:
			break;
		}
	}
	free(k);
	free(names);
}

static void
test_property_totals_floors_and_bounds(void **state)
{
	uint64_t x = 20260101;
	size_t held = 0, scaled = 0, over = 0;

	(void)state;
	for (int iter = 0; iter < 3000; iter++) {
		struct fs_tdl_input in;
		struct fs_tdl_params p;
		struct fs_tdl_result r;
		int64_t sum_m = 0, sum_t = 0;

		random_case(&x, &in, &p);
		run(&p, &in, &r);
		for (size_t i = 0; i < r.nrad; i++) {
			const struct fs_tdl_rad *d = &r.rad[i];
			int64_t least = d->ansokt < d->mojlig ? d->ansokt :
			    d->mojlig;

			sum_m += d->mojlig;
			sum_t += d->tilldelning;
			assert_true(d->mojlig >= 0);
			assert_true(d->tilldelning >= 0);
			/* Never more than asked. */
			assert_true(d->tilldelning <= d->ansokt);
			/* Unless scaled, at least min(asked, possible). */
			if (!(r.overteckning && p.omfordelning ==
			    FS_TDL_OMF_SKALA))
				assert_true(d->tilldelning >= least);
			/* No förbund below its floor when the spärr holds. */
			if ((r.sparr == FS_TDL_SPARR_HALLEN ||
			    r.sparr == FS_TDL_SPARR_EJ_BEHOV) &&
			    d->golv != FS_TDL_NONE)
				assert_true(d->mojlig >= d->golv);
		}
		/* The frame exactly, and never more handed out than that. */
		assert_int_equal(sum_m, p.ram);
		assert_int_equal(r.summa_mojlig, p.ram);
		assert_true(sum_t <= p.ram);
		assert_int_equal(sum_t + r.ej_utnyttjat, p.ram);
		if (r.overteckning && p.omfordelning != FS_TDL_OMF_INGEN)
			assert_int_equal(sum_t, p.ram);
		held += r.sparr == FS_TDL_SPARR_HALLEN;
		scaled += r.sparr == FS_TDL_SPARR_EJ_MOJLIG;
		over += r.overteckning;
		fs_tdl_result_release(&r);
		fs_tdl_params_release(&p);
		fs_tdl_input_release(&in);
	}
	/* The generator reaches every branch. */
	assert_true(held > 50);
	assert_true(scaled > 10);
	assert_true(over > 50);
}

static void
test_property_same_input_same_bytes(void **state)
{
	uint64_t x = 7;

	(void)state;
	for (int iter = 0; iter < 200; iter++) {
		struct fs_tdl_input in;
		struct fs_tdl_params p;
		struct fs_tdl_result r1, r2;
		struct fs_buf a, b;
		struct fs_err err = FS_ERR_INIT;

		random_case(&x, &in, &p);
		run(&p, &in, &r1);
		run(&p, &in, &r2);
		fs_buf_init(&a, 0);
		fs_buf_init(&b, 0);
		assert_int_equal(fs_tdl_write(&r1, FS_TDL_JSON, NULL, &a, &err),
		    FS_OK);
		assert_int_equal(fs_tdl_write(&r2, FS_TDL_JSON, NULL, &b, &err),
		    FS_OK);
		assert_int_equal(a.len, b.len);
		assert_memory_equal(a.buf, b.buf, a.len);
		fs_buf_release(&a);
		fs_buf_release(&b);
		fs_tdl_result_release(&r1);
		fs_tdl_result_release(&r2);
		fs_tdl_params_release(&p);
		fs_tdl_input_release(&in);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vector_keys_and_possible_allocation),
		cmocka_unit_test(test_vector_sparr_holds_b_at_90_percent),
		cmocka_unit_test(test_sparr_does_not_apply_above_trappan),
		cmocka_unit_test(test_sparr_switched_off_leaves_key_amounts),
		cmocka_unit_test(test_vector_utilisation_100_80_55),
		cmocka_unit_test(test_vector_oversubscription_scales_to_frame),
		cmocka_unit_test(test_money_not_taken_goes_to_those_asking_more),
		cmocka_unit_test(
		    test_redistribution_by_key_when_over_subscribed),
		cmocka_unit_test(test_equity_reduction_share_of_excess),
		cmocka_unit_test(test_floors_that_cannot_be_held_are_scaled),
		cmocka_unit_test(test_rounding_unit_thousand),
		cmocka_unit_test(test_log_explains_each_step_in_swedish),
		cmocka_unit_test(test_json_has_exactly_the_documented_shape),
		cmocka_unit_test(test_bad_inputs_name_the_field),
		cmocka_unit_test(
		    test_out_of_memory_fails_cleanly_at_every_allocation),
		cmocka_unit_test(test_property_totals_floors_and_bounds),
		cmocka_unit_test(test_property_same_input_same_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
