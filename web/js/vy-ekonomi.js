// SPDX-License-Identifier: ISC
// A förbund's accounts and budget (finance.md "Accounts", "Equity"):
// budget against outcome per post, the result, equity against trappan's
// reasonable level (the steps that are assumptions, not published, are
// marked as such) and the state money per inhabitant 16–64; the
// förbundsadministratör records the accounts or the budget.  Also the
// parts the other finance views share: amounts in kronor, the choice of
// förbund and year, the links between the finance pages, the menu
// entries.  Every figure comes from GET /forbund/{kod}/ekonomi/{ar}, the
// same JSON as "finsam ekonomi visa --format json".

import { api, fraga } from './api.js';
import {
	h, lank, tabell, uppgifter, textfalt, valfalt, knapp, felruta, visaFel,
	rensaFel, varde,
} from './dom.js';
import { heltal, decimal, STRECK } from './fmt.js';
import * as session from './session.js';
import { ga, meddelaEfter } from '../app.js';

const NBSP = '\u00a0';

// 1234567 -> "1 234 567 kr"; null -> "–".
export function kr(n) {
	return n === null || n === undefined ? STRECK : `${heltal(n)}${NBSP}kr`;
}

// A percentage given as a number of percent (20, 80.5) -> "20 %", "80,5 %".
export function procentTal(p) {
	if (p === null || p === undefined)
		return STRECK;
	const d = Number.isInteger(p) ? 0 : (Number.isInteger(p * 10) ? 1 : 2);
	return `${decimal(p, d)}${NBSP}%`;
}

export function kodUrl(kod) {
	return encodeURIComponent(kod);
}

// The year shown by default: the current one.
export function standardAr() {
	return new Date().getFullYear();
}

// The förbund the user may read, [{kod, benamning}].
export async function forbundsval() {
	const l = await api('GET', `/forbund${fraga({ per_sida: 500 })}`);
	return l.poster.map((f) => ({ kod: f.kod, benamning: `${f.namn} (${f.kod})` }));
}

// The menu entries of the finance pages for this user's roles.
export function menyEkonomi() {
	const p = [];
	if (session.har('forbundsadministrator') || session.har('lasare') ||
	    session.har('analytiker'))
		p.push(['#/tilldelning', 'Tilldelning']);
	const koder = session.forbundKoder();
	if (!session.allaForbund() && koder.length === 1)
		p.push([`#/forbund/${kodUrl(koder[0])}/ekonomi`, 'Ekonomi']);
	else if (session.allaForbund() || koder.length > 1)
		p.push(['#/ekonomi', 'Ekonomi']);
	if (session.har('analytiker'))
		p.push(['#/scenarier', 'Scenarier']);
	return p;
}

// The links between a förbund's finance pages; aktuell is the one shown.
export function ekonomiNav(kod, ar, aktuell) {
	const sidor = [
		['ekonomi', 'Bokslut och budget'],
		['bidrag', 'Medlemmarnas bidrag'],
		['kalender', 'Beslut och tidsfrister'],
	];
	return h('nav', { class: 'ekonominav', 'aria-label': 'Förbundets ekonomi' },
	    h('ul', null, sidor.map(([s, t]) => h('li', null,
		lank(`#/forbund/${kodUrl(kod)}/${s}${s === 'kalender' ? '' : `?ar=${ar}`}`, t,
		    { 'aria-current': s === aktuell ? 'page' : null })))));
}

// A small form choosing the year (and more fields) that navigates to href(values).
export function arForm(rubrik, ar, href, extra) {
	const form = h('form', { class: 'formular inline', novalidate: true,
	    'aria-label': rubrik },
	    felruta(),
	    h('div', { class: 'faltrad' },
		textfalt('År', { namn: 'ar', varde: ar, inputmode: 'numeric', storlek: 6,
		    obligatorisk: true }),
		extra || null,
		h('div', { class: 'knappar' }, knapp('Visa'))));
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		rensaFel(form);
		const a = varde(form, 'ar');
		if (!/^\d{4}$/.test(a || '')) {
			visaFel(form, { falt: 'ar', meddelande: 'skriv året med fyra siffror, t.ex. 2026' },
			    { rubrik: 'Kan inte visa.' });
			return;
		}
		ga(href(form));
	});
	return form;
}

// ---- #/ekonomi: choose a förbund ----

