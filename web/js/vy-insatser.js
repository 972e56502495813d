// SPDX-License-Identifier: ISC
// Insatser: the list (per förbund, only those the user may read), a new
// insats, and one insats with the form for what may still change
// (texts, period, status, målgrupper) and the decision on what follows
// an insats that has ended.  Inriktning, uppföljning and ESF are fixed
// at creation and shown, not edited.

import { api, fraga } from './api.js';
import {
	h, lank, tabell, uppgifter, sidor, textfalt, datumfalt, valfalt, kryssgrupp,
	kryssruta, textomrade, knapp, felruta, visaFel, rensaFel, varde, datumVarde,
	kryssVarden,
} from './dom.js';
import { datum } from './fmt.js';
import { lista, etikett, etiketter } from './koder.js';
import * as session from './session.js';
import { ga, meddelaEfter } from '../app.js';

function period(i) {
	return `${datum(i.startdatum)} – ${i.slutdatum ? datum(i.slutdatum) : 'tills vidare'}`;
}

function statusText(i) {
	const s = etikett('status', i.status);
	if (i.beslut)
		return `${s}, ${etikett('beslut', i.beslut).toLowerCase()}`;
	return i.saknar_beslut ? `${s} – beslut saknas` : s;
}

function atgarder(i) {
	const l = [];
	if (session.deltagareI(i.id) && i.uppfoljning === 'individ')
		l.push(lank(`#/insatser/${i.id}/deltagare`, `Deltagare i ${i.kod}`));
	if (session.anonymaI(i))
		l.push(lank(`#/insatser/${i.id}/anonyma`,
		    i.uppfoljning === 'antal' ? `Antal i ${i.kod}` : `Anonyma i ${i.kod}`));
	return l.length ? h('ul', { class: 'lanklista' }, l.map((x) => h('li', null, x))) :
	    '–';
}

function insatsTabell(rubrik, poster) {
	return tabell(rubrik,
	    ['Kod', 'Namn', 'Inriktning', 'Uppföljning', 'Period', 'Status', 'Gå till'],
	    poster.map((i) => [
		lank(`#/insatser/${i.id}`, i.kod), i.namn,
		etikett('inriktning', i.inriktning),
		i.uppfoljning === 'antal' ? 'Antal' : 'Individ',
		period(i), statusText(i), atgarder(i),
	    ]), { radhuvud: true, staplad: true });
}

async function forbundAttVisa() {
	if (session.allaForbund()) {
		const alla = await api('GET', `/forbund${fraga({ per_sida: 500 })}`);
		return alla.poster.map((f) => f.kod);
	}
	return session.forbundKoder();
}

export async function vyInsatser() {
	const koder = await forbundAttVisa();
	const listor = await Promise.all(koder.map((k) =>
	    api('GET', `/forbund/${encodeURIComponent(k)}/insatser${fraga({ per_sida: 500 })}`)
		.then((l) => [k, l])));
	const delar = listor.map(([k, l]) => h('section', { 'aria-label': `Förbundet ${k}` },
	    h('h2', null, `Förbundet ${k}`),
	    l.poster.length ? insatsTabell(`Insatser i ${k} (${l.totalt})`, l.poster) :
		h('p', null, 'Inga insatser som du har behörighet till.'),
	    session.forbundsadmin(k) ? h('p', null,
		lank(`#/forbund/${encodeURIComponent(k)}/insatser/ny`, `Ny insats i ${k}`)) :
		null));
	return [
		h('h1', null, 'Insatser'),
		delar.length ? delar : h('p', null, 'Du har inte behörighet till några insatser.'),
	];
}

export async function vyForbundInsatser(params, query) {
	const kod = params.kod;
	const sida = Number(query.sida) || 1;
	const l = await api('GET',
	    `/forbund/${encodeURIComponent(kod)}/insatser${fraga({ sida, per_sida: 50 })}`);
	return [
		h('h1', null, `Insatser i ${kod}`),
		session.forbundsadmin(kod) ? h('p', null,
		    lank(`#/forbund/${encodeURIComponent(kod)}/insatser/ny`, 'Ny insats',
			{ class: 'knapplank' })) : null,
		l.poster.length ? insatsTabell(`Insatser (${l.totalt})`, l.poster) :
		    h('p', null, 'Inga insatser som du har behörighet till.'),
		sidor(l, (n) => `#/forbund/${encodeURIComponent(kod)}/insatser?sida=${n}`),
		h('p', null, lank(`#/forbund/${encodeURIComponent(kod)}`, `Förbundet ${kod}`)),
	];
}

