// SPDX-License-Identifier: ISC
// The finsam web UI: the page frame (menu per role, user, log out), the
// hash router and the focus handling between views.  Each view lives in
// js/vy-*.js and returns the DOM of its page; it never touches the
// frame.  Plain ES modules, no build step, no framework.

import { api, narUtloggad } from './js/api.js';
import { h, ersatt, meddela, rensaMeddelande, lank, markeraRullbara } from './js/dom.js';
import { laddaKoder, glomKoder } from './js/koder.js';
import * as session from './js/session.js';
import { vyInloggning } from './js/vy-inloggning.js';
import { vyStart } from './js/vy-start.js';
import { vyForbundLista, vyForbund } from './js/vy-forbund.js';
import { vyInsatser, vyForbundInsatser, vyInsats, vyNyInsats } from './js/vy-insatser.js';
import { vyDeltagare, vyDeltagande } from './js/vy-deltagare.js';
import { vyAnonyma } from './js/vy-anonyma.js';
import { vyImport } from './js/vy-import.js';
import { vyRapport } from './js/vy-rapport.js';
import { vyLogg } from './js/vy-logg.js';
import { vyAnalys, vyKopplingsprojekt, vyKorning } from './js/vy-analys.js';
import { vyAnalysDid } from './js/vy-analys-did.js';
import { vyTilldelning, vyTilldelningForbund } from './js/vy-tilldelning.js';
import { vyEkonomiVal, vyEkonomi, menyEkonomi } from './js/vy-ekonomi.js';
import { vyBidrag } from './js/vy-ekonomi-bidrag.js';
import { vyKalender } from './js/vy-ekonomi-kalender.js';
import { vyScenario } from './js/vy-scenario.js';

// Routes: pattern -> view.  Views get (params, query) and return a Node.
const vagar = [
	['/logga-in', vyInloggning, { oppen: true }],
	['/', vyStart],
	['/start', vyStart],
	['/forbund', vyForbundLista],
	['/forbund/:kod', vyForbund],
	['/forbund/:kod/insatser', vyForbundInsatser],
	['/forbund/:kod/insatser/ny', vyNyInsats],
	['/insatser', vyInsatser],
	['/insatser/:id', vyInsats],
	['/insatser/:id/deltagare', vyDeltagare],
	['/insatser/:id/anonyma', vyAnonyma],
	['/deltaganden/:id', vyDeltagande],
	['/import', vyImport],
	['/rapporter', vyRapport],
	['/logg', vyLogg],
	['/analys', vyAnalys],
	['/analys/projekt/:id', vyKopplingsprojekt],
	['/analys/korning/:id', vyKorning],
	['/analys/did', vyAnalysDid],
	['/tilldelning', vyTilldelning],
	['/tilldelning/:kod', vyTilldelningForbund],
	['/ekonomi', vyEkonomiVal],
	['/forbund/:kod/ekonomi', vyEkonomi],
	['/forbund/:kod/bidrag', vyBidrag],
	['/forbund/:kod/kalender', vyKalender],
	['/scenarier', vyScenario],
];

let renderNr = 0;
let forsta = true;
let efterInloggning = null;

