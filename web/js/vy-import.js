// SPDX-License-Identifier: ISC
// CSV import by upload, all or nothing.  First a preview
// (?forhandsgranska=1): the server runs the whole import and rolls it
// back, so every bad row is listed by line, column and reason before
// anything is stored.  Then the real import, with the upload's progress.

import { laddaUpp } from './api.js';
import { h, tabell, knapp, felruta, visaFel, rensaFel, ersatt, meddela, nyttId } from './dom.js';
import { heltal, decimal } from './fmt.js';
import * as session from './session.js';

const SORTER = [
	{ kod: 'forbund', namn: 'Förbund', roller: ['forbundsadministrator'],
	    kolumner: 'forbund_kod, namn, organisationsnummer, startdatum, kommuner' },
	{ kod: 'insatser', namn: 'Insatser', roller: ['forbundsadministrator', 'insatsansvarig'],
	    kolumner: 'insats_kod, forbund_kod, namn, inriktning, preciserad_inriktning, uppfoljning, startdatum, slutdatum' },
	{ kod: 'deltagande', namn: 'Deltaganden', roller: ['deltagaransvarig'],
	    kolumner: 'insats_kod, personnummer, samtycke_datum, startdatum, utbildning, offentlig_forsorjning_tid, forsorjning_fore, arbete_fore, studier_fore, slutdatum, avslutsanledning, forsorjning_efter, arbete_efter, studier_efter' },
	{ kod: 'anonyma', namn: 'Anonyma deltagare', roller: ['forbundsadministrator', 'insatsansvarig', 'deltagaransvarig'],
	    kolumner: 'insats_kod, ar, kvinnor, man' },
];

function storlek(byte) {
	if (byte < 1024)
		return `${heltal(byte)} byte`;
	if (byte < 1024 * 1024)
		return `${decimal(byte / 1024, 1)} kB`;
	return `${decimal(byte / 1024 / 1024, 1)} MB`;
}

function summering(r, forhand) {
	return h('ul', { class: 'summering' },
	    h('li', null, `${heltal(r.antal_rader)} ${r.antal_rader === 1 ? 'rad' : 'rader'} lästa`),
	    h('li', null, `${heltal(r.nya)} nya`),
	    h('li', null, `${heltal(r.andrade)} ändrade`),
	    h('li', null, `${heltal(r.oforandrade)} oförändrade`),
	    r.varningar ? h('li', null, `${heltal(r.varningar)} varningar (t.ex. ålder utanför 16–64 år)`) :
		null,
	    forhand ? h('li', null, h('strong', null, 'Inget är sparat än.')) : null);
}

// A message as a sentence: capital first letter, full stop last.
function mening(t) {
	const s = String(t || '').trim();
	if (!s)
		return s;
	const m = s[0].toUpperCase() + s.slice(1);
	return /[.!?]$/.test(m) ? m : `${m}.`;
}

function felTabell(rader) {
	return tabell(`${heltal(rader.length)} fel i filen`,
	    ['Rad', 'Kolumn', 'Fel'],
	    rader.map((r) => [r.rad === null ? 'Hela filen' : heltal(r.rad),
		r.kolumn || '–', r.meddelande]),
	    { radhuvud: true, class: 'feltabell' });
}