export async function vyEkonomiVal(params, query) {
	const val = await forbundsval();
	const ar = query.ar || standardAr();
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-val' },
	    h('h2', { id: 'rubrik-val' }, 'Välj förbund och år'),
	    felruta(),
	    h('div', { class: 'faltrad' },
		valfalt('Förbund', { namn: 'forbund', koder: val, obligatorisk: true }),
		textfalt('År', { namn: 'ar', varde: ar, inputmode: 'numeric', storlek: 6 })),
	    h('div', { class: 'knappar' }, knapp('Visa ekonomin')));
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		ga(`#/forbund/${kodUrl(varde(form, 'forbund'))}/ekonomi${fraga({ ar: varde(form, 'ar') })}`);
	});
	return [h('h1', null, 'Ekonomi'), form];
}

// ---- #/forbund/:kod/ekonomi ----

const RADER = [
	['Intäkter', null],
	['Statligt bidrag (Försäkringskassan)', 'stat'],
	['Regionen', 'region'],
	['Kommunerna', 'kommun'],
	['ESF', 'esf'],
	['Övriga intäkter', 'ovriga'],
	['Summa intäkter', 'summa_in'],
	['Kostnader', null],
	['Insatser', 'insatser'],
	['Administration', 'administration'],
	['Styrelse', 'styrelse'],
	['Revision', 'revision'],
	['Summa kostnader', 'summa_ut'],
	['Årets resultat', 'resultat'],
	['Eget kapital vid årets slut', 'kapital'],
];

function summa(konto, nyckel) {
	if (!konto)
		return null;
	if (nyckel === 'summa_in')
		return konto.intakter.summa;
	if (nyckel === 'summa_ut')
		return konto.kostnader.summa;
	if (nyckel === 'resultat')
		return konto.resultat;
	return undefined;
}

function budgetTabell(e) {
	const bmu = Object.fromEntries(e.budget_mot_utfall.map((r) => [r.post, r]));
	const rader = [];
	for (const [etikett, nyckel] of RADER) {
		if (nyckel === null) {
			rader.push([h('strong', null, etikett), '', '', '']);
			continue;
		}
		let b = summa(e.budget, nyckel);
		let u = summa(e.utfall, nyckel);
		if (b === undefined) {
			const r = bmu[nyckel];
			b = r ? r.budget : null;
			u = r ? r.utfall : null;
		}
		const avv = b !== null && b !== undefined && u !== null && u !== undefined ? u - b : null;
		rader.push([etikett, kr(b), kr(u), kr(avv)]);
	}
	return tabell(`Budget mot utfall ${e.ar}`, ['Post', 'Budget', 'Utfall', 'Avvikelse'],
	    rader, { radhuvud: true, tal: [false, true, true, true], class: 'ekonomi', staplad: true });
}

function bandText(b, i, band) {
	const fran = i === 0 ? 0 : band[i - 1].till;
	const omr = b.till === null ? `över ${kr(fran)}` : `upp till ${kr(b.till)}`;
	return `${procentTal(b.procent)} ${omr}`;
}

function trappanDel(e) {
	const t = e.trappan;
	const delar = [h('h2', { id: 'rubrik-trappan' }, 'Eget kapital mot trappan')];
	if (!t) {
		delar.push(h('p', null, 'Bokslutet saknar intäkter eller eget kapital, så ',
		    'eget kapital kan inte jämföras med trappan ännu.'));
		return h('section', { 'aria-labelledby': 'rubrik-trappan', class: 'kort' }, delar);
	}
	const over = t.over;
	delar.push(uppgifter([
		['Intäkter', kr(t.intakter)],
		['Eget kapital vid årets slut', kr(t.eget_kapital)],
		['Rimlig nivå enligt trappan', [kr(t.niva),
		    t.antagande ? h('span', { class: 'antagande' }, ' (antaget steg)') : null]],
		[over ? 'Över nivån med' : 'Marginal till nivån', kr(Math.abs(t.overskott))],
	]));
	delar.push(h('p', { class: over ? 'varning' : 'info', id: 'trappan-besked' },
	    over ? `Eget kapital är ${kr(t.overskott)} över den rimliga nivån.` :
		'Eget kapital ligger inom den rimliga nivån.'));
	delar.push(h('p', null, `Trappan (${t.lage === 'flat' ? 'platt: stegets procent gäller hela intäkten' :
	    'marginell: varje stegs procent gäller intäkten inom steget'}):`));
	delar.push(h('ul', { class: 'trappsteg' }, t.band.map((b, i) => h('li', null,
	    bandText(b, i, t.band),
	    b.antagande ? h('span', { class: 'antagande' }, ' – antagande') :
		h('span', null, ' – publicerat (Nationella rådet 2013-10-02)')))));
	if (t.band.some((b) => b.antagande))
		delar.push(h('p', { class: 'fotnot' }, 'Steg markerade som antagande är inte ',
		    'publicerade; de är standardvärden som kan ändras.'));
	return h('section', { 'aria-labelledby': 'rubrik-trappan', class: 'kort' }, delar);
}