function tolka(hash) {
	let s = hash.replace(/^#/, '');
	if (!s.startsWith('/'))
		s = '/';
	const [vag, q] = s.split('?');
	const query = Object.fromEntries(new URLSearchParams(q || ''));
	const delar = vag.split('/').filter(Boolean);
	for (const [monster, vy, opts] of vagar) {
		const m = monster.split('/').filter(Boolean);
		if (m.length !== delar.length)
			continue;
		const params = {};
		let ok = true;
		for (let i = 0; i < m.length && ok; i++) {
			if (m[i].startsWith(':'))
				params[m[i].slice(1)] = decodeURIComponent(delar[i]);
			else
				ok = m[i] === delar[i];
		}
		if (ok)
			return { vy, params, query, opts: opts || {}, vag };
	}
	return null;
}

export function ga(hash) {
	if (location.hash === hash)
		visa();
	else
		location.hash = hash;
}

// ---- the frame ----

function menyposter() {
	const p = [['#/start', 'Start']];
	if (session.har('systemadministrator') && session.roller().length === 1)
		return p;
	p.push(['#/forbund', 'Förbund']);
	p.push(['#/insatser', 'Insatser']);
	const da = session.tilldelningar('deltagaransvarig');
	if (da.length === 1)
		p.push([`#/insatser/${da[0].insats_id}/deltagare`, 'Deltagare']);
	else if (da.length > 1)
		p.push(['#/insatser', 'Deltagare']);
	if (session.har('forbundsadministrator') || session.har('deltagaransvarig') ||
	    session.har('insatsansvarig'))
		p.push(['#/import', 'Import']);
	if (session.har('forbundsadministrator'))
		p.push(['#/rapporter', 'Rapporter']);
	if (session.har('forbundsadministrator'))
		p.push(['#/logg', 'Logg']);
	if (session.har('analytiker'))
		p.push(['#/analys', 'Registerkoppling'], ['#/analys/did', 'Kommunjämförelse']);
	p.push(...menyEkonomi());
	// One entry per address.
	return p.filter((x, i) => p.findIndex((y) => y[0] === x[0]) === i);
}

function ritaRam() {
	const meny = document.getElementById('meny');
	const anv = document.getElementById('anvandare');
	const jag = session.nuvarande();
	if (!jag) {
		meny.hidden = true;
		ersatt(meny);
		ersatt(anv);
		return;
	}
	const aktuell = `#${tolka(location.hash) ? tolka(location.hash).vag : '/'}`;
	const ul = h('ul', null, menyposter().map(([href, text]) =>
	    h('li', null, lank(href, text, {
		'aria-current': aktuell === href ||
		    (href === '#/start' && aktuell === '#/') ? 'page' : null,
	    }))));
	ersatt(meny, h('div', { class: 'ram' }, ul));
	meny.hidden = false;
	const roll = session.roller().map((r) =>
	    r.benamning + (r.insats ? ` (${r.insats})` : r.forbund ? ` (${r.forbund})` : ''))
	    .join(', ');
	ersatt(anv,
	    h('p', { class: 'vem' }, 'Inloggad som ', h('strong', null, jag.anvandarnamn),
		roll ? h('span', { class: 'roll' }, ` – ${roll}`) : null),
	    h('button', { type: 'button', class: 'sekundar', id: 'logga-ut',
		onclick: loggaUt }, 'Logga ut'));
}

async function loggaUt() {
	try {
		await api('POST', '/utloggning', undefined, { tyst401: true });
	} catch (e) {
		// Already gone: the result is the same.
	}
	session.glom();
	glomKoder();
	ritaRam();
	ga('#/logga-in?utloggad=1');
}

// After a login (vy-inloggning): load who we are and the code lists.
export async function inloggad() {
	await session.laddaJag();
	await laddaKoder();
	ritaRam();
	const mal = efterInloggning;
	efterInloggning = null;
	ga(mal && !mal.startsWith('#/logga-in') ? mal : '#/start');
}

narUtloggad(() => {
	if (session.nuvarande()) {
		const h0 = location.hash;
		efterInloggning = h0 && !h0.startsWith('#/logga-in') ? h0 : null;
	}
	session.glom();
	glomKoder();
	ritaRam();
	ga('#/logga-in?utgangen=1');
});

// ---- rendering a view ----

function felsida(e) {
	const nekad = e && (e.status === 403 || e.status === 404);
	return [
		h('h1', null, nekad ? (e.status === 403 ? 'Åtkomst nekad' : 'Finns inte') :
		    'Något gick fel'),
		h('p', { class: 'fel-text', role: 'alert' },
		    e && e.meddelande ? e.meddelande : String(e)),
		h('p', null, lank('#/start', 'Till startsidan')),
	];
}

async function visa() {
	const nr = ++renderNr;
	const main = document.getElementById('innehall');
	const m = tolka(location.hash);
	if (!session.nuvarande() && !(m && m.opts.oppen)) {
		// Reload or first visit: is there a session already?
		try {
			await session.laddaJag({ tyst401: true });
			await laddaKoder();
		} catch (e) {
			if (nr !== renderNr)
				return;
			if (location.hash && location.hash !== '#/' &&
			    location.hash !== '#/start')
				efterInloggning = location.hash;
			ritaRam();
			// The hash change renders the login.
			location.replace('#/logga-in');
			return;
		}
	}
	if (nr !== renderNr)
		return;
	ritaRam();
	main.setAttribute('aria-busy', 'true');
	let innehall;
	const vy = m || tolka('#/');
	try {
		innehall = m ? await vy.vy(vy.params, vy.query) :
		    felsida({ status: 404, meddelande: 'Sidan finns inte.' });
	} catch (e) {
		if (e && e.status === 401)
			return;
		innehall = felsida(e);
	}
	if (nr !== renderNr)
		return;
	ersatt(main, innehall);
	main.removeAttribute('aria-busy');
	// Which render this is: tests wait for it to change.
	main.dataset.vy = String(nr);
	markeraRullbara(main);
	const h1 = main.querySelector('h1');
	document.title = h1 ? `${h1.textContent} – finsam` : 'finsam';
	if (!forsta) {
		rensaMeddelandeOmNy();
		if (h1) {
			h1.setAttribute('tabindex', '-1');
			h1.focus();
		}
	}
	forsta = false;
}

// A message set just before navigating survives the navigation once.
let behallMeddelande = false;
export function meddelaEfter(text) {
	behallMeddelande = true;
	meddela(text);
}
function rensaMeddelandeOmNy() {
	if (behallMeddelande)
		behallMeddelande = false;
	else
		rensaMeddelande();
}

function hoppa(ev) {
	ev.preventDefault();
	const main = document.getElementById('innehall');
	main.focus();
	main.scrollIntoView();
}

window.addEventListener('hashchange', visa);
window.addEventListener('resize', () => markeraRullbara(document.getElementById('innehall')));
window.addEventListener('DOMContentLoaded', () => {
	document.getElementById('hopplank').addEventListener('click', hoppa);
	// Tables added later (search results, import errors) too.
	const main = document.getElementById('innehall');
	new MutationObserver(() => markeraRullbara(main))
	    .observe(main, { childList: true, subtree: true });
	visa();
});
