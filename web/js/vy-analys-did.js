// SPDX-License-Identifier: ISC
// The municipality comparison for the analytiker (evaluation.md): the
// kommun x year panel (uploaded, or built from the försörjningsmått),
// the staggered difference-in-differences analysis with its parameters
// (outcome, control group, bootstrap draws), and a result: the overall
// effect, the event study with its chart drawn by the server, ATT(g,t)
// with the number of kommuner in every cell, and the warnings about
// cohorts too small to say anything.

import { api, adress, laddaUpp } from './api.js';
import { h, tabell, textfalt, valfalt, knapp, felruta, visaFel, rensaFel, varde,
	heltalVarde, ersatt, lank, nyttId } from './dom.js';
import { heltal, decimal, tid, STRECK } from './fmt.js';
import { ga, meddelaEfter } from '../app.js';

const KONTROLL = { aldrig: 'Aldrig anslutna kommuner', annu_inte: 'Aldrig och ännu inte anslutna kommuner' };

function tal(x, d) {
	return x === null || x === undefined ? STRECK : decimal(x, d === undefined ? 2 : d);
}

function ki(lag, hog) {
	return lag === null || lag === undefined ? STRECK : `${tal(lag)} till ${tal(hog)}`;
}

function resultatVy(r, id) {
	const t = r.total || {};
	const z = 1.959963984540054;
	const delar = [
		h('h2', { id: 'rubrik-resultat', tabindex: '-1' }, `Resultat för ${r.utfall}`),
		h('p', { class: 'ingress', id: 'total' }, 'Total effekt (ATT): ', h('strong', null, tal(t.att)),
		    `, standardfel ${tal(t.se)}, 95 % KI ${ki(t.att - z * t.se, t.att + z * t.se)}.`),
		h('ul', { class: 'summering' },
		    h('li', null, `${heltal(r.enheter)} kommuner, varav ${heltal(r.aldrig_behandlade)} aldrig anslutna; ` +
			`${heltal(r.kohorter)} kohorter; år ${r.ar.fran}–${r.ar.till}.`),
		    h('li', null, `Kontrollgrupp: ${KONTROLL[r.kontroll] || r.kontroll}.`),
		    h('li', null, r.bootstrap ? `Standardfel från multiplikator-bootstrap med ${heltal(r.bootstrap)} ` +
			`dragningar (frö ${r.seed}), klustrad per kommun.` : 'Analytiska standardfel.')),
	];
	if (r.varningar && r.varningar.length)
		delar.push(h('div', { class: 'varning', role: 'note', 'aria-labelledby': 'rubrik-varningar' },
		    h('h3', { id: 'rubrik-varningar' }, 'Varningar'),
		    h('ul', null, r.varningar.map((v) => h('li', null, v)))));
	const es = tabell('Händelsestudie: effekt per år sedan anslutningen',
	    ['År sedan anslutning', 'Effekt', 'Standardfel', '95 % KI', 'Samtidigt 95 % band', 'Kommuner', 'Kohorter'],
	    r.handelsestudie.map((e) => [String(e.e), tal(e.att), tal(e.se), ki(e.ki_lag, e.ki_hog),
		ki(e.band_lag, e.band_hog), heltal(e.n), heltal(e.kohorter)]),
	    { radhuvud: true, tal: [true, true, true, true, true, true, true], staplad: true, class: 'did' });
	es.id = 'tabell-es';
	delar.push(es);
	if (id)
		delar.push(h('figure', { class: 'diagram' },
		    h('img', { src: adress(`/utvardering/resultat/${id}/svg`),
			alt: 'Diagram över händelsestudien: skattad effekt med 95 % band per år sedan anslutningen, samma siffror som tabellen ovan.' }),
		    h('figcaption', null, `Händelsestudie för ${r.utfall}.`)));
	const gt = tabell('ATT(g,t): effekt per anslutningsår (kohort) och år',
	    ['Kohort', 'År', 'Effekt', 'Standardfel', 'Anslutna kommuner', 'Kontrollkommuner'],
	    r.att_gt.map((c) => [String(c.kohort), String(c.ar), tal(c.att), tal(c.se),
		heltal(c.n_behandlade), heltal(c.n_kontroll)]),
	    { radhuvud: true, tal: [false, false, true, true, true, true], staplad: true, class: 'did' });
	gt.id = 'tabell-gt';
	delar.push(gt);
	return h('section', { 'aria-labelledby': 'rubrik-resultat', class: 'rapportdel' }, delar);
}