function perInvanare(e) {
	const k = e.kronor_per_invanare;
	if (!k)
		return null;
	return h('p', { id: 'per-invanare' }, `Statligt bidrag per invånare 16–64 år: ${kr(k.kronor)} `,
	    `(${kr(k.statligt)} / ${heltal(k.befolkning_16_64)} invånare ${k.befolkningsar}).`);
}

function budgetKommun(e) {
	const b = e.budget_kommun;
	if (!b)
		return null;
	return h('section', { 'aria-labelledby': 'rubrik-bk' },
	    h('h2', { id: 'rubrik-bk' }, 'Kommunernas del i budgeten'),
	    tabell(`Kommunernas del i budgeten per kommun (${b.kalla})`, ['Kommun', 'Belopp'],
		b.kommun.map((k) => [`${k.namn} (${k.kod})`, kr(k.belopp)]),
		{ radhuvud: true, tal: [false, true] }));
}

const POSTER = [
	['stat', 'Statligt bidrag (Försäkringskassan)'],
	['region', 'Regionen'],
	['kommun', 'Kommunerna tillsammans'],
	['esf', 'ESF'],
	['ovriga', 'Övriga intäkter'],
	['insatser', 'Insatser'],
	['administration', 'Administration'],
	['styrelse', 'Styrelse'],
	['revision', 'Revision'],
	['eget_kapital', 'Eget kapital vid årets slut'],
];

// A typed amount: digits with optional spaces -> number; else the text
// (the server names the rule).
function belopp(v) {
	const t = v.replace(/[\s\u00a0]/g, '').replace(/kr$/, '').replace('\u2212', '-');
	return /^-?\d+$/.test(t) ? Number(t) : v;
}

function registreraForm(e, kod, ar) {
	const typer = [{ kod: 'utfall', benamning: 'Bokslut (utfall)' },
	    { kod: 'budget', benamning: 'Budget' }];
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-reg' },
	    h('h2', { id: 'rubrik-reg' }, `Registrera belopp för ${ar}`),
	    h('p', { class: 'hjalp' }, 'Belopp i hela kronor. Tomma fält lämnas orörda; ',
		'ett belopp ersätter det som redan finns för posten.'),
	    felruta(),
	    valfalt('Gäller', { namn: 'typ', koder: typer, varde: 'utfall', obligatorisk: true }),
	    h('div', { class: 'faltrad' }, POSTER.map(([n, t]) =>
		textfalt(t, { namn: n, inputmode: 'numeric', storlek: 14 }))),
	    h('div', { class: 'knappar' }, knapp('Spara beloppen')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		const kropp = {};
		for (const [n] of POSTER) {
			const v = varde(form, n);
			if (v !== null)
				kropp[n] = belopp(v);
		}
		const typ = varde(form, 'typ');
		try {
			await api('PUT', `/forbund/${kodUrl(kod)}/ekonomi/${ar}/${typ}`, kropp);
			meddelaEfter(`Beloppen är sparade i ${typ === 'budget' ? 'budgeten' : 'bokslutet'} ${ar}.`);
			ga(`#/forbund/${kodUrl(kod)}/ekonomi?ar=${ar}`);
		} catch (err) {
			visaFel(form, err.fel, { rubrik: 'Beloppen sparades inte.' });
		}
	});
	return form;
}

export async function vyEkonomi(params, query) {
	const kod = params.kod;
	const ar = Number(query.ar) || standardAr();
	const e = await api('GET', `/forbund/${kodUrl(kod)}/ekonomi/${ar}`);
	const delar = [
		h('h1', null, `Ekonomi ${ar}: ${e.namn}`),
		ekonomiNav(kod, ar, 'ekonomi'),
		arForm('Välj år', ar, (f) => `#/forbund/${kodUrl(kod)}/ekonomi?ar=${varde(f, 'ar')}`),
	];
	if (!e.utfall && !e.budget)
		delar.push(h('p', { class: 'info' }, `Inget bokslut och ingen budget är registrerad för ${ar}.`));
	else {
		delar.push(h('section', { 'aria-labelledby': 'rubrik-bmu' },
		    h('h2', { id: 'rubrik-bmu' }, 'Budget mot utfall'),
		    budgetTabell(e),
		    e.utfall && e.utfall.eget_kapital_andel_procent !== null ?
			h('p', null, `Eget kapital i förhållande till intäkterna: ${procentTal(e.utfall.eget_kapital_andel_procent)}.`) :
			null));
		delar.push(trappanDel(e));
		delar.push(perInvanare(e));
		delar.push(budgetKommun(e));
	}
	if (session.forbundsadmin(kod))
		delar.push(registreraForm(e, kod, ar));
	return delar;
}
