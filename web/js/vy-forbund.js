// SPDX-License-Identifier: ISC
// Förbund: the list of the förbund the user may read, and one förbund
// with its dated members and its board (today's seats, the rules the
// board does not meet, the mandate periods, past seats).  The
// förbundsadministratör edits the name and organisationsnummer, records
// a kommun joining or leaving, and keeps the board: a seat, the end of
// a seat, a mandate period.

import { api, fraga } from './api.js';
import {
	h, lank, tabell, uppgifter, sidor, textfalt, datumfalt, knapp, felruta,
	visaFel, rensaFel, varde, datumVarde, valfalt,
} from './dom.js';
import { lista as kodlista, etikett } from './koder.js';
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

// "Kommun 0680", "Försäkringskassan": a member as people name it.
function medlemNamn(medlemmar, kod) {
	const m = medlemmar.find((x) => x.kod === kod);
	if (!m)
		return kod;
	return m.parttyp === 'kommun' || m.parttyp === 'region' ?
	    `${m.benamning || m.parttyp} ${kod}` : (m.benamning || kod);
}

// A finding of the board's rules, with the member named as on the page.
function bristText(b, medlemmar) {
	const m = b.medlem ? medlemNamn(medlemmar, b.medlem) : null;
	if (b.brist === 'ingen_ledamot')
		return `${m} har ingen ledamot i styrelsen.`;
	if (b.brist === 'fa_ersattare')
		return `${m} har ${b.ledamoter} ${b.ledamoter === 1 ? 'ledamot' : 'ledamöter'} ` +
		    `men ${b.ersattare} ersättare; det ska finnas minst lika många ersättare som ledamöter.`;
	return b.text;
}

function uppdragForm(f, medlemmar) {
	const aktuella = medlemmar.filter((x) => !x.till);
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-uppdrag' },
	    h('h3', { id: 'rubrik-uppdrag' }, 'Ny ledamot eller ersättare'),
	    felruta(),
	    valfalt('Medlem', { namn: 'medlem', obligatorisk: true, tomText: 'Välj medlem',
		koder: aktuella.map((x) => ({ kod: x.kod, benamning: medlemNamn(medlemmar, x.kod) })) }),
	    textfalt('Namn', { namn: 'namn', obligatorisk: true }),
	    h('div', { class: 'faltrad' },
		valfalt('Uppdrag', { namn: 'uppdrag', obligatorisk: true,
		    koder: kodlista('uppdrag'), varde: 'ledamot' }),
		valfalt('Roll', { namn: 'roll', tomText: 'Ingen särskild roll',
		    koder: kodlista('styrelseroll') })),
	    h('div', { class: 'faltrad' },
		datumfalt('Från och med', { namn: 'fran', obligatorisk: true }),
		datumfalt('Till och med', { namn: 'till', hjalp: 'Lämna tomt om slutdagen inte är bestämd.' })),
	    h('div', { class: 'knappar' }, knapp('Lägg till i styrelsen')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		try {
			await api('POST', `/forbund/${encodeURIComponent(f.kod)}/styrelse/uppdrag`, {
				medlem: varde(form, 'medlem') || '',
				namn: varde(form, 'namn') || '',
				uppdrag: varde(form, 'uppdrag') || '',
				roll: varde(form, 'roll') || null,
				fran: datumVarde(form, 'fran') || '',
				till: datumVarde(form, 'till') || null,
			});
			meddelaEfter('Uppdraget är registrerat.');
			ga(`#/forbund/${encodeURIComponent(f.kod)}`);
		} catch (e) {
			visaFel(form, e.fel);
		}
	});
	return form;
}

function uppdragSlutForm(f, u) {
	const form = h('form', { class: 'formular inline', novalidate: true,
	    'aria-label': `Uppdraget för ${u.namn} slutar` },
	    felruta(),
	    datumfalt(`Sista dag för ${u.namn}`, { namn: 'till', hjalp: null }),
	    knapp('Avsluta uppdraget', { class: 'sekundar' }));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		try {
			await api('PATCH', `/forbund/${encodeURIComponent(f.kod)}/styrelse/uppdrag/${u.id}`,
			    { till: datumVarde(form, 'till') || '' });
			meddelaEfter(`Uppdraget för ${u.namn} är avslutat.`);
			ga(`#/forbund/${encodeURIComponent(f.kod)}`);
		} catch (e) {
			visaFel(form, e.fel);
		}
	});
	return form;
}

