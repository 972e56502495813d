// SPDX-License-Identifier: ISC
// The deltagaransvarig's work: in one insats, record a consent, register
// a participation in (inregistrering), find a person's participations,
// list the participations with a selection; for one participation,
// register the exit (utregistrering), correct it with a reason and see
// every version.  Each step is one form that submits with Enter and
// moves the focus to where the next step starts; the core's validation
// messages are shown next to the field they name.

import { api, fraga } from './api.js';
import {
	h, lank, tabell, uppgifter, sidor, textfalt, datumfalt, procentfalt, valfalt,
	kryssgrupp, janejfalt, knapp, felruta, visaFel, rensaFel, varde, datumVarde,
	heltalVarde, kryssVarden, janejVarde, meddela, ersatt,
} from './dom.js';
import { datum, tid, kon, pct, janej, pnr, heltal, idag, STRECK } from './fmt.js';
import { lista, etikett, etiketter } from './koder.js';
import { ga, meddelaEfter } from '../app.js';

// Labels of the participation's fields, for forms, tables and history.
export const FALT = {
	personnummer: 'Personnummer',
	startdatum: 'Startdatum',
	utbildning: 'Högsta avslutade utbildning',
	offentlig_forsorjning_tid: 'Tid med offentlig försörjning före start',
	forsorjning_fore: 'Försörjning före start',
	arbete_fore: 'Arbete före start (procent av heltid)',
	studier_fore: 'Studier före start (procent av heltid)',
	arbetssokande_fore: 'Inskriven som arbetssökande före start',
	slutdatum: 'Slutdatum',
	avslutsanledning: 'Avslutsanledning',
	forsorjning_efter: 'Försörjning efter avslut',
	arbete_efter: 'Arbete efter avslut (procent av heltid)',
	studier_efter: 'Studier efter avslut (procent av heltid)',
	arbetssokande_efter: 'Inskriven som arbetssökande efter avslut',
	orsak: 'Orsak till ändringen',
	version: 'Version',
	samtycke: 'Samtycke',
	samtycke_datum: 'Samtycke',
	datum: 'Samtycket undertecknat',
	formular: 'Blankettens version',
};

const INFALT = ['utbildning', 'offentlig_forsorjning_tid', 'forsorjning_fore',
	'arbete_fore', 'studier_fore', 'arbetssokande_fore'];
const UTFALT = ['slutdatum', 'avslutsanledning', 'forsorjning_efter',
	'arbete_efter', 'studier_efter', 'arbetssokande_efter'];

// A field's value as text for people.
function visaVarde(namn, v) {
	switch (namn) {
	case 'startdatum':
	case 'slutdatum':
		return datum(v);
	case 'utbildning':
		return etikett('utbildning', v);
	case 'offentlig_forsorjning_tid':
		return etikett('offentlig_forsorjning_tid', v);
	case 'avslutsanledning':
		return etikett('avslutsanledning', v);
	case 'forsorjning_fore':
	case 'forsorjning_efter':
		return etiketter('forsorjning', v);
	case 'arbete_fore':
	case 'studier_fore':
	case 'arbete_efter':
	case 'studier_efter':
		return pct(v);
	case 'arbetssokande_fore':
	case 'arbetssokande_efter':
		return janej(v);
	default:
		return v === null || v === undefined ? STRECK : String(v);
	}
}

// ---- form parts ----

function inFalt(d) {
	const v = d || {};
	return [
		h('div', { class: 'faltrad' },
		    valfalt(FALT.utbildning, { namn: 'utbildning', koder: lista('utbildning'),
			varde: v.utbildning, tomText: 'Inte angiven' }),
		    valfalt(FALT.offentlig_forsorjning_tid, { namn: 'offentlig_forsorjning_tid',
			koder: lista('offentlig_forsorjning_tid'),
			varde: v.offentlig_forsorjning_tid, tomText: 'Inte angiven' })),
		kryssgrupp(FALT.forsorjning_fore, { namn: 'forsorjning_fore',
		    koder: lista('forsorjning'), varde: v.forsorjning_fore,
		    hjalp: 'Alla källor just före start. ”Ingen offentlig försörjning” kan inte kombineras med andra.' }),
		h('div', { class: 'faltrad' },
		    procentfalt(FALT.arbete_fore, { namn: 'arbete_fore', varde: v.arbete_fore }),
		    procentfalt(FALT.studier_fore, { namn: 'studier_fore', varde: v.studier_fore })),
		janejfalt(FALT.arbetssokande_fore, { namn: 'arbetssokande_fore',
		    varde: v.arbetssokande_fore }),
	];
}