// The preciserad inriktning choices follow the inriktning.
function precKoder(inriktning) {
	return lista(inriktning === 'struktur' ? 'preciserad_inriktning_struktur' :
	    'preciserad_inriktning_individ');
}

export async function vyNyInsats(params) {
	const kod = params.kod;
	const ruta = felruta();
	const inr = valfalt('Inriktning', { namn: 'inriktning', obligatorisk: true,
	    koder: lista('inriktning'), varde: 'individ',
	    hjalp: 'Kan inte ändras efter att insatsen har skapats.' });
	let prec = valfalt('Preciserad inriktning', { namn: 'preciserad_inriktning',
	    koder: precKoder('individ'), tomText: 'Välj …' });
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-ny' },
	    ruta,
	    h('div', { class: 'faltrad' },
		textfalt('Kod', { namn: 'kod', obligatorisk: true, storlek: 16,
		    hjalp: 'Kort och unik inom förbundet, t.ex. FV-IT-SPARET.' }),
		textfalt('Namn', { namn: 'namn', obligatorisk: true })),
	    textomrade('Beskrivning', { namn: 'beskrivning' }),
	    h('div', { class: 'faltrad' },
		datumfalt('Startdatum', { namn: 'startdatum', obligatorisk: true }),
		datumfalt('Slutdatum', { namn: 'slutdatum',
		    hjalp: 'ÅÅÅÅ-MM-DD. Lämna tomt om det inte är känt än.' })),
	    h('div', { class: 'faltrad' }, inr, prec,
		valfalt('Uppföljning', { namn: 'uppfoljning', koder: lista('uppfoljning'),
		    tomText: 'Enligt inriktningen',
		    hjalp: 'Strukturinsatser följs upp med antal. Kan inte ändras senare.' })),
	    kryssruta('Medfinansierad av ESF (kan inte ändras senare)', { namn: 'esf' }),
	    kryssgrupp('Målgrupper', { namn: 'malgrupper', koder: lista('malgrupper') }),
	    h('div', { class: 'knappar' }, knapp('Skapa insatsen')));
	inr.querySelector('select').addEventListener('change', (ev) => {
		const ny = valfalt('Preciserad inriktning', { namn: 'preciserad_inriktning',
		    koder: precKoder(ev.target.value), tomText: 'Välj …' });
		prec.replaceWith(ny);
		prec = ny;
	});
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		const kropp = {
			kod: varde(form, 'kod') || '',
			namn: varde(form, 'namn') || '',
			startdatum: datumVarde(form, 'startdatum') || '',
			inriktning: varde(form, 'inriktning') || '',
			esf: form.elements.namedItem('esf').checked,
			malgrupper: kryssVarden(form, 'malgrupper'),
		};
		const valfria = {
			beskrivning: varde(form, 'beskrivning'),
			slutdatum: datumVarde(form, 'slutdatum'),
			preciserad_inriktning: varde(form, 'preciserad_inriktning'),
			uppfoljning: varde(form, 'uppfoljning'),
		};
		for (const [k, v] of Object.entries(valfria))
			if (v !== null)
				kropp[k] = v;
		try {
			const i = await api('POST', `/forbund/${encodeURIComponent(kod)}/insatser`, kropp);
			meddelaEfter(`Insatsen ${i.kod} är skapad.`);
			ga(`#/insatser/${i.id}`);
		} catch (e) {
			visaFel(form, e.fel);
		}
	});
	return [h('h1', { id: 'rubrik-ny' }, `Ny insats i ${kod}`), form];
}

