// SPDX-License-Identifier: ISC
// Anonymous and count-only figures of one insats: per calendar year the
// number of women and men who took part without being registered by
// personnummer, or, for a count-only insats (uppföljning antal), the
// number of participants per year or month.  Nothing here names a person.

import { api } from './api.js';
import {
	h, lank, tabell, textfalt, knapp, felruta, visaFel, rensaFel, varde,
	heltalVarde, meddela, ersatt,
} from './dom.js';
import { heltal, STRECK } from './fmt.js';

function talfalt(etikett, namn, obligatorisk, hjalp) {
	return textfalt(etikett, { namn, inputmode: 'numeric', storlek: 8,
	    obligatorisk, hjalp });
}

function anonymaTabell(rader) {
	return rader.length === 0 ? h('p', null, 'Inga anonyma deltagare registrerade.') :
	    tabell('Anonyma deltagare per år',
		['År', 'Kvinnor', 'Män', 'Totalt'],
		rader.map((r) => [String(r.ar), heltal(r.kvinnor), heltal(r.man),
		    heltal(r.kvinnor + r.man)]),
		{ radhuvud: true, tal: [false, true, true, true] });
}

function antalTabell(rader) {
	return rader.length === 0 ? h('p', null, 'Inga antal registrerade.') :
	    tabell('Antal deltagare per period',
		['Period', 'Totalt', 'Kvinnor', 'Män'],
		rader.map((r) => [r.period, heltal(r.totalt),
		    r.kvinnor === null ? STRECK : heltal(r.kvinnor),
		    r.man === null ? STRECK : heltal(r.man)]),
		{ radhuvud: true, tal: [false, true, true, true] });
}

export async function vyAnonyma(params) {
	const insats = await api('GET', `/insatser/${encodeURIComponent(params.id)}`);
	const antal = insats.uppfoljning === 'antal';
	const data = await api('GET', `/insatser/${insats.id}/${antal ? 'antal' : 'anonyma'}`);
	const behallare = h('div', null, antal ? antalTabell(data.antal) :
	    anonymaTabell(data.anonyma));
	const ar = String(new Date().getFullYear());
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-ange' },
	    h('h2', { id: 'rubrik-ange' }, antal ? 'Ange antal för en period' :
		'Ange årets anonyma deltagare'),
	    h('p', null, antal ? 'Antalet för perioden ersätter det som angavs tidigare. ' +
		'Kvinnor och män är valfria, men anges båda ska de bli totalt.' :
		'Antalet för året ersätter det som angavs tidigare.'),
	    felruta(),
	    h('div', { class: 'faltrad' },
		antal ? textfalt('Period', { namn: 'period', obligatorisk: true, varde: ar,
		    storlek: 8, hjalp: 'ÅÅÅÅ för ett år eller ÅÅÅÅ-MM för en månad.' }) :
		    talfalt('År', 'ar', true, null),
		antal ? talfalt('Totalt', 'totalt', true, null) : null,
		talfalt('Kvinnor', 'kvinnor', !antal, null),
		talfalt('Män', 'man', !antal, null)),
	    h('div', { class: 'knappar' }, knapp('Spara')));
	if (!antal)
		form.elements.namedItem('ar').value = ar;
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		try {
			let svar;
			if (antal) {
				const kropp = { totalt: heltalVarde(form, 'totalt') };
				const k = heltalVarde(form, 'kvinnor');
				const m = heltalVarde(form, 'man');
				if (k !== null)
					kropp.kvinnor = k;
				if (m !== null)
					kropp.man = m;
				if (kropp.totalt === null)
					delete kropp.totalt;
				const period = varde(form, 'period') || '';
				svar = await api('PUT', `/insatser/${insats.id}/antal/${encodeURIComponent(period)}`, kropp);
				ersatt(behallare, antalTabell(svar.antal));
				meddela(`Antalet för ${period} är sparat.`);
			} else {
				const a = varde(form, 'ar') || '';
				const kropp = {};
				const k = heltalVarde(form, 'kvinnor');
				const m = heltalVarde(form, 'man');
				if (k !== null)
					kropp.kvinnor = k;
				if (m !== null)
					kropp.man = m;
				svar = await api('PUT', `/insatser/${insats.id}/anonyma/${encodeURIComponent(a)}`, kropp);
				ersatt(behallare, anonymaTabell(svar.anonyma));
				meddela(`Anonyma deltagare för ${a} är sparade.`);
			}
		} catch (e) {
			visaFel(form, e.fel, { etiketter: { ar: 'År', period: 'Period',
			    kvinnor: 'Kvinnor', man: 'Män', totalt: 'Totalt' } });
		}
	});
	return [
		h('h1', null, `${antal ? 'Antal deltagare' : 'Anonyma deltagare'} i ${insats.namn} (${insats.kod})`),
		h('p', null, lank(`#/insatser/${insats.id}`, 'Om insatsen')),
		behallare,
		form,
	];
}