function utFalt(d, prefix) {
	const v = d || {};
	return [
		h('div', { class: 'faltrad' },
		    datumfalt(FALT.slutdatum, { namn: 'slutdatum', varde: v.slutdatum,
			obligatorisk: prefix === 'ut' }),
		    valfalt(FALT.avslutsanledning, { namn: 'avslutsanledning',
			koder: lista('avslutsanledning'), varde: v.avslutsanledning,
			tomText: 'Välj …', obligatorisk: prefix === 'ut' })),
		kryssgrupp(FALT.forsorjning_efter, { namn: 'forsorjning_efter',
		    koder: lista('forsorjning'), varde: v.forsorjning_efter,
		    hjalp: 'Alla källor just efter avslut. ”Ingen offentlig försörjning” kan inte kombineras med andra.' }),
		h('div', { class: 'faltrad' },
		    procentfalt(FALT.arbete_efter, { namn: 'arbete_efter', varde: v.arbete_efter }),
		    procentfalt(FALT.studier_efter, { namn: 'studier_efter', varde: v.studier_efter })),
		janejfalt(FALT.arbetssokande_efter, { namn: 'arbetssokande_efter',
		    varde: v.arbetssokande_efter }),
	];
}

// The values of the named fields of form, in the API's types.
function lasFalt(form, namnen) {
	const k = {};
	for (const n of namnen) {
		if (n === 'startdatum' || n === 'slutdatum')
			k[n] = datumVarde(form, n);
		else if (n.startsWith('forsorjning_'))
			k[n] = kryssVarden(form, n);
		else if (n.startsWith('arbete_') || n.startsWith('studier_'))
			k[n] = heltalVarde(form, n);
		else if (n.startsWith('arbetssokande_'))
			k[n] = janejVarde(form, n);
		else
			k[n] = varde(form, n);
	}
	return k;
}

// For a new registration: leave out what is not given.
function utanTomma(k) {
	const r = {};
	for (const [n, v] of Object.entries(k)) {
		if (v === null || (Array.isArray(v) && v.length === 0))
			continue;
		r[n] = v;
	}
	return r;
}

const BLANKETT = 'finsam.blankett';

// ---- the insats page ----

function samtyckeForm(insats, registrering) {
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-samtycke', id: 'samtycke' },
	    h('h2', { id: 'rubrik-samtycke' }, '1. Samtycke'),
	    h('p', null, 'Ett samtycke för just den här insatsen måste finnas innan ',
		'deltagaren registreras med personnummer. Har personen inte ',
		'samtyckt registreras hen bara i antalet anonyma deltagare.'),
	    felruta(),
	    h('div', { class: 'faltrad' },
		textfalt(FALT.personnummer, { namn: 'personnummer', obligatorisk: true,
		    hjalp: 'ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN. Samordningsnummer går också.',
		    storlek: 16, spellcheck: false }),
		datumfalt(FALT.datum, { namn: 'datum', obligatorisk: true, varde: idag() }),
		textfalt(FALT.formular, { namn: 'formular', obligatorisk: true, storlek: 10,
		    varde: window.sessionStorage.getItem(BLANKETT) || '',
		    hjalp: 'Versionen som står på blanketten, t.ex. 2024:1.' })),
	    h('div', { class: 'knappar' }, knapp('Registrera samtycket')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		const p = varde(form, 'personnummer') || '';
		const d = datumVarde(form, 'datum') || '';
		const blankett = varde(form, 'formular') || '';
		try {
			await api('POST', `/insatser/${insats.id}/samtycken`,
			    { personnummer: p, datum: d, formular: blankett });
			window.sessionStorage.setItem(BLANKETT, blankett);
			// The next step: the same person's registration.
			rensaFel(registrering);
			registrering.elements.namedItem('personnummer').value = p;
			const start = registrering.elements.namedItem('startdatum');
			if (!start.value)
				start.value = d;
			form.elements.namedItem('personnummer').value = '';
			meddela(`Samtycket är registrerat. Fortsätt med inregistreringen.`);
			ersatt(form.querySelector('.klar'), 'Samtycket är registrerat.');
			start.focus();
			start.select();
		} catch (e) {
			visaFel(form, e.fel, { etiketter: FALT,
			    alias: { samtycke_datum: 'datum' } });
		}
	});
	form.appendChild(h('p', { class: 'klar', 'aria-hidden': 'true' }));
	return form;
}