function andraForm(i) {
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-andra' },
	    h('h2', { id: 'rubrik-andra' }, 'Ändra insatsen'),
	    felruta(),
	    textfalt('Namn', { namn: 'namn', varde: i.namn, obligatorisk: true }),
	    textomrade('Beskrivning', { namn: 'beskrivning', varde: i.beskrivning }),
	    h('div', { class: 'faltrad' },
		datumfalt('Startdatum', { namn: 'startdatum', varde: i.startdatum,
		    obligatorisk: true }),
		datumfalt('Slutdatum', { namn: 'slutdatum', varde: i.slutdatum,
		    hjalp: 'ÅÅÅÅ-MM-DD. Lämna tomt om det inte är känt än.' }),
		valfalt('Status', { namn: 'status', koder: lista('status'), varde: i.status })),
	    valfalt('Preciserad inriktning', { namn: 'preciserad_inriktning',
		koder: precKoder(i.inriktning), varde: i.preciserad_inriktning,
		tomText: 'Ingen' }),
	    kryssgrupp('Målgrupper', { namn: 'malgrupper', koder: lista('malgrupper'),
		varde: i.malgrupper }),
	    h('div', { class: 'knappar' }, knapp('Spara ändringarna')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		try {
			await api('PATCH', `/insatser/${i.id}`, {
				namn: varde(form, 'namn') || '',
				beskrivning: varde(form, 'beskrivning'),
				startdatum: datumVarde(form, 'startdatum') || '',
				slutdatum: datumVarde(form, 'slutdatum'),
				status: varde(form, 'status') || i.status,
				preciserad_inriktning: varde(form, 'preciserad_inriktning'),
				malgrupper: kryssVarden(form, 'malgrupper'),
			});
			meddelaEfter('Insatsen är sparad.');
			ga(`#/insatser/${i.id}`);
		} catch (e) {
			visaFel(form, e.fel);
		}
	});
	return form;
}

function beslutForm(i) {
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-beslut', id: 'beslut' },
	    h('h2', { id: 'rubrik-beslut' }, 'Beslut om vad som följer'),
	    h('p', null, 'När insatsen har slutat: implementeras den i en medlems ',
		'ordinarie verksamhet, förlängs den eller avvecklas den?'),
	    felruta(),
	    valfalt('Beslut', { namn: 'beslut', koder: lista('beslut'), varde: i.beslut,
		tomText: 'Inget beslut än' }),
	    h('div', { class: 'faltrad' },
		textfalt('Hos vilken medlem', { namn: 'beslut_medlem', varde: i.beslut_medlem,
		    storlek: 8, hjalp: 'Vid implementering: FK, AF, länskod eller kommunkod.' }),
		datumfalt('Från och med', { namn: 'beslut_fran', varde: i.beslut_fran,
		    hjalp: 'Vid implementering: ÅÅÅÅ-MM-DD.' })),
	    h('div', { class: 'knappar' }, knapp('Spara beslutet')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		try {
			await api('PATCH', `/insatser/${i.id}`, {
				beslut: varde(form, 'beslut'),
				beslut_medlem: varde(form, 'beslut_medlem'),
				beslut_fran: datumVarde(form, 'beslut_fran'),
			});
			meddelaEfter('Beslutet är sparat.');
			ga(`#/insatser/${i.id}`);
		} catch (e) {
			visaFel(form, e.fel);
		}
	});
	return form;
}

export async function vyInsats(params, query) {
	const i = await api('GET', `/insatser/${encodeURIComponent(params.id)}`);
	const red = session.redigeraInsats(i);
	const slutat = i.status === 'avslutad' || i.saknar_beslut || i.beslut;
	const delar = [
		h('h1', null, `${i.namn} (${i.kod})`),
		i.saknar_beslut ? h('p', { class: 'varning' },
		    'Insatsen har slutat utan beslut om vad som följer.') : null,
		uppgifter([
			['Kod', i.kod],
			['Period', period(i)],
			['Status', statusText(i)],
			['Inriktning', etikett('inriktning', i.inriktning)],
			['Preciserad inriktning', etikett(i.inriktning === 'struktur' ?
			    'preciserad_inriktning_struktur' : 'preciserad_inriktning_individ',
			i.preciserad_inriktning)],
			['Uppföljning', etikett('uppfoljning', i.uppfoljning)],
			['ESF-medfinansierad', i.esf ? 'Ja' : 'Nej'],
			['Målgrupper', etiketter('malgrupper', i.malgrupper)],
			['Beskrivning', i.beskrivning || '–'],
			i.beslut === 'implementerad' ? ['Implementerad hos',
			    `${i.beslut_medlem || '–'} från ${datum(i.beslut_fran)}`] : null,
		].filter(Boolean)),
		atgarder(i) !== '–' ? h('nav', { 'aria-label': 'Insatsens sidor' }, atgarder(i)) :
		    null,
	];
	if (red) {
		if (slutat)
			delar.push(beslutForm(i));
		delar.push(andraForm(i));
		if (!slutat)
			delar.push(beslutForm(i));
	}
	if (query.fokus === 'beslut')
		window.setTimeout(() => {
			const f = document.querySelector('#beslut select');
			if (f)
				f.focus();
		}, 0);
	return delar;
}
