// SPDX-License-Identifier: ISC
// Swedish formats for people: whole numbers with a (non-breaking) space
// between thousands, decimal comma, "34 %", dates YYYY-MM-DD (the Swedish
// standard), times in local time.  Rounding is half away from zero and
// shares are computed from the exact numerator and denominator, so the
// UI shows what the printed report shows.

const NBSP = '\u00a0';
const MINUS = '\u2212';
export const STRECK = '–';

function gruppera(siffror) {
	return siffror.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
}

// 12309 -> "12 309"
export function heltal(n) {
	if (n === null || n === undefined || Number.isNaN(Number(n)))
		return STRECK;
	const v = Math.trunc(Number(n));
	return (v < 0 ? MINUS : '') + gruppera(String(Math.abs(v)));
}

// Round x to d decimals, half away from zero: 21.25 -> "21,3" (d = 1).
export function decimal(x, d) {
	if (x === null || x === undefined || Number.isNaN(Number(x)))
		return STRECK;
	const f = 10 ** d;
	const a = Math.abs(Number(x));
	// The epsilon guards against 0.15 * 10 = 1.4999999.
	const r = Math.floor(a * f + 0.5 + 1e-9);
	const hel = Math.floor(r / f);
	const del = String(r % f).padStart(d, '0');
	const tecken = Number(x) < 0 && r !== 0 ? MINUS : '';
	return tecken + gruppera(String(hel)) + (d > 0 ? `,${del}` : '');
}

// Half away from zero on integers: round(t / n) for t, n >= 0.
function kvot(t, n) {
	return Math.floor((2 * t + n) / (2 * n));
}

// Share as whole percent from numerator and denominator: "34 %".
export function procent(taljare, namnare) {
	if (!namnare)
		return STRECK;
	return `${heltal(kvot(100 * taljare, namnare))}${NBSP}%`;
}

// A report cell {varde, taljare, namnare} of the given kind.
export function cell(c, typ) {
	if (!c || c.varde === null || c.varde === undefined)
		return STRECK;
	switch (typ) {
	case 'andel':
		return procent(c.taljare, c.namnare);
	case 'medel':
		return c.namnare ? heltal(kvot(c.taljare, c.namnare)) : STRECK;
	case 'heltid':
		// Σ percent / 100 with one decimal: tenths = round(10 t / n).
		if (!c.namnare)
			return STRECK;
		return decimal(kvot(10 * c.taljare, c.namnare) / 10, 1);
	default:
		return heltal(c.varde);
	}
}

// "2026-06-01" stays; null becomes the dash.
export function datum(s) {
	return s ? String(s).slice(0, 10) : STRECK;
}

function tva(n) {
	return String(n).padStart(2, '0');
}

// "2026-06-01T10:15:00Z" -> "2026-06-01 12:15" in local time.
export function tid(s) {
	if (!s)
		return STRECK;
	const d = new Date(s);
	if (Number.isNaN(d.getTime()))
		return String(s);
	return `${d.getFullYear()}-${tva(d.getMonth() + 1)}-${tva(d.getDate())} ` +
	    `${tva(d.getHours())}:${tva(d.getMinutes())}`;
}

// Today in local time as YYYY-MM-DD.
export function idag() {
	const d = new Date();
	return `${d.getFullYear()}-${tva(d.getMonth() + 1)}-${tva(d.getDate())}`;
}

export function janej(v) {
	if (v === true)
		return 'Ja';
	if (v === false)
		return 'Nej';
	return STRECK;
}

export function kon(k) {
	if (k === 'k')
		return 'Kvinna';
	if (k === 'm')
		return 'Man';
	return STRECK;
}

export function pct(v) {
	return v === null || v === undefined ? STRECK : `${heltal(v)}${NBSP}%`;
}

// Personnummer for display: 199003152386 -> "19900315-2386".
export function pnr(s) {
	if (!s)
		return 'Avidentifierad';
	const t = String(s);
	return t.length === 12 ? `${t.slice(0, 8)}-${t.slice(8)}` : t;
}
