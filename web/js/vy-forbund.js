// SPDX-License-Identifier: ISC
// Förbund: the list of the förbund the user may read, and one förbund
// with its dated members.  The förbundsadministratör edits the name and
// organisationsnummer and records a kommun joining or leaving.

import { api, fraga } from './api.js';
import {
	h, lank, tabell, uppgifter, sidor, textfalt, datumfalt, knapp, felruta,
	visaFel, rensaFel, varde, datumVarde,
} from './dom.js';
import { datum } from './fmt.js';
import * as session from './session.js';
import { ga, meddelaEfter } from '../app.js';

export async function vyForbundLista(params, query) {
	const sida = Number(query.sida) || 1;
	const lista = await api('GET', `/forbund${fraga({ sida, per_sida: 50 })}`);
	const rader = lista.poster.map((f) => [
		lank(`#/forbund/${encodeURIComponent(f.kod)}`, f.kod),
		f.namn, f.organisationsnummer, datum(f.startdatum),
		f.hemlan || '–',
	]);
	return [
		h('h1', null, 'Förbund'),
		lista.poster.length === 0 ? h('p', null, 'Du har inte behörighet till något förbund.') :
		    tabell(`Förbund (${lista.totalt})`,
			['Kod', 'Namn', 'Organisationsnummer', 'Startdatum', 'Hemlän'],
			rader, { radhuvud: true, staplad: true }),
		sidor(lista, (n) => `#/forbund?sida=${n}`),
	];
}

function redigeraForm(f) {
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-andra' },
	    h('h2', { id: 'rubrik-andra' }, 'Ändra förbundets uppgifter'),
	    felruta(),
	    textfalt('Namn', { namn: 'namn', varde: f.namn, obligatorisk: true }),
	    textfalt('Organisationsnummer', { namn: 'organisationsnummer',
		varde: f.organisationsnummer, hjalp: 'NNNNNN-NNNN', storlek: 12 }),
	    h('div', { class: 'knappar' }, knapp('Spara ändringarna')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		try {
			await api('PATCH', `/forbund/${encodeURIComponent(f.kod)}`, {
				namn: varde(form, 'namn') || '',
				organisationsnummer: varde(form, 'organisationsnummer') || '',
			});
			meddelaEfter('Förbundets uppgifter är sparade.');
			ga(`#/forbund/${encodeURIComponent(f.kod)}`);
		} catch (e) {
			visaFel(form, e.fel);
		}
	});
	return form;
}

function medlemInForm(f) {
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-medlem-in' },
	    h('h2', { id: 'rubrik-medlem-in' }, 'En kommun går med'),
	    felruta(),
	    h('div', { class: 'faltrad' },
		textfalt('Kommunkod', { namn: 'kommun', obligatorisk: true,
		    hjalp: 'Fyra siffror, t.ex. 0180.', inputmode: 'numeric', storlek: 6 }),
		datumfalt('Medlem från och med', { namn: 'fran', obligatorisk: true })),
	    h('div', { class: 'knappar' }, knapp('Lägg till medlem')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		try {
			await api('POST', `/forbund/${encodeURIComponent(f.kod)}/medlemmar`, {
				kommun: varde(form, 'kommun') || '',
				fran: datumVarde(form, 'fran') || '',
			});
			meddelaEfter('Medlemmen är tillagd.');
			ga(`#/forbund/${encodeURIComponent(f.kod)}`);
		} catch (e) {
			visaFel(form, e.fel);
		}
	});
	return form;
}

function medlemUtForm(f, m) {
	const form = h('form', { class: 'formular inline', novalidate: true,
	    'aria-label': `${m.benamning} ${m.kod} lämnar förbundet` },
	    felruta(),
	    datumfalt(`Sista dag som medlem för ${m.kod}`, { namn: 'till', hjalp: null }),
	    knapp('Avsluta medlemskap', { class: 'sekundar' }));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		try {
			await api('PATCH', `/forbund/${encodeURIComponent(f.kod)}/medlemmar/${encodeURIComponent(m.kod)}`,
			    { till: datumVarde(form, 'till') || '' });
			meddelaEfter(`Medlemskapet för ${m.kod} är avslutat.`);
			ga(`#/forbund/${encodeURIComponent(f.kod)}`);
		} catch (e) {
			visaFel(form, e.fel);
		}
	});
	return form;
}

export async function vyForbund(params) {
	const kod = params.kod;
	const [f, m] = await Promise.all([
		api('GET', `/forbund/${encodeURIComponent(kod)}`),
		api('GET', `/forbund/${encodeURIComponent(kod)}/medlemmar`),
	]);
	const admin = session.forbundsadmin(kod);
	const medlemmar = m.medlemmar || [];
	const rader = medlemmar.map((x) => [
		x.benamning ? `${x.benamning}` : x.parttyp,
		x.kod, datum(x.fran), x.till ? datum(x.till) : 'Medlem nu',
	]);
	return [
		h('h1', null, f.namn),
		uppgifter([
			['Kod', f.kod],
			['Organisationsnummer', f.organisationsnummer],
			['Startdatum', datum(f.startdatum)],
			['Slutdatum', f.slutdatum ? datum(f.slutdatum) : 'Verksamt'],
			['Hemlän', f.hemlan || '–'],
		]),
		h('p', null, lank(`#/forbund/${encodeURIComponent(kod)}/insatser`,
		    'Förbundets insatser')),
		h('section', { 'aria-labelledby': 'rubrik-medlemmar' },
		    h('h2', { id: 'rubrik-medlemmar' }, 'Medlemmar'),
		    tabell(`Medlemmar i ${f.namn}`,
			['Medlem', 'Kod', 'Från', 'Till'], rader, { radhuvud: true })),
		admin ? redigeraForm(f) : null,
		admin ? medlemInForm(f) : null,
		admin && medlemmar.some((x) => !x.till) ? h('section',
		    { 'aria-labelledby': 'rubrik-medlem-ut' },
		    h('h2', { id: 'rubrik-medlem-ut' }, 'En medlem lämnar'),
		    medlemmar.filter((x) => !x.till).map((x) => medlemUtForm(f, x))) : null,
	];
}