export async function vyImport() {
	const sorter = SORTER.filter((s) => s.roller.some((r) => session.har(r)));
	if (sorter.length === 0)
		return [h('h1', null, 'Importera från CSV'),
		    h('p', null, 'Din roll får inte importera något.')];
	const filId = nyttId('fil');
	const resultat = h('div', { class: 'importresultat' });
	const framsteg = h('div', { class: 'framsteg', 'aria-live': 'polite' });
	let granskad = null;	// {sort, fil} after a preview without errors
	const sortGrupp = h('fieldset', { class: 'falt grupp', 'data-falt': 'typ' },
	    h('legend', null, 'Vad filen innehåller'),
	    h('div', { class: 'radio' }, sorter.map((s, i) => {
		const id = nyttId(`typ-${s.kod}`);
		return h('div', { class: 'kryssrad' },
		    h('input', { type: 'radio', name: 'typ', id, value: s.kod, checked: i === 0 }),
		    h('label', { for: id }, s.namn),
		    h('p', { class: 'hjalp kolumner' }, `Kolumner: ${s.kolumner}`));
	    })));
	const importKnapp = h('button', { type: 'button', hidden: true, class: 'primar',
	    id: 'importera' }, 'Importera');
	const form = h('form', { class: 'formular', novalidate: true,
	    'aria-labelledby': 'rubrik-fil' },
	    h('h2', { id: 'rubrik-fil' }, '1. Välj fil och granska'),
	    felruta(),
	    sortGrupp,
	    h('div', { class: 'falt', 'data-falt': 'fil' },
		h('label', { for: filId }, 'CSV-fil', h('span', { class: 'obl' }, ' (obligatorisk)')),
		h('p', { class: 'hjalp', id: `${filId}-hjalp` },
		    'UTF-8, rubrikrad först, komma eller semikolon mellan fälten, datum ÅÅÅÅ-MM-DD.'),
		h('input', { type: 'file', id: filId, name: 'fil', accept: '.csv,text/csv',
		    'aria-describedby': `${filId}-hjalp`, required: true })),
	    h('div', { class: 'knappar' }, knapp('Granska filen')));

	function valdSort() {
		const c = form.querySelector('input[name=typ]:checked');
		return c ? c.value : sorter[0].kod;
	}

	function visaFramsteg(text, klar, totalt) {
		const p = h('progress', { max: totalt || null, value: totalt ? klar : null,
		    'aria-label': 'Uppladdning' });
		if (!totalt)
			p.removeAttribute('value');
		ersatt(framsteg, p, h('p', null, text));
	}

	async function skicka(forhand) {
		const fil = forhand ? form.elements.namedItem('fil').files[0] : granskad.fil;
		const sort = forhand ? valdSort() : granskad.sort;
		const vag = `/import/${sort}${forhand ? '?forhandsgranska=1' : ''}`;
		visaFramsteg(`Skickar ${fil.name} (${storlek(fil.size)}) …`, 0, fil.size);
		return laddaUpp(vag, fil, (klar, totalt) => {
			if (totalt && klar < totalt)
				visaFramsteg(`Skickat ${decimal(100 * klar / totalt, 0)} % av ${storlek(totalt)} …`,
				    klar, totalt);
			else
				visaFramsteg(forhand ? 'Servern granskar filen …' :
				    'Servern läser in filen …', 0, 0);
		});
	}

	function visaSvarsfel(e) {
		if (e.extra && Array.isArray(e.extra.rader)) {
			ersatt(resultat,
			    h('h2', { id: 'rubrik-resultat', tabindex: '-1' }, 'Filen har fel – inget har sparats'),
			    h('p', null, mening(e.meddelande), ' Rätta raderna nedan i filen och granska igen.'),
			    felTabell(e.extra.rader));
			resultat.querySelector('h2').focus();
		} else
			visaFel(form, e.fel, { etiketter: { fil: 'Fil' } });
	}

	form.addEventListener('change', (ev) => {
		if (ev.target.name === 'fil' || ev.target.name === 'typ') {
			granskad = null;
			importKnapp.hidden = true;
			ersatt(resultat);
			ersatt(framsteg);
		}
	});
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		ersatt(resultat);
		importKnapp.hidden = true;
		granskad = null;
		const fil = form.elements.namedItem('fil').files[0];
		if (!fil) {
			visaFel(form, { falt: 'fil', meddelande: 'välj en fil att granska' });
			return;
		}
		try {
			const r = await skicka(true);
			ersatt(framsteg);
			granskad = { sort: valdSort(), fil };
			ersatt(resultat,
			    h('h2', { id: 'rubrik-resultat', tabindex: '-1' }, '2. Filen är granskad – inga fel'),
			    summering(r, true),
			    h('p', null, 'Tryck på Importera för att spara allt.'),
			    importKnapp);
			importKnapp.hidden = false;
			resultat.querySelector('h2').focus();
		} catch (e) {
			ersatt(framsteg);
			visaSvarsfel(e);
		}
	});
	importKnapp.addEventListener('click', async () => {
		if (!granskad)
			return;
		importKnapp.disabled = true;
		try {
			const r = await skicka(false);
			ersatt(framsteg);
			ersatt(resultat,
			    h('h2', { id: 'rubrik-resultat', tabindex: '-1' }, 'Importen är klar'),
			    summering(r, false));
			granskad = null;
			meddela(`Importen är klar: ${heltal(r.antal_rader)} ${r.antal_rader === 1 ? 'rad' : 'rader'}.`);
			resultat.querySelector('h2').focus();
		} catch (e) {
			ersatt(framsteg);
			visaSvarsfel(e);
		} finally {
			importKnapp.disabled = false;
		}
	});
	return [
		h('h1', null, 'Importera från CSV'),
		h('p', null, 'En import är allt eller inget: har någon rad fel sparas ingenting, ',
		    'och alla felaktiga rader listas med radnummer, kolumn och orsak. ',
		    'Samma fil två gånger ger inga dubbletter.'),
		form, framsteg, resultat,
	];
}
