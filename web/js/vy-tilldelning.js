// SPDX-License-Identifier: ISC
// The state allocation (finance.md "State allocation model"): every
// förbund's key, possible allocation and allocation for a year as a
// table, the bar chart the server draws (SVG), and per förbund the
// calculation log, "varför fick vi det här beloppet".  The figures are
// GET /tilldelning/{ar}, the same JSON as "finsam tilldelning berakna
// --prova --format json".

import { api, adress, fraga } from './api.js';
import { h, lank, tabell, uppgifter, varde } from './dom.js';
import { decimal, heltal } from './fmt.js';
import { kr, kodUrl, standardAr, arForm } from './vy-ekonomi.js';

const NBSP = '\u00a0';

// The key 0.40625 -> "40,6250 %".
function nyckel(n) {
	return `${decimal(n * 100, 4)}${NBSP}%`;
}

// Names of the förbund the user may read (the allocation itself has codes).
async function namn() {
	try {
		const l = await api('GET', `/forbund${fraga({ per_sida: 500 })}`);
		return Object.fromEntries(l.poster.map((f) => [f.kod, f.namn]));
	} catch (e) {
		if (e.status === 401)
			throw e;
		return {};
	}
}

function forbundText(kod, namnen) {
	return namnen[kod] ? `${namnen[kod]} (${kod})` : kod;
}

export async function vyTilldelning(params, query) {
	const ar = Number(query.ar) || standardAr();
	const delar = [
		h('h1', null, `Statlig tilldelning ${ar}`),
		arForm('Välj år', ar, (f) => `#/tilldelning?ar=${varde(f, 'ar')}`),
	];
	let t;
	try {
		t = await api('GET', `/tilldelning/${ar}`);
	} catch (e) {
		// No data for the year is the common case: keep the year form.
		if (e.status === 401 || e.status === 403)
			throw e;
		delar.push(h('p', { class: 'fel-text', role: 'alert' },
		    `Tilldelningen ${ar} kan inte räknas fram: ${e.meddelande}`));
		return delar;
	}
	const namnen = await namn();
	const summa = (k) => t.forbund.reduce((s, f) => s + f[k], 0);
	const rader = t.forbund.map((f) => [
		forbundText(f.forbund_kod, namnen),
		nyckel(f.nyckel),
		kr(f.mojlig_tilldelning),
		kr(f.tilldelning),
		lank(`#/tilldelning/${kodUrl(f.forbund_kod)}?ar=${ar}`, 'Varför detta belopp?',
		    { 'aria-label': `Varför fick ${f.forbund_kod} detta belopp?` }),
	]);
	rader.push([h('strong', null, 'Summa'), '', kr(summa('mojlig_tilldelning')),
	    kr(summa('tilldelning')), '']);
	delar.push(h('p', { class: 'ingress' }, `Ramen ${ar}: ${kr(t.ram)} för ${heltal(t.forbund.length)} förbund. `,
	    'Varje förbund får ett grundbelopp och resten efter nyckeln: 75 % försörjningsmått och ',
	    '25 % befolkning 16–64 år.'));
	delar.push(tabell(`Tilldelning ${ar} per förbund`,
	    ['Förbund', 'Nyckel', 'Möjlig tilldelning', 'Tilldelning', 'Beräkning'], rader,
	    { radhuvud: true, tal: [false, true, true, true, false], class: 'tilldelning', staplad: true }));
	delar.push(h('figure', { class: 'diagram' },
	    h('img', { src: adress(`/tilldelning/${ar}/svg`), id: 'tilldelning-diagram',
		alt: `Stapeldiagram: möjlig tilldelning och tilldelning ${ar} per förbund, samma belopp som i tabellen.` }),
	    h('figcaption', null, `Möjlig tilldelning och tilldelning ${ar} per förbund.`)));
	return delar;
}

export async function vyTilldelningForbund(params, query) {
	const ar = Number(query.ar) || standardAr();
	const kod = params.kod;
	const t = await api('GET', `/tilldelning/${ar}`);
	const f = t.forbund.find((x) => x.forbund_kod === kod);
	if (!f)
		throw { status: 404, meddelande: `Förbundet ${kod} ingår inte i tilldelningen ${ar}.` };
	const namnen = await namn();
	return [
		h('h1', null, `Varför fick ${forbundText(kod, namnen)} detta belopp? (${ar})`),
		h('p', null, lank(`#/tilldelning?ar=${ar}`, `Alla förbund ${ar}`)),
		uppgifter([
			['Nyckel', nyckel(f.nyckel)],
			['Möjlig tilldelning', kr(f.mojlig_tilldelning)],
			['Tilldelning', kr(f.tilldelning)],
		]),
		h('section', { 'aria-labelledby': 'rubrik-logg' },
		    h('h2', { id: 'rubrik-logg' }, 'Beräkningen steg för steg'),
		    h('ol', { class: 'berakningslogg' }, f.logg.map((rad) => h('li', null, rad)))),
	];
}