// No consent: a way from the registration's error to the consent form,
// with the personnummer already typed.
function tillSamtycke(form) {
	const ruta = form.querySelector('.felruta');
	const gaTill = (ev) => {
		ev.preventDefault();
		const sam = document.getElementById('samtycke');
		sam.elements.namedItem('personnummer').value =
		    form.elements.namedItem('personnummer').value;
		sam.elements.namedItem('datum').focus();
		sam.elements.namedItem('datum').select();
	};
	ruta.appendChild(h('p', null, h('a', { href: '#samtycke', onclick: gaTill },
	    'Registrera samtycket först')));
}

function registreringForm(insats) {
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-inreg', id: 'inregistrering' },
	    h('h2', { id: 'rubrik-inreg' }, '2. Inregistrering'),
	    felruta(),
	    h('div', { class: 'faltrad' },
		textfalt(FALT.personnummer, { namn: 'personnummer', obligatorisk: true,
		    storlek: 16, spellcheck: false,
		    hjalp: 'Kön och födelsedatum räknas fram ur personnumret.' }),
		datumfalt(FALT.startdatum, { namn: 'startdatum', obligatorisk: true,
		    hjalp: `ÅÅÅÅ-MM-DD, inom insatsens period ${datum(insats.startdatum)} – ` +
			`${insats.slutdatum ? datum(insats.slutdatum) : 'tills vidare'}.` })),
	    inFalt(null),
	    h('details', null, h('summary', null, 'Deltagandet är redan avslutat'),
		h('p', { class: 'hjalp' }, 'Fyll i uppgifterna vid avslut bara om ',
		    'deltagandet redan har slutat.'),
		utFalt(null, 'reg')),
	    h('div', { class: 'knappar' }, knapp('Registrera deltagandet')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		const kropp = utanTomma(Object.assign(
		    { personnummer: varde(form, 'personnummer') || '',
			startdatum: datumVarde(form, 'startdatum') || '' },
		    lasFalt(form, INFALT), lasFalt(form, UTFALT)));
		try {
			const d = await api('POST', `/insatser/${insats.id}/deltaganden`, kropp);
			const varn = (d.varningar || []).map((w) => w.meddelande).join(' ');
			meddelaEfter(`Deltagandet är registrerat.${varn ? ` Observera: ${varn}.` : ''}`);
			ga(`#/deltaganden/${d.id}`);
		} catch (e) {
			// An error in an exit field: show the exit part.
			if (e.falt && UTFALT.includes(e.falt))
				form.querySelector('details').open = true;
			visaFel(form, e.fel, { etiketter: FALT });
			if (e.falt === 'samtycke_datum')
				tillSamtycke(form);
		}
	});
	return form;
}

function deltagandeRader(poster, medInsats) {
	return poster.map((d) => [
		lank(`#/deltaganden/${d.id}`, pnr(d.personnummer)),
		medInsats ? lank(`#/insatser/${d.insats_id}/deltagare`, String(d.insats_id)) : null,
		kon(d.kon), heltal(d.alder_start), datum(d.startdatum),
		d.slutdatum ? datum(d.slutdatum) : 'Öppet',
		etikett('avslutsanledning', d.avslutsanledning),
		heltal(d.version),
	].filter((x) => x !== null));
}

function sokForm() {
	const resultat = h('div', { class: 'sokresultat', 'aria-live': 'polite' });
	const form = h('form', { class: 'formular', novalidate: true, role: 'search',
	    'aria-labelledby': 'rubrik-sok' },
	    h('h2', { id: 'rubrik-sok' }, 'Sök en persons deltaganden'),
	    h('p', null, 'Bara deltaganden i dina egna insatser visas.'),
	    felruta(),
	    h('div', { class: 'faltrad' },
		textfalt(FALT.personnummer, { namn: 'personnummer', obligatorisk: true,
		    storlek: 16, spellcheck: false }),
		h('div', { class: 'knappar' }, knapp('Sök'))));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		try {
			const r = await api('POST', '/deltagare/sok',
			    { personnummer: varde(form, 'personnummer') || '' });
			ersatt(resultat, r.poster.length === 0 ?
			    h('p', null, 'Inga deltaganden i dina insatser.') :
			    tabell(`Sökresultat (${r.totalt})`, ['Personnummer', 'Insats', 'Kön',
				'Ålder vid start', 'Startdatum', 'Slutdatum', 'Avslutsanledning',
				'Version'], deltagandeRader(r.poster, true),
			    { radhuvud: true, staplad: true, tal: [false, false, false, true, false, false, false, true] }));
		} catch (e) {
			visaFel(form, e.fel, { etiketter: FALT, rubrik: 'Sökningen misslyckades.' });
		}
	});
	return [form, resultat];
}