function mandatForm(f) {
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-mandat' },
	    h('h3', { id: 'rubrik-mandat' }, 'Ny mandatperiod'),
	    felruta(),
	    h('div', { class: 'faltrad' },
		datumfalt('Från och med', { namn: 'fran', obligatorisk: true }),
		datumfalt('Till och med', { namn: 'till', obligatorisk: true })),
	    h('div', { class: 'knappar' }, knapp('Lägg till mandatperiod')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		try {
			await api('POST', `/forbund/${encodeURIComponent(f.kod)}/styrelse/mandat`, {
				fran: datumVarde(form, 'fran') || '',
				till: datumVarde(form, 'till') || '',
			});
			meddelaEfter('Mandatperioden är registrerad.');
			ga(`#/forbund/${encodeURIComponent(f.kod)}`);
		} catch (e) {
			visaFel(form, e.fel);
		}
	});
	return form;
}

function styrelseDel(f, s, medlemmar, admin) {
	const rad = (u) => [
		u.namn, medlemNamn(medlemmar, u.medlem), etikett('uppdrag', u.uppdrag),
		u.roll ? etikett('styrelseroll', u.roll) : '–',
		datum(u.fran), u.till ? datum(u.till) : '–',
	];
	const kolumner = ['Namn', 'Medlem', 'Uppdrag', 'Roll', 'Från', 'Till'];
	const nu = s.uppdrag.filter((u) => u.aktiv);
	const ovriga = s.uppdrag.filter((u) => !u.aktiv);
	return h('section', { 'aria-labelledby': 'rubrik-styrelse' },
	    h('h2', { id: 'rubrik-styrelse' }, 'Styrelse'),
	    s.uppfyller_reglerna ?
		h('p', { class: 'klart', 'data-styrelse': 'ok' },
		    `Styrelsen uppfyller reglerna ${datum(s.dag)}.`) :
		h('div', { class: 'varning', role: 'note', 'data-styrelse': 'brister' },
		    h('p', null, `Styrelsen uppfyller inte reglerna ${datum(s.dag)}:`),
		    h('ul', null, s.brister.map((b) => h('li', null, bristText(b, medlemmar))))),
	    nu.length === 0 ? h('p', null, 'Styrelsen har inga uppdrag i dag.') :
		tabell(`Styrelsen ${datum(s.dag)}`, kolumner, nu.map(rad),
		    { radhuvud: true, staplad: true }),
	    s.mandatperioder.length === 0 ? h('p', null, 'Ingen mandatperiod är registrerad.') :
		h('p', null, 'Mandatperioder: ', s.mandatperioder
		    .map((m) => `${datum(m.fran)}–${datum(m.till)}`).join(', '), '.'),
	    ovriga.length === 0 ? null :
		tabell('Tidigare och kommande uppdrag', kolumner, ovriga.map(rad),
		    { radhuvud: true, staplad: true }),
	    admin ? uppdragForm(f, medlemmar) : null,
	    admin && nu.some((u) => !u.till) ? h('section',
		{ 'aria-labelledby': 'rubrik-uppdrag-slut' },
		h('h3', { id: 'rubrik-uppdrag-slut' }, 'Ett uppdrag slutar'),
		nu.filter((u) => !u.till).map((u) => uppdragSlutForm(f, u))) : null,
	    admin ? mandatForm(f) : null);
}

export async function vyForbund(params) {
	const kod = params.kod;
	const [f, m, s] = await Promise.all([
		api('GET', `/forbund/${encodeURIComponent(kod)}`),
		api('GET', `/forbund/${encodeURIComponent(kod)}/medlemmar`),
		api('GET', `/forbund/${encodeURIComponent(kod)}/styrelse`),
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
		styrelseDel(f, s, medlemmar, admin),
		admin ? redigeraForm(f) : null,
		admin ? medlemInForm(f) : null,
		admin && medlemmar.some((x) => !x.till) ? h('section',
		    { 'aria-labelledby': 'rubrik-medlem-ut' },
		    h('h2', { id: 'rubrik-medlem-ut' }, 'En medlem lämnar'),
		    medlemmar.filter((x) => !x.till).map((x) => medlemUtForm(f, x))) : null,
	];
}
