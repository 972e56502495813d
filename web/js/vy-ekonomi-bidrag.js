// SPDX-License-Identifier: ISC
// The members' contributions (finance.md "Contributions", law 5 §): what
// the state, the region and each kommun pay a förbund for a year, the
// kommun quarter split as the members agreed, and the stored split
// itself (by population 16–64, equal parts or fixed shares that sum to
// 100 %), which the förbundsadministratör records from a year.  The
// figures are those of GET /forbund/{kod}/bidrag/{ar}, the same JSON as
// "finsam ekonomi bidrag --format json".

import { api, fraga } from './api.js';
import {
	h, tabell, uppgifter, textfalt, valfalt, datumfalt, knapp, felruta,
	visaFel, rensaFel, varde, datumVarde,
} from './dom.js';
import { heltal, datum } from './fmt.js';
import * as session from './session.js';
import { ga, meddelaEfter } from '../app.js';
import { kr, procentTal, kodUrl, standardAr, ekonomiNav } from './vy-ekonomi.js';

const FORDELNINGAR = [
	{ kod: 'befolkning', benamning: 'Efter befolkning 16–64 år' },
	{ kod: 'lika', benamning: 'I lika delar' },
	{ kod: 'andelar', benamning: 'Efter fasta andelar' },
];

function fordelningText(f) {
	const x = FORDELNINGAR.find((y) => y.kod === f);
	return x ? x.benamning.toLowerCase() : f;
}

function urvalForm(kod, q) {
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-urval' },
	    h('h2', { id: 'rubrik-urval' }, 'Urval'),
	    felruta(),
	    h('div', { class: 'faltrad' },
		textfalt('År', { namn: 'ar', varde: q.ar, inputmode: 'numeric', storlek: 6,
		    obligatorisk: true }),
		textfalt('Statens andel i kronor', { namn: 'statligt', varde: q.statligt,
		    inputmode: 'numeric', storlek: 14,
		    hjalp: 'Tomt: förbundets tilldelning för året.' }),
		textfalt('Utnyttjandegrad i procent', { namn: 'utnyttjandegrad',
		    varde: q.utnyttjandegrad, inputmode: 'decimal', storlek: 6,
		    hjalp: 'Tomt: det förbundet tar.' }),
		valfalt('Kommunernas fördelning', { namn: 'fordelning', koder: FORDELNINGAR,
		    varde: q.fordelning || null, tomText: 'Den sparade (standard)' }),
		textfalt('Andelar', { namn: 'andelar', varde: q.andelar, storlek: 24,
		    hjalp: 'Bara med fasta andelar: KOMMUNKOD:ANDEL, t.ex. 0604:1,0617:2.' })),
	    h('div', { class: 'knappar' }, knapp('Visa bidragen')));
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		rensaFel(form);
		const ny = {
			ar: varde(form, 'ar'),
			statligt: (varde(form, 'statligt') || '').replace(/[\s\u00a0]/g, ''),
			utnyttjandegrad: varde(form, 'utnyttjandegrad'),
			fordelning: varde(form, 'fordelning'),
			andelar: varde(form, 'andelar'),
		};
		ga(`#/forbund/${kodUrl(kod)}/bidrag${fraga(ny)}`);
	});
	return form;
}

function resultat(b) {
	const andel = b.fordelning === 'andelar';
	const summaAndel = andel ? b.kommun.reduce((s, k) => s + k.andel, 0) : 0;
	const delar = [
		h('h2', { id: 'rubrik-bidrag' }, `Bidragen ${b.ar}`),
		uppgifter([
			['Statens andel (Försäkringskassan)', kr(b.stat)],
			['Källa', b.kalla],
			['Möjlig tilldelning', kr(b.mojlig_tilldelning)],
			['Utnyttjandegrad', procentTal(b.utnyttjandegrad)],
			['Regionen (hälften av statens andel)', kr(b.region)],
			['Kommunerna tillsammans (hälften av statens andel)', kr(b.kommuner)],
			['Förbundets budget (stat, region och kommuner)', kr(b.totalt)],
		]),
	];
	if (b.regioner.length > 1)
		delar.push(tabell('Regionernas del', ['Region', 'Att betala'],
		    b.regioner.map((r) => [`${r.namn} (${r.kod})`, kr(r.belopp)]),
		    { radhuvud: true, tal: [false, true] }));
	const kol = andel ? 'Andel' : b.fordelning === 'lika' ? 'Del' : `Befolkning 16–64 år ${b.befolkningsar}`;
	delar.push(tabell(`Vad varje kommun ska betala ${b.ar}, ${fordelningText(b.fordelning)} (${b.fordelning_kalla})`,
	    ['Kommun', kol, 'Att betala'],
	    b.kommun.map((k) => [`${k.namn} (${k.kod})`,
		andel ? procentTal(Math.round(10000 * k.andel / summaAndel) / 100) :
		    b.fordelning === 'lika' ? `1/${b.kommun.length}` : heltal(k.befolkning),
		kr(k.belopp)]),
	    { radhuvud: true, tal: [false, true, true], class: 'bidrag' }));
	delar.push(h('p', { class: 'fotnot' }, 'Staten betalar hälften, regionen en fjärdedel och ',
	    'kommunerna tillsammans en fjärdedel. Beloppen avrundas till hela kronor så att ',
	    'delarna blir exakt summan (största resten).'));
	return h('section', { 'aria-labelledby': 'rubrik-bidrag' }, delar);
}