const URVAL = [
	['alla', 'Alla'],
	['oppna', 'Öppna'],
	['avslutade', 'Avslutade'],
	['oppna_efter_slut', 'Öppna fast insatsen har slutat'],
	['saknar_utdata', 'Avslutade som saknar uppgifter vid avslut'],
];

function urvalForm(insats, urval) {
	const form = h('form', { class: 'formular inline', 'aria-label': 'Urval' },
	    valfalt('Visa', { namn: 'urval', koder: URVAL.map(([kod, benamning]) =>
		({ kod, benamning })), varde: urval }),
	    knapp('Visa urvalet', { class: 'sekundar' }));
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		ga(`#/insatser/${insats.id}/deltagare${fraga({ urval: varde(form, 'urval') })}`);
	});
	return form;
}

export async function vyDeltagare(params, query) {
	const id = params.id;
	const urval = query.urval || 'alla';
	const sida = Number(query.sida) || 1;
	const [insats, l] = await Promise.all([
		api('GET', `/insatser/${encodeURIComponent(id)}`),
		api('GET', `/insatser/${encodeURIComponent(id)}/deltaganden${fraga({ urval, sida, per_sida: 50 })}`),
	]);
	const reg = registreringForm(insats);
	if (query.ny)
		window.setTimeout(() => {
			const f = document.querySelector('#samtycke input[name=personnummer]');
			if (f)
				f.focus();
		}, 0);
	const urvalNamn = (URVAL.find(([k]) => k === urval) || [urval, urval])[1];
	return [
		h('h1', null, `Deltagare i ${insats.namn} (${insats.kod})`),
		h('p', null, `Insatsens period: ${datum(insats.startdatum)} – `,
		    insats.slutdatum ? datum(insats.slutdatum) : 'tills vidare', '. ',
		    lank(`#/insatser/${insats.id}`, 'Om insatsen'), ' · ',
		    lank(`#/insatser/${insats.id}/anonyma`, 'Anonyma deltagare')),
		h('section', { 'aria-labelledby': 'rubrik-nytt', class: 'steg' },
		    h('h2', { id: 'rubrik-nytt', class: 'visuellt-dold' }, 'Nytt deltagande'),
		    samtyckeForm(insats, reg), reg),
		h('section', { 'aria-labelledby': 'rubrik-lista' },
		    h('h2', { id: 'rubrik-lista' }, 'Deltaganden'),
		    urvalForm(insats, urval),
		    l.poster.length === 0 ? h('p', null, `Inga deltaganden (${urvalNamn.toLowerCase()}).`) :
			tabell(`${urvalNamn}: ${heltal(l.totalt)} deltaganden`,
			    ['Personnummer', 'Kön', 'Ålder vid start', 'Startdatum', 'Slutdatum',
				'Avslutsanledning', 'Version'], deltagandeRader(l.poster, false),
			    { radhuvud: true, staplad: true, tal: [false, false, true, false, false, false, true] }),
		    sidor(l, (n) => `#/insatser/${id}/deltagare${fraga({ urval, sida: n })}`)),
		h('section', { 'aria-label': 'Sök' }, sokForm()),
	];
}

// ---- one participation ----

function utregForm(d) {
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-utreg', id: 'utregistrering' },
	    h('h2', { id: 'rubrik-utreg' }, 'Utregistrering'),
	    felruta(),
	    utFalt(null, 'ut'),
	    textfalt(FALT.orsak, { namn: 'orsak', varde: 'Utregistrering', obligatorisk: true }),
	    h('div', { class: 'knappar' }, knapp('Registrera avslutet')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		const kropp = Object.assign({ version: d.version,
		    orsak: varde(form, 'orsak') || '' }, utanTomma(lasFalt(form, UTFALT)));
		try {
			const n = await api('PATCH', `/deltaganden/${d.id}`, kropp);
			meddelaEfter(`Avslutet är registrerat (version ${n.version}).`);
			ga(`#/deltaganden/${d.id}`);
		} catch (e) {
			visaFel(form, e.fel, { etiketter: FALT });
		}
	});
	return form;
}

