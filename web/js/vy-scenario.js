// SPDX-License-Identifier: ISC
// The scenario tool of the analytiker (finance.md "Merger scenario"):
// choose förbund to merge from a date, or a kommun leaving or joining a
// förbund, and see before and after: the possible allocation (one base
// allocation instead of several), what each would take at its current
// utilisation and at 100 %, the members' matching contributions and the
// combined equity against trappan.  The figures are POST
// /scenarier/..., the same JSON as "finsam scenario ... --format json";
// nothing is stored.

import { api, fraga } from './api.js';
import {
	h, tabell, textfalt, valfalt, datumfalt, kryssgrupp, knapp, felruta,
	visaFel, rensaFel, varde, datumVarde, kryssVarden,
} from './dom.js';
import { decimal } from './fmt.js';
import { ga } from '../app.js';
import { kr, procentTal, forbundsval } from './vy-ekonomi.js';

const NBSP = '\u00a0';

const TYPER = [
	{ kod: 'sammanslagning', benamning: 'Förbund slås samman' },
	{ kod: 'lamnar', benamning: 'En kommun lämnar ett förbund' },
	{ kod: 'gar-med', benamning: 'En kommun går med i ett förbund' },
];

function visaFalt(form) {
	const typ = varde(form, 'typ');
	form.querySelector('[data-falt="forbund"]').hidden = typ !== 'sammanslagning';
	form.querySelector('[data-falt="ett_forbund"]').hidden = typ === 'sammanslagning';
	form.querySelector('[data-falt="kommun"]').hidden = typ === 'sammanslagning';
}

function urval(val, q) {
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-scen' },
	    h('h2', { id: 'rubrik-scen' }, 'Scenario'),
	    felruta(),
	    valfalt('Vad händer', { namn: 'typ', koder: TYPER, varde: q.typ, obligatorisk: true }),
	    kryssgrupp('Förbund som slås samman', { namn: 'forbund', koder: val,
		varde: q.typ === 'sammanslagning' ? q.forbund : [],
		hjalp: 'Välj minst två förbund.' }),
	    h('div', { class: 'faltrad' },
		valfalt('Förbund', { namn: 'ett_forbund', koder: val,
		    varde: q.typ !== 'sammanslagning' ? q.forbund[0] : null }),
		textfalt('Kommunkod', { namn: 'kommun', varde: q.kommun, inputmode: 'numeric',
		    storlek: 6, hjalp: 'Fyra siffror, t.ex. 0617.' })),
	    h('div', { class: 'faltrad' },
		datumfalt('Från och med', { namn: 'fran', varde: q.fran, obligatorisk: true })),
	    h('div', { class: 'knappar' }, knapp('Visa före och efter')));
	form.elements.namedItem('typ').addEventListener('change', () => visaFalt(form));
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		rensaFel(form);
		const typ = varde(form, 'typ');
		ga(`#/scenarier${fraga({
			typ,
			forbund: typ === 'sammanslagning' ? kryssVarden(form, 'forbund').join(',') :
			    varde(form, 'ett_forbund'),
			kommun: typ === 'sammanslagning' ? null : varde(form, 'kommun'),
			fran: datumVarde(form, 'fran'),
		})}`);
	});
	visaFalt(form);
	return form;
}

function trappan(t) {
	if (!t)
		return '–';
	return t.over ? `${kr(t.overskott)} över nivån ${kr(t.niva)}` :
	    `inom nivån ${kr(t.niva)}`;
}

function forbundTabell(rubrik, rader, klass) {
	return tabell(rubrik, ['Förbund', 'Kommuner', 'Nyckel', 'Möjlig tilldelning',
	    'Tar vid nuvarande utnyttjandegrad', 'Tar vid 100 %', 'Eget kapital mot trappan'],
	rader.map((f) => [`${f.namn} (${f.forbund_kod})`, String(f.kommuner),
	    `${decimal(f.nyckel * 100, 4)}${NBSP}%`, kr(f.mojlig_tilldelning),
	    `${kr(f.tar)} (${procentTal(f.utnyttjandegrad)})`, kr(f.tar_vid_100),
	    trappan(f.trappan)]),
	{ radhuvud: true, tal: [false, true, true, true, true, true, false], staplad: true,
	    class: `scenario ${klass}` });
}

function resultat(s) {
	const summa = (v, k) => v.reduce((x, f) => x + f[k], 0);
	return h('section', { 'aria-labelledby': 'rubrik-res' },
	    h('h2', { id: 'rubrik-res' }, 'Före och efter'),
	    forbundTabell('Före', s.fore, 'fore'),
	    forbundTabell('Efter', s.efter, 'efter'),
	    tabell('Möjlig tilldelning tillsammans', ['', 'Före', 'Efter', 'Skillnad'],
		[['Förbunden i scenariot', kr(summa(s.fore, 'mojlig_tilldelning')),
		    kr(summa(s.efter, 'mojlig_tilldelning')),
		    kr(summa(s.efter, 'mojlig_tilldelning') - summa(s.fore, 'mojlig_tilldelning'))],
		[`Övriga ${s.ovriga.antal} förbund`, kr(s.ovriga.fore), kr(s.ovriga.efter),
		    kr(s.ovriga.efter - s.ovriga.fore)]],
		{ radhuvud: true, tal: [false, true, true, true], class: 'scenario-summa' }),
	    tabell('Medlemmarnas motfinansiering per år', ['Medlem', 'Före', 'Efter',
		'Efter vid 100 %', 'Förändring'],
	    s.medlemmar.map((m) => [`${m.namn} (${m.kod})`, kr(m.fore), kr(m.efter),
		kr(m.efter_vid_100), kr(m.efter - m.fore)]),
	    { radhuvud: true, tal: [false, true, true, true, true], staplad: true,
		class: 'scenario-medlemmar' }),
	    h('h3', null, 'Så räknades det'),
	    h('ul', { class: 'berakningslogg' }, s.logg.map((r) => h('li', null, r))));
}

export async function vyScenario(params, query) {
	const val = await forbundsval();
	const q = {
		typ: TYPER.some((t) => t.kod === query.typ) ? query.typ : 'sammanslagning',
		forbund: (query.forbund || '').split(',').filter(Boolean),
		kommun: query.kommun || '',
		fran: query.fran || `${new Date().getFullYear() + 1}-01-01`,
	};
	const form = urval(val, q);
	const delar = [h('h1', null, 'Scenarier: sammanslagning och medlemskap'),
	    h('p', { class: 'ingress' }, 'Vad händer med tilldelningen och medlemmarnas bidrag om förbund ',
		'slås samman eller en kommun byter förbund? Ingenting sparas.'),
	    form];
	if (!query.typ)
		return delar;
	const kropp = q.typ === 'sammanslagning' ? { forbund: q.forbund, fran: q.fran } :
	    { forbund: q.forbund[0] || '', kommun: q.kommun, fran: q.fran };
	try {
		delar.push(resultat(await api('POST', `/scenarier/${q.typ}`, kropp)));
	} catch (e) {
		if (e.status === 401 || e.status === 403)
			throw e;
		// The single förbund field is ett_forbund in the form.
		const alias = q.typ === 'sammanslagning' ? {} : { forbund: 'ett_forbund' };
		window.setTimeout(() => visaFel(form, e.fel, { rubrik: 'Scenariot kunde inte räknas.', alias }), 0);
	}
	return delar;
}