function panelForm() {
	const id = nyttId('panel');
	const form = h('form', { class: 'formular', novalidate: true, 'aria-labelledby': 'rubrik-panel' },
	    h('h2', { id: 'rubrik-panel' }, 'Kommunpanelen'),
	    felruta(),
	    h('div', { class: 'falt', 'data-falt': 'fil' },
		h('label', { for: id }, 'Panelfil', h('span', { class: 'obl' }, ' (obligatorisk)')),
		h('p', { class: 'hjalp', id: `${id}-hjalp` }, 'kommunkod, ar och en kolumn per utfall ',
		    '(namn av a–z, 0–9 och _). Utfall med samma namn ersätts.'),
		h('input', { type: 'file', id, name: 'fil', accept: '.csv,text/csv',
		    'aria-describedby': `${id}-hjalp`, required: true })),
	    h('div', { class: 'knappar' }, knapp('Läs in panelen'),
		h('button', { type: 'button', class: 'sekundar', id: 'bygg-fm' },
		    'Bygg utfall ur försörjningsmåtten')));
	const klar = (p) => {
		meddelaEfter(`Panelen har ${heltal(p.utfall)} utfall för ${heltal(p.kommuner)} kommuner, år ${p.ar_min}–${p.ar_max}.`);
		ga(`#/analys/did?panel=${Date.now()}`);
	};
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		const fil = form.elements.namedItem('fil').files[0];
		if (!fil) {
			visaFel(form, { falt: 'fil', meddelande: 'välj en panelfil' });
			return;
		}
		try {
			klar(await laddaUpp('/utvardering/panel', fil));
		} catch (e) {
			visaFel(form, { falt: 'fil', meddelande: e.fel.falt ?
			    `${e.fel.falt}: ${e.fel.meddelande}` : e.fel.meddelande },
			    { rubrik: 'Panelen lästes inte in.' });
		}
	});
	form.querySelector('#bygg-fm').addEventListener('click', async () => {
		rensaFel(form);
		try {
			klar(await api('POST', '/utvardering/panel/fm'));
		} catch (e) {
			visaFel(form, e.fel, { rubrik: 'Utfallen byggdes inte.',
			    etiketter: { forsorjningsmatt: 'Försörjningsmått' } });
		}
	});
	return form;
}

function didForm(utfall, query) {
	const form = h('form', { class: 'formular', novalidate: true, 'aria-labelledby': 'rubrik-did' },
	    h('h2', { id: 'rubrik-did' }, 'Skillnad-i-skillnader'),
	    h('p', { class: 'hjalp' }, 'Callaway och Sant’Annas skattning för förbund som bildats vid olika år: ',
		'varje anslutningsårs kommuner jämförs med kontrollgruppen från året före anslutningen.'),
	    felruta(),
	    h('div', { class: 'faltrad' },
		valfalt('Utfall', { namn: 'utfall', obligatorisk: true, varde: query.utfall || null,
		    koder: utfall.map((u) => ({ kod: u.namn,
			benamning: `${u.namn} (${heltal(u.kommuner)} kommuner, ${u.ar_min}–${u.ar_max})` })) }),
		valfalt('Kontrollgrupp', { namn: 'kontroll', varde: 'aldrig',
		    koder: Object.entries(KONTROLL).map(([kod, benamning]) => ({ kod, benamning })) }),
		textfalt('Bootstrap-dragningar', { namn: 'bootstrap', varde: 999, inputmode: 'numeric', storlek: 7,
		    hjalp: '0 ger analytiska standardfel.' })),
	    h('div', { class: 'knappar' }, knapp('Kör analysen')),
	    h('p', { role: 'status', class: 'framstegstext', id: 'did-status' }));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		const status = form.querySelector('#did-status');
		const knappen = form.querySelector('button[type=submit]');
		knappen.disabled = true;
		ersatt(status, 'Analysen körs …');
		try {
			const r = await api('POST', '/utvardering/did', {
				utfall: varde(form, 'utfall') || '',
				kontroll: varde(form, 'kontroll') || 'aldrig',
				bootstrap: heltalVarde(form, 'bootstrap') === null ? 999 :
				    heltalVarde(form, 'bootstrap'),
			});
			meddelaEfter('Analysen är klar.');
			const senaste = await api('GET', '/utvardering/utfall');
			const id = senaste.resultat.length ? senaste.resultat[0].id : null;
			ga(`#/analys/did?resultat=${id}&utfall=${encodeURIComponent(r.utfall)}`);
		} catch (e) {
			ersatt(status);
			visaFel(form, e.fel, { rubrik: 'Analysen kördes inte.' });
		} finally {
			knappen.disabled = false;
		}
	});
	return form;
}

export async function vyAnalysDid(params, query) {
	const u = await api('GET', '/utvardering/utfall');
	const k = u.kohorter;
	const ar = Object.keys(k.per_ar).sort();
	const delar = [
		h('p', { class: 'brodsmula' }, lank('#/analys', 'Registerkoppling'), ' › Jämförelse mellan kommuner'),
		h('h1', null, 'Jämförelse mellan kommuner'),
		h('p', { class: 'ingress' }, 'Utvecklas kommuner som går med i ett samordningsförbund annorlunda ',
		    'än de som inte gör det? Varje kommuns anslutningsår tas ur de daterade medlemskapen.'),
		tabell('Kommuner per anslutningsår', ['Anslutningsår', 'Kommuner'],
		    ar.map((a) => [a, heltal(k.per_ar[a])]).concat([['Aldrig', heltal(k.aldrig)]]),
		    { radhuvud: true, tal: [false, true] }),
		panelForm(),
	];
	if (u.utfall.length)
		delar.push(didForm(u.utfall, query));
	else
		delar.push(h('p', null, 'Panelen har inga utfall än: läs in en panelfil eller bygg utfallen ur försörjningsmåtten.'));
	if (query.resultat) {
		const r = await api('GET', `/utvardering/resultat/${encodeURIComponent(query.resultat)}`);
		delar.push(resultatVy(r, query.resultat));
	}
	if (u.resultat.length)
		delar.push(tabell('Sparade analyser', ['Analys', 'Utfall', 'Tid', 'Kontrollgrupp', 'Bootstrap'],
		    u.resultat.map((r) => [lank(`#/analys/did?resultat=${r.id}`, `Analys ${r.id}`), r.utfall,
			tid(r.tid), KONTROLL[r.parametrar.kontroll] || r.parametrar.kontroll,
			heltal(r.parametrar.bootstrap)]),
		    { radhuvud: true, tal: [false, false, false, false, true], staplad: true }));
	return delar;
}
