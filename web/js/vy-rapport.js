// SPDX-License-Identifier: ISC
// The outcome report (utfall, reports.md §1): the SUS measures for a
// förbund and a period as a table with Totalt, Kvinnor and Män, the bar
// chart drawn by the server (SVG), and the exports: an Excel workbook
// (with every numerator and denominator), CSV for Excel or for
// programs, and a printable page.  The table is built from the exact numerators and
// denominators of the JSON answer with the rounding of the printed
// report.

import { api, adress, fraga } from './api.js';
import { h, tabell, valfalt, datumfalt, knapp, felruta, visaFel, rensaFel, varde, datumVarde } from './dom.js';
import { cell, datum, idag } from './fmt.js';
import * as session from './session.js';
import { ga } from '../app.js';

// The 14 measures in the order of the report, with their kind.
const MATT = [
	['antal', 'Antal', 'antal'],
	['fordelning', 'Fördelning', 'andel'],
	['antal_unika', 'Antal unika', 'antal'],
	['andel_under_30', 'Andel yngre än 30 år vid start', 'andel'],
	['andel_forsorjning_over_3_ar', 'Andel med offentlig försörjning i mer än 3 år vid start', 'andel'],
	['andel_grundskola', 'Andel med grundskoleexamen som högst slutförda utbildning', 'andel'],
	['andel_eftergymnasial', 'Andel med någon form av eftergymnasial utbildning', 'andel'],
	['inskrivningstid_dagar', 'Genomsnittlig inskrivningstid i dagar', 'medel'],
	['antal_arbete', 'Antal i förvärvsarbete', 'antal'],
	['heltid_arbete', 'Förvärvsarbete motsvarande antal heltidsarbeten', 'heltid'],
	['andel_arbete', 'Andel i förvärvsarbete', 'andel'],
	['antal_arbete_studier', 'Antal i förvärvsarbete och/eller studier', 'antal'],
	['heltid_arbete_studier', 'Förvärvsarbete och/eller studier motsvarande antal heltidsarbeten', 'heltid'],
	['antal_okat', 'Antal som fått eller ökat omfattning av arbete och/eller studier', 'antal'],
];
const KOLUMNER = [['totalt', 'Totalt'], ['kvinnor', 'Kvinnor'], ['man', 'Män']];

async function forbundsval() {
	if (session.allaForbund()) {
		const l = await api('GET', `/forbund${fraga({ per_sida: 500 })}`);
		return l.poster.map((f) => ({ kod: f.kod, benamning: `${f.namn} (${f.kod})` }));
	}
	const koder = session.tilldelningar('forbundsadministrator').map((r) => r.forbund);
	return (koder.length ? koder : session.forbundKoder()).map((k) => ({ kod: k, benamning: k }));
}

function rapportTabell(r) {
	const rader = MATT.map(([nyckel, etikett, typ]) => {
		const m = r.matt ? r.matt[nyckel] : null;
		return [etikett].concat(KOLUMNER.map(([k]) => cell(m ? m[k] : null, typ)));
	});
	const namn = r.niva && r.niva.namn ? r.niva.namn : '';
	return tabell(`Utfall för avslutade deltaganden, ${namn}, ${datum(r.period.fran)} – ${datum(r.period.till)}`,
	    ['Mått', 'Totalt', 'Kvinnor', 'Män'], rader,
	    { radhuvud: true, tal: [false, true, true, true], class: 'rapport' });
}

export async function vyRapport(params, query) {
	const val = await forbundsval();
	const ar = new Date().getFullYear();
	const q = {
		forbund: query.forbund || (val[0] ? val[0].kod : ''),
		fran: query.fran || `${ar}-01-01`,
		till: query.till || idag(),
	};
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-urval' },
	    h('h2', { id: 'rubrik-urval' }, 'Urval'),
	    felruta(),
	    h('div', { class: 'faltrad' },
		valfalt('Förbund', { namn: 'forbund', koder: val, varde: q.forbund, obligatorisk: true }),
		datumfalt('Från och med', { namn: 'fran', varde: q.fran, obligatorisk: true }),
		datumfalt('Till och med', { namn: 'till', varde: q.till, obligatorisk: true })),
	    h('p', { class: 'hjalp' }, 'Rapporten räknar deltaganden med slutdatum i perioden.'),
	    h('div', { class: 'knappar' }, knapp('Visa rapporten')));
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		rensaFel(form);
		ga(`#/rapporter${fraga({ forbund: varde(form, 'forbund'),
		    fran: datumVarde(form, 'fran'), till: datumVarde(form, 'till') })}`);
	});
	const delar = [h('h1', null, 'Utfallsrapport'), form];
	if (!query.forbund || !query.fran || !query.till)
		return delar;
	let r;
	try {
		r = await api('GET', `/rapporter/utfall${fraga(q)}`);
	} catch (e) {
		if (e.status === 401)
			throw e;
		// Shown next to the field it names once the form is in the page.
		window.setTimeout(() => visaFel(form, e.fel, { rubrik: 'Rapporten kunde inte tas fram.' }), 0);
		return delar;
	}
	delar.push(h('section', { 'aria-labelledby': 'rubrik-rapport', class: 'rapportdel' },
	    h('h2', { id: 'rubrik-rapport' }, `Utfall ${r.niva.namn}`),
	    rapportTabell(r),
	    h('p', { class: 'fotnot' }, 'En person kan räknas mer än en gång: Antal räknar ',
		'deltaganden, Antal unika räknar personer. Andelarna räknas på Antal. ',
		'Felregistreringar ingår inte.'),
	    h('p', { class: 'export' },
		h('a', { href: adress('/rapporter/utfall/xlsx', q), download: '', id: 'xlsx-export' },
		    'Ladda ner som Excel-arbetsbok'), ' · ',
		h('a', { href: adress('/rapporter/utfall/csv', q), download: '', id: 'csv-export' },
		    'Ladda ner som CSV (för Excel)'), ' · ',
		h('a', { href: adress('/rapporter/utfall/csv', Object.assign({ format: 'csv-plain' }, q)),
		    download: '' }, 'CSV för program'), ' · ',
		h('a', { href: adress('/rapporter/utfall/html', q), target: '_blank', rel: 'noopener' },
		    'Utskriftsvänlig sida (öppnas i ny flik)')),
	    h('figure', { class: 'diagram' },
		h('img', { src: adress('/rapporter/utfall/svg', q),
		    alt: 'Stapeldiagram över andelarna i tabellen ovan, för Totalt, Kvinnor och Män.' }),
		h('figcaption', null, `Andelar för ${r.niva.namn}, ${datum(r.period.fran)} – ${datum(r.period.till)}.`))));
	return delar;
}