function rattelseForm(d) {
	const avslutat = Boolean(d.slutdatum);
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-rattelse', id: 'rattelse' },
	    h('h2', { id: 'rubrik-rattelse' }, 'Rätta uppgifter'),
	    h('p', null, 'En rättelse skriver aldrig över: den sparas som en ny version ',
		'med vem, när och varför. Startdatum går inte att ändra – markera i så fall ',
		'deltagandet som felregistrering och registrera det på nytt.'),
	    felruta(),
	    h('fieldset', { class: 'del' }, h('legend', null, 'Vid inregistrering'),
		inFalt(d)),
	    avslutat ? h('fieldset', { class: 'del' }, h('legend', null, 'Vid avslut'),
		utFalt(d, 'ratt')) : null,
	    textfalt(FALT.orsak, { namn: 'orsak', obligatorisk: true,
		hjalp: 'Varför uppgifterna ändras, t.ex. ”fel omfattning av arbete angavs”.' }),
	    h('div', { class: 'knappar' }, knapp('Spara rättelsen')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		const kropp = Object.assign({ version: d.version,
		    orsak: varde(form, 'orsak') || '' },
		lasFalt(form, avslutat ? INFALT.concat(UTFALT) : INFALT));
		try {
			const n = await api('PATCH', `/deltaganden/${d.id}`, kropp);
			meddelaEfter(n.andrad === false ? 'Inget ändrades: uppgifterna var redan desamma.' :
			    `Rättelsen är sparad (version ${n.version}).`);
			ga(`#/deltaganden/${d.id}`);
		} catch (e) {
			visaFel(form, e.fel, { etiketter: FALT });
		}
	});
	return form;
}

const JAMFOR = ['startdatum'].concat(INFALT, UTFALT);

function skillnader(fore, efter) {
	if (!fore)
		return 'Inregistrering';
	const l = [];
	for (const n of JAMFOR) {
		const a = JSON.stringify(fore.data[n]);
		const b = JSON.stringify(efter.data[n]);
		if (a !== b)
			l.push(h('li', null, `${FALT[n].replace(/ \(procent av heltid\)/, '')}: `,
			    `${visaVarde(n, fore.data[n])} → ${visaVarde(n, efter.data[n])}`));
	}
	if (fore.data.avidentifierad !== efter.data.avidentifierad)
		l.push(h('li', null, 'Avidentifierad'));
	return l.length ? h('ul', { class: 'andringar' }, l) : 'Inga ändrade uppgifter';
}

function historik(d) {
	const v = d.historik || [];
	const rader = v.map((x, i) => [
		heltal(x.version), x.andrad_av, tid(x.andrad_tid), x.orsak || STRECK,
		skillnader(i > 0 ? v[i - 1] : null, x),
	]);
	return h('section', { 'aria-labelledby': 'rubrik-historik' },
	    h('h2', { id: 'rubrik-historik' }, 'Versionshistorik'),
	    tabell(v.length === 1 ? 'En version' : `Alla ${v.length} versioner, äldst först`,
		['Version', 'Ändrad av', 'Tid', 'Orsak', 'Ändringar'], rader,
		{ radhuvud: true, staplad: true, class: 'historik' }));
}

export async function vyDeltagande(params) {
	const d = await api('GET', `/deltaganden/${encodeURIComponent(params.id)}`);
	const status = d.slutdatum ?
	    `Avslutat ${datum(d.slutdatum)} (${etikett('avslutsanledning', d.avslutsanledning).toLowerCase()})` :
	    `Öppet sedan ${datum(d.startdatum)}`;
	const rubrik = d.personnummer ? `Deltagande ${pnr(d.personnummer)}` :
	    'Avidentifierat deltagande';
	return [
		h('h1', null, rubrik),
		h('p', { class: 'status', id: 'deltagande-status' }, status, ` · version ${d.version}`),
		h('p', null, lank(`#/insatser/${d.insats_id}/deltagare`, 'Tillbaka till insatsens deltagare'),
		    ' · ', lank(`#/insatser/${d.insats_id}/deltagare?ny=1`, 'Registrera nästa deltagare')),
		uppgifter([
			['Kön', kon(d.kon)],
			['Ålder vid start', `${heltal(d.alder_start)} år`],
			[FALT.startdatum, datum(d.startdatum)],
		].concat(INFALT.concat(UTFALT).map((n) => [FALT[n], visaVarde(n, d[n])]))),
		d.slutdatum ? null : utregForm(d),
		d.avidentifierad ? null : rattelseForm(d),
		historik(d),
	];
}
