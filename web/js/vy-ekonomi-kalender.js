// SPDX-License-Identifier: ISC
// The calendar of a förbund's decisions (finance.md "Accounts"): the
// budget adopted by the board by 30 November after samråd with the
// members, the annual report within three months of the year end, and
// every member's discharge decision; what is due and what is late, on
// the förbundsadministratör's start page and on a page of its own where
// the decisions are recorded.  The list is GET /forbund/{kod}/kalender,
// the same JSON as "finsam ekonomi kalender --format json".

import { api } from './api.js';
import {
	h, lank, tabell, textfalt, valfalt, datumfalt, knapp, felruta, visaFel,
	rensaFel, varde, datumVarde,
} from './dom.js';
import { heltal, datum } from './fmt.js';
import * as session from './session.js';
import { ga, meddelaEfter } from '../app.js';
import { kodUrl, ekonomiNav, standardAr } from './vy-ekonomi.js';

const STATUS = {
	klar: 'Klar',
	sen: 'Klar, men sent',
	vantar: 'Väntar',
	forsenad: 'Försenad',
};

const HANDELSER = [
	{ kod: 'samrad', benamning: 'Samråd med medlemmarna om budgeten' },
	{ kod: 'budget', benamning: 'Budget fastställd av styrelsen' },
	{ kod: 'arsredovisning', benamning: 'Årsredovisning' },
	{ kod: 'ansvarsfrihet', benamning: 'En medlems beslut om ansvarsfrihet' },
];

function status(p) {
	return h('span', { class: `status kal-${p.status}` }, STATUS[p.status] || p.status);
}

// The start page's section for the förbund the user administers: what
// is late and what is due, with a link to the calendar.
export async function kalenderStart() {
	const fa = session.tilldelningar('forbundsadministrator');
	if (fa.length === 0)
		return null;
	const delar = [h('h2', { id: 'rubrik-kal' }, 'Beslut och tidsfrister')];
	for (const r of fa) {
		let k;
		try {
			k = await api('GET', `/forbund/${kodUrl(r.forbund)}/kalender`);
		} catch (e) {
			if (e.status === 401)
				throw e;
			delar.push(h('p', { class: 'fel-text' }, `${r.forbund}: ${e.meddelande}`));
			continue;
		}
		const aktuella = k.punkter.filter((p) => p.status === 'forsenad' || p.status === 'vantar');
		delar.push(h('p', { class: k.forsenade > 0 ? 'varning' : 'info' },
		    `${k.namn}: ${heltal(k.forsenade)} försenade, ${heltal(k.vantar)} väntar.`));
		if (aktuella.length > 0)
			delar.push(h('ul', { class: 'kalender-start' }, aktuella.map((p) =>
			    h('li', null, status(p), ` ${p.text}`))));
		delar.push(h('p', null, lank(`#/forbund/${kodUrl(r.forbund)}/kalender`,
		    `Registrera beslut för ${r.forbund}`)));
	}
	return h('section', { 'aria-labelledby': 'rubrik-kal', class: 'kort' }, delar);
}

function handelseForm(kod, k) {
	const medlemmar = [];
	for (const p of k.punkter)
		if (p.medlem && !medlemmar.some((m) => m.kod === p.medlem))
			medlemmar.push({ kod: p.medlem, benamning: `${p.medlem_namn} (${p.medlem})` });
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-handelse' },
	    h('h2', { id: 'rubrik-handelse' }, 'Registrera ett beslut'),
	    h('p', { class: 'hjalp' }, 'Året är budgetåret, eller räkenskapsåret för årsredovisning och ',
		'ansvarsfrihet. Ett nytt datum ersätter ett tidigare.'),
	    felruta(),
	    h('div', { class: 'faltrad' },
		valfalt('Beslut', { namn: 'handelse', koder: HANDELSER, varde: 'budget', obligatorisk: true }),
		textfalt('År', { namn: 'ar', varde: standardAr() + 1, inputmode: 'numeric', storlek: 6,
		    obligatorisk: true }),
		datumfalt('Datum', { namn: 'datum', obligatorisk: true })),
	    h('div', { class: 'faltrad' },
		valfalt('Medlem (ansvarsfrihet)', { namn: 'medlem', koder: medlemmar, tomText: '–' }),
		valfalt('Medlemmens beslut', { namn: 'beslut', koder: [
			{ kod: 'beviljad', benamning: 'Ansvarsfrihet beviljad' },
			{ kod: 'ej_beviljad', benamning: 'Ansvarsfrihet ej beviljad' }],
		    tomText: '–' })),
	    h('div', { class: 'knappar' }, knapp('Spara beslutet')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		const ar = varde(form, 'ar');
		const kropp = {
			ar: /^\d+$/.test(ar || '') ? Number(ar) : ar,
			handelse: varde(form, 'handelse'),
			datum: datumVarde(form, 'datum'),
		};
		for (const n of ['medlem', 'beslut'])
			if (varde(form, n))
				kropp[n] = varde(form, n);
		for (const n of Object.keys(kropp))
			if (kropp[n] === null)
				delete kropp[n];
		try {
			await api('POST', `/forbund/${kodUrl(kod)}/kalender`, kropp);
			meddelaEfter('Beslutet är registrerat.');
			ga(`#/forbund/${kodUrl(kod)}/kalender`);
		} catch (err) {
			visaFel(form, err.fel, { rubrik: 'Beslutet sparades inte.' });
		}
	});
	return form;
}

export async function vyKalender(params) {
	const kod = params.kod;
	const k = await api('GET', `/forbund/${kodUrl(kod)}/kalender`);
	const rader = k.punkter.map((p) => [datum(p.forfaller), p.text, status(p),
	    p.datum ? datum(p.datum) : '–']);
	const delar = [
		h('h1', null, `Beslut och tidsfrister: ${k.namn}`),
		ekonomiNav(kod, standardAr(), 'kalender'),
		h('p', { class: k.forsenade > 0 ? 'varning' : 'info', id: 'kal-summa' },
		    `I dag ${datum(k.idag)}: ${heltal(k.forsenade)} försenade, ${heltal(k.vantar)} väntar.`),
		tabell('Beslut och tidsfrister', ['Förfaller', 'Vad', 'Status', 'Gjort'], rader,
		    { staplad: true, class: 'kalender' }),
		k.punkter.some((p) => p.antagande) ?
		    h('p', { class: 'fotnot' }, 'Tidsfristen för ansvarsfrihet (30 juni) är ett antagande: ',
			'lagen anger inget datum.') : null,
	];
	if (session.forbundsadmin(kod))
		delar.push(handelseForm(kod, k));
	return delar;
}
