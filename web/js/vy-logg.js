// SPDX-License-Identifier: ISC
// The audit log of a förbund for its förbundsadministratör: who read or
// changed what, when and from where, newest first, with filters by user,
// action and dates.  The server's view carries no participant data.

import { api, fraga } from './api.js';
import { h, lank, tabell, textfalt, datumfalt, valfalt, knapp, felruta, visaFel, varde, datumVarde } from './dom.js';
import { tid } from './fmt.js';
import * as session from './session.js';
import { ga } from '../app.js';

const HANDLINGAR = {
	'deltagande.las': 'Läste ett deltagande',
	'deltagande.lista': 'Listade deltaganden',
	'deltagande.sok': 'Sökte på personnummer',
	'rapport.export': 'Exporterade en rapport',
	inloggning: 'Inloggning',
	utloggning: 'Utloggning',
	nekad: 'Nekad åtkomst',
};

function handlingText(hd) {
	return HANDLINGAR[hd] ? `${HANDLINGAR[hd]} (${hd})` : hd || '–';
}

export async function vyLogg(params, query) {
	const koder = session.tilldelningar('forbundsadministrator').map((r) => r.forbund);
	const q = {
		forbund: query.forbund || koder[0] || '',
		anvandare: query.anvandare || null,
		handling: query.handling || null,
		fran: query.fran || null,
		till: query.till || null,
		fore: query.fore || null,
		per_sida: 100,
	};
	const form = h('form', { class: 'formular', novalidate: true, role: 'search',
	    'aria-labelledby': 'rubrik-filter' },
	    h('h2', { id: 'rubrik-filter' }, 'Filter'),
	    felruta(),
	    h('div', { class: 'faltrad' },
		valfalt('Förbund', { namn: 'forbund', koder: koder.map((k) => ({ kod: k, benamning: k })),
		    varde: q.forbund }),
		textfalt('Användare', { namn: 'anvandare', varde: q.anvandare, storlek: 16 }),
		textfalt('Handling', { namn: 'handling', varde: q.handling, storlek: 20,
		    hjalp: 'T.ex. deltagande.las; ”deltagande.” visar alla deltagande.*' }),
		datumfalt('Från och med', { namn: 'fran', varde: q.fran }),
		datumfalt('Till och med', { namn: 'till', varde: q.till })),
	    h('div', { class: 'knappar' }, knapp('Visa')));
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		ga(`#/logg${fraga({ forbund: varde(form, 'forbund'), anvandare: varde(form, 'anvandare'),
		    handling: varde(form, 'handling'), fran: datumVarde(form, 'fran'),
		    till: datumVarde(form, 'till') })}`);
	});
	const delar = [h('h1', null, 'Granskningslogg'),
		h('p', null, 'Vem har läst eller ändrat vad i förbundet. Loggen kan inte ändras.'),
		form];
	if (!q.forbund)
		return delar;
	let l;
	try {
		l = await api('GET', `/logg${fraga(q)}`);
	} catch (e) {
		if (e.status === 401)
			throw e;
		window.setTimeout(() => visaFel(form, e.fel, { rubrik: 'Loggen kunde inte visas.' }), 0);
		return delar;
	}
	const rader = l.poster.map((e) => [tid(e.tid), e.anvandare || '–', e.roll || '–',
		handlingText(e.handling), e.objekt || '–', e.insats_id ? String(e.insats_id) : '–',
		e.utfall || '–', e.klientadress || '–']);
	delar.push(l.poster.length === 0 ? h('p', null, 'Inga poster.') :
	    tabell(`Loggposter, nyast först (${l.poster.length})`,
		['Tid', 'Användare', 'Roll', 'Handling', 'Objekt', 'Insats-id', 'Utfall', 'Klientadress'],
		rader, { radhuvud: true, staplad: true, class: 'logg' }));
	if (l.nasta)
		delar.push(h('p', null, lank(`#/logg${fraga(Object.assign({}, q, { fore: l.nasta, per_sida: null }))}`,
		    'Äldre poster')));
	return delar;
}