function fordelningHistorik(lista) {
	if (lista.fordelningar.length === 0)
		return h('p', null, 'Ingen fördelning är registrerad: kommunerna delar sin del efter ',
		    'befolkning 16–64 år.');
	return tabell('Registrerade fördelningar', ['Från år', 'Fördelning', 'Andelar', 'Beslutad'],
	    lista.fordelningar.map((f) => [String(f.fran_ar), fordelningText(f.fordelning),
		f.andelar.length ? f.andelar.map((a) => `${a.namn} ${procentTal(a.procent)}`).join(', ') : '–',
		datum(f.beslutad)]),
	    { radhuvud: true, staplad: true });
}

function fordelningForm(kod, ar, kommuner) {
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-kfd' },
	    h('h3', { id: 'rubrik-kfd' }, 'Registrera en fördelning'),
	    h('p', { class: 'hjalp' }, 'Fördelningen gäller från året tills en senare ersätter den. ',
		'Fasta andelar anges i procent och ska tillsammans vara 100.'),
	    felruta(),
	    h('div', { class: 'faltrad' },
		textfalt('Från år', { namn: 'fran_ar', varde: ar, inputmode: 'numeric', storlek: 6,
		    obligatorisk: true }),
		valfalt('Fördelning', { namn: 'fordelning', koder: FORDELNINGAR, varde: 'befolkning',
		    obligatorisk: true }),
		datumfalt('Beslutad', { namn: 'beslutad' })),
	    h('fieldset', { class: 'falt grupp', 'data-falt': 'andelar' },
		h('legend', null, 'Andelar i procent (bara för fasta andelar)'),
		h('div', { class: 'faltrad' }, kommuner.map((k) =>
		    textfalt(`${k.namn} (${k.kod})`, { namn: `andel-${k.kod}`, inputmode: 'decimal',
			storlek: 6 })))),
	    h('div', { class: 'knappar' }, knapp('Spara fördelningen')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		const fordelning = varde(form, 'fordelning');
		const kropp = { fordelning };
		const b = datumVarde(form, 'beslutad');
		if (b)
			kropp.beslutad = b;
		if (fordelning === 'andelar')
			kropp.andelar = kommuner.map((k) =>
			    `${k.kod}:${(varde(form, `andel-${k.kod}`) || '').replace(',', '.')}`);
		const fran = varde(form, 'fran_ar') || '';
		try {
			if (!/^\d{4}$/.test(fran))
				throw { fel: { falt: 'fran_ar', meddelande: 'skriv året med fyra siffror' } };
			await api('PUT', `/forbund/${kodUrl(kod)}/kommunfordelning/${fran}`, kropp);
			meddelaEfter(`Fördelningen från ${fran} är sparad.`);
			ga(`#/forbund/${kodUrl(kod)}/bidrag?ar=${ar}`);
		} catch (err) {
			visaFel(form, err.fel, { rubrik: 'Fördelningen sparades inte.',
			    alias: { ar: 'fran_ar' } });
		}
	});
	return form;
}

export async function vyBidrag(params, query) {
	const kod = params.kod;
	const q = {
		ar: Number(query.ar) || standardAr(),
		statligt: query.statligt || '',
		utnyttjandegrad: query.utnyttjandegrad || '',
		fordelning: query.fordelning || '',
		andelar: query.andelar || '',
	};
	const form = urvalForm(kod, q);
	const lista = await api('GET', `/forbund/${kodUrl(kod)}/kommunfordelning`);
	const delar = [h('h1', null, `Medlemmarnas bidrag ${q.ar}`), ekonomiNav(kod, q.ar, 'bidrag'), form];
	let b = null;
	try {
		b = await api('GET', `/forbund/${kodUrl(kod)}/bidrag/${q.ar}${fraga({
			statligt: q.statligt, utnyttjandegrad: q.utnyttjandegrad,
			fordelning: q.fordelning, andelar: q.andelar })}`);
	} catch (e) {
		if (e.status === 401 || e.status === 403)
			throw e;
		window.setTimeout(() => visaFel(form, e.fel, { rubrik: 'Bidragen kunde inte räknas fram.' }), 0);
	}
	if (b) {
		delar[0] = h('h1', null, `Medlemmarnas bidrag ${q.ar}: ${b.namn}`);
		delar.push(resultat(b));
	}
	const kfd = [h('h2', { id: 'rubrik-fordelning' }, 'Hur kommunerna delar sin del'),
	    fordelningHistorik(lista)];
	if (session.forbundsadmin(kod) && b)
		kfd.push(fordelningForm(kod, q.ar, b.kommun));
	delar.push(h('section', { 'aria-labelledby': 'rubrik-fordelning' }, kfd));
	return delar;
}
