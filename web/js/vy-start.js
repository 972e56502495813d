// SPDX-License-Identifier: ISC
// The start page: what needs doing for this user (the to-do list of GET
// /jag: open participations past their insats' end, participations
// missing exit data, insatser ended without a decision on what follows),
// for the förbundsadministratör the calendar and what the board lacks,
// and a short way into the work of each role.

import { api } from './api.js';
import { h, lank } from './dom.js';
import { heltal } from './fmt.js';
import * as session from './session.js';
import { kalenderStart } from './vy-ekonomi-kalender.js';

const ATT_GORA = {
	oppna_efter_slut: {
		rubrik: (n) => `${heltal(n)} ${n === 1 ? 'öppet deltagande' :
		    'öppna deltaganden'} fast insatsen har slutat`,
		lank: (p) => `#/insatser/${p.insats_id}/deltagare?urval=oppna_efter_slut`,
		gor: 'Registrera slutdatum och uppgifter vid avslut',
	},
	saknar_utdata: {
		rubrik: (n) => `${heltal(n)} ${n === 1 ? 'avslutat deltagande saknar' :
		    'avslutade deltaganden saknar'} uppgifter vid avslut`,
		lank: (p) => `#/insatser/${p.insats_id}/deltagare?urval=saknar_utdata`,
		gor: 'Komplettera försörjning, arbete och studier efter avslut',
	},
	insats_utan_beslut: {
		rubrik: () => 'Insatsen har slutat utan beslut om vad som följer',
		lank: (p) => `#/insatser/${p.insats_id}?fokus=beslut`,
		gor: 'Ange om insatsen implementeras, förlängs eller avvecklas',
	},
};

function attGora(poster) {
	if (!poster || poster.length === 0)
		return h('p', { class: 'klart' }, 'Inget att göra just nu.');
	return h('ul', { class: 'attgora' }, poster.map((p) => {
		const t = ATT_GORA[p.typ];
		const rubrik = t ? t.rubrik(p.antal) : p.text;
		const href = t ? t.lank(p) : `#/insatser/${p.insats_id}`;
		return h('li', null,
		    h('a', { href }, `${p.insats_kod}: ${rubrik}`),
		    t ? h('p', { class: 'hjalp' }, t.gor) : null);
	}));
}

function uppdrag() {
	const delar = [];
	const da = session.tilldelningar('deltagaransvarig');
	if (da.length > 0)
		delar.push(h('section', { 'aria-labelledby': 'rubrik-delt' },
		    h('h2', { id: 'rubrik-delt' }, 'Deltagare'),
		    h('ul', null, da.map((r) => h('li', null,
			lank(`#/insatser/${r.insats_id}/deltagare`,
			    `Registrera och följ upp deltagare i ${r.insats}`),
			` (${r.forbund})`)))));
	const ia = session.tilldelningar('insatsansvarig');
	if (ia.length > 0)
		delar.push(h('section', { 'aria-labelledby': 'rubrik-ins' },
		    h('h2', { id: 'rubrik-ins' }, 'Dina insatser'),
		    h('ul', null, ia.map((r) => h('li', null,
			lank(`#/insatser/${r.insats_id}`, `Insatsen ${r.insats}`),
			' – ', lank(`#/insatser/${r.insats_id}/anonyma`,
			    'anonyma deltagare och antal'))))));
	const fa = session.tilldelningar('forbundsadministrator');
	if (fa.length > 0)
		delar.push(h('section', { 'aria-labelledby': 'rubrik-fa' },
		    h('h2', { id: 'rubrik-fa' }, 'Förbundet'),
		    fa.map((r) => h('ul', null,
			h('li', null, lank(`#/forbund/${encodeURIComponent(r.forbund)}`,
			    `Förbundet ${r.forbund}: uppgifter och medlemmar`)),
			h('li', null, lank(`#/forbund/${encodeURIComponent(r.forbund)}/insatser`,
			    'Insatser: lista och ny insats')),
			h('li', null, lank(`#/rapporter?forbund=${encodeURIComponent(r.forbund)}`,
			    'Utfallsrapport')),
			h('li', null, lank('#/import', 'Importera från CSV')),
			h('li', null, lank(`#/logg?forbund=${encodeURIComponent(r.forbund)}`,
			    'Granskningslogg: vem har läst vad'))))));
	const la = session.tilldelningar('lasare');
	if (la.length > 0)
		delar.push(h('section', { 'aria-labelledby': 'rubrik-la' },
		    h('h2', { id: 'rubrik-la' }, 'Läsa'),
		    h('ul', null, la.map((r) => h('li', null,
			lank(`#/forbund/${encodeURIComponent(r.forbund)}/insatser`,
			    `Förbundet ${r.forbund} och dess insatser`))))));
	if (session.har('analytiker'))
		delar.push(h('section', { 'aria-labelledby': 'rubrik-an' },
		    h('h2', { id: 'rubrik-an' }, 'Analys'),
		    h('ul', null, h('li', null, lank('#/forbund', 'Alla förbund')),
			h('li', null, lank('#/insatser', 'Alla insatser')))));
	if (session.har('systemadministrator'))
		delar.push(h('section', { 'aria-labelledby': 'rubrik-sa' },
		    h('h2', { id: 'rubrik-sa' }, 'Systemadministration'),
		    h('p', null, 'Användare, roller och nycklar hanteras med ',
			h('code', null, 'finsam anvandare'), ' på servern. ',
			'Systemadministratören ser inga deltagaruppgifter.')));
	if (delar.length === 0)
		delar.push(h('p', null, 'Du har ännu ingen roll. Be förbundets ',
		    'administratör om behörighet.'));
	return delar;
}

// The board of each förbund the user administers, when it does not meet
// its rules today (GET /forbund/{kod}/styrelse): how many findings, and
// the way to the förbund page where they are listed and put right.
async function styrelseStart() {
	const fa = session.tilldelningar('forbundsadministrator');
	if (fa.length === 0)
		return null;
	const rader = [];
	for (const r of fa) {
		const kod = encodeURIComponent(r.forbund);
		let s;
		try {
			s = await api('GET', `/forbund/${kod}/styrelse`);
		} catch (e) {
			if (e.status === 401)
				throw e;
			rader.push(h('li', { class: 'fel-text' }, `${r.forbund}: ${e.meddelande}`));
			continue;
		}
		if (!s.uppfyller_reglerna)
			rader.push(h('li', null, lank(`#/forbund/${kod}`,
			    `${r.forbund}: styrelsen uppfyller inte reglerna ` +
			    `(${heltal(s.brister.length)} ${s.brister.length === 1 ? 'brist' : 'brister'})`)));
	}
	if (rader.length === 0)
		return null;
	return h('section', { 'aria-labelledby': 'rubrik-styrelse-start', class: 'kort' },
	    h('h2', { id: 'rubrik-styrelse-start' }, 'Styrelsen'),
	    h('ul', { 'data-styrelse-start': '' }, rader));
}

export async function vyStart() {
	const jag = await session.laddaJag();
	return [
		h('h1', null, 'Start'),
		h('p', { class: 'ingress' }, `Välkommen, ${jag.anvandarnamn}.`),
		h('section', { 'aria-labelledby': 'rubrik-attgora', class: 'kort' },
		    h('h2', { id: 'rubrik-attgora' }, 'Att göra'),
		    attGora(jag.att_gora)),
		await kalenderStart(),
		await styrelseStart(),
		uppdrag(),
	];
}
