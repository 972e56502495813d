// SPDX-License-Identifier: ISC
// Register linkage for the analytiker (evaluation.md): the linkage
// projects with their exports and runs, the export of the pseudonymised
// participation file, a new run (the participation file and the spell
// file uploaded one after the other, then the server computes while the
// page shows and politely announces its progress), and a run's result:
// mean net days before and after and the change with 95 % intervals,
// by benefit and broken down by sex, förbund or age group, with the
// chart drawn by the server.  Only pseudonyms and aggregates ever reach
// this page.

import { api, adress, fraga, laddaUpp } from './api.js';
import { h, tabell, textfalt, datumfalt, valfalt, knapp, felruta, visaFel, rensaFel,
	varde, datumVarde, heltalVarde, ersatt, lank, nyttId } from './dom.js';
import { heltal, decimal, tid, STRECK } from './fmt.js';
import { ga, meddelaEfter } from '../app.js';

export const FORMANER = [
	['sjukpenning', 'Sjukpenning'],
	['rehabiliteringspenning', 'Rehabiliteringspenning'],
	['sjukersattning', 'Sjukersättning'],
	['aktivitetsersattning', 'Aktivitetsersättning'],
	['aktivitetsstod', 'Aktivitetsstöd'],
	['a_kassa', 'A-kassa'],
	['forsorjningsstod', 'Försörjningsstöd'],
	['etableringsersattning', 'Etableringsersättning'],
];

const STATUS = {
	vantar: 'Väntar på periodfil',
	pagar: 'Beräknas',
	klar: 'Klar',
	stangd: 'Ersatt av en nyare körning',
};

const KON = { alla: 'Alla', k: 'Kvinnor', m: 'Män' };

const INTERVALL_MS = 500;

function formanNamn(kod) {
	const f = FORMANER.find(([k]) => k === kod);
	return f ? f[1] : kod;
}

function alderNamn(a) {
	return a === 'alla' ? 'Alla åldrar' : `${String(a).replace('-', '–')} år`;
}

// Days with one decimal; a signed change gets its sign.
function dagar(x, tecken) {
	if (x === null || x === undefined)
		return STRECK;
	const s = decimal(x, 1);
	return tecken && x > 0 && s !== '0,0' ? `+${s}` : s;
}

function intervall(m) {
	if (!m || m.ki_lag === null || m.ki_hog === null)
		return STRECK;
	return `${decimal(m.ki_lag, 1)} till ${decimal(m.ki_hog, 1)}`;
}

// A count as published: "<k" below the threshold, "dold" when hidden
// to protect another cell.
function antal(c, falt, k) {
	const v = c[falt];
	if (v !== null && v !== undefined)
		return heltal(v);
	if (c.sekundart_undertryckt && falt === 'n')
		return 'dold';
	if (falt === 'n' || !c.undertryckt)
		return `<${k}`;
	return STRECK;
}

function storlek(byte) {
	if (byte < 1024 * 1024)
		return `${decimal(byte / 1024, 1)} kB`;
	return `${decimal(byte / 1024 / 1024, 1)} MB`;
}

// ---- the project list ----

export async function vyAnalys() {
	const l = await api('GET', '/koppling/projekt');
	const rader = l.projekt.map((p) => [
		lank(`#/analys/projekt/${p.id}`, p.namn),
		tid(p.skapad_tid),
		heltal(p.exporter),
		p.senaste_export ? `${tid(p.senaste_export)} (${heltal(p.senaste_rader)} rader)` : STRECK,
		tid(p.resultat_tid),
	]);
	const form = h('form', { class: 'formular smal', novalidate: true,
	    'aria-labelledby': 'rubrik-nytt' },
	    h('h2', { id: 'rubrik-nytt' }, 'Nytt kopplingsprojekt'),
	    felruta(),
	    textfalt('Projektets namn', { namn: 'namn', obligatorisk: true,
		hjalp: 'Till exempel uppdraget och året. Varje projekt får en egen nyckel för pseudonymerna.' }),
	    h('div', { class: 'knappar' }, knapp('Skapa projektet')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		try {
			const p = await api('POST', '/koppling/projekt', { namn: varde(form, 'namn') || '' });
			meddelaEfter(`Projektet ${p.namn} är skapat.`);
			ga(`#/analys/projekt/${p.id}`);
		} catch (e) {
			visaFel(form, e.fel, { rubrik: 'Projektet skapades inte.' });
		}
	});
	return [
		h('h1', null, 'Registerkoppling'),
		h('p', { class: 'ingress' }, 'Förbundet exporterar en pseudonymiserad deltagandefil till ',
		    'registerhållaren och får tillbaka en periodfil med ersättningar under samma pseudonymer. ',
		    'Här räknas nettodagar med ersättning året före och året efter insatsen. ',
		    'Se också ', lank('#/analys/did', 'jämförelsen mellan kommuner'), '.'),
		rader.length ?
		    tabell('Kopplingsprojekt', ['Projekt', 'Skapat', 'Exporter', 'Senaste export', 'Senaste resultat'],
			rader, { radhuvud: true, tal: [false, false, true, false, false], staplad: true }) :
		    h('p', null, 'Det finns inga kopplingsprojekt än.'),
		form,
	];
}

// ---- one project ----

function urvalText(u) {
	if (!u)
		return STRECK;
	const d = [];
	if (u.forbund)
		d.push(`förbund ${u.forbund}`);
	if (u.fran || u.till)
		d.push(`start ${u.fran || '…'} – ${u.till || '…'}`);
	return d.length ? d.join(', ') : 'alla';
}

function korningRad(k) {
	return [
		k.status === 'klar' ? lank(`#/analys/korning/${k.id}`, `Körning ${k.id}`) : `Körning ${k.id}`,
		tid(k.skapad_tid),
		STATUS[k.status] || k.status,
		heltal(k.deltaganden),
		k.status === 'klar' ? heltal(k.perioder) : STRECK,
		k.fel ? k.fel.meddelande : STRECK,
	];
}

// Download text as a file without leaving the page.
function spara(text, filnamn) {
	const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
	const a = h('a', { href: url, download: filnamn, hidden: true });
	document.body.appendChild(a);
	a.click();
	a.remove();
	window.setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function exportForm(p, forbund) {
	const form = h('form', { class: 'formular', novalidate: true, 'aria-labelledby': 'rubrik-export' },
	    h('h2', { id: 'rubrik-export' }, 'Exportera deltagandefilen'),
	    h('p', { class: 'hjalp' }, 'Filen har en rad per deltagande: pseudonym, insats, förbund, kön, ',
		'ålder vid start, startdatum och slutdatum. Den innehåller inga personnummer, ',
		'och varje export loggas.'),
	    felruta(),
	    h('div', { class: 'faltrad' },
		valfalt('Förbund', { namn: 'forbund', koder: forbund, tomText: 'Alla förbund' }),
		datumfalt('Startdatum från och med', { namn: 'fran' }),
		datumfalt('Startdatum till och med', { namn: 'till' })),
	    h('div', { class: 'knappar' }, knapp('Exportera')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		const kropp = {};
		for (const [falt, v] of [['forbund', varde(form, 'forbund')],
		    ['fran', datumVarde(form, 'fran')], ['till', datumVarde(form, 'till')]])
			if (v !== null)
				kropp[falt] = v;
		try {
			const text = await api('POST', `/koppling/projekt/${p.id}/export`, kropp);
			spara(text, `koppling-${p.id}-deltagande.csv`);
			const n = Math.max(0, String(text).split('\n').filter(Boolean).length - 1);
			meddelaEfter(`Exporterade ${heltal(n)} deltaganden.`);
			ga(`#/analys/projekt/${p.id}?exporterat=${n}`);
		} catch (e) {
			visaFel(form, e.fel, { rubrik: 'Filen exporterades inte.' });
		}
	});
	return form;
}

// The progress of a run: a progress bar and a status line that screen
// readers hear politely, every tenth of the way.
function framstegsruta() {
	const bar = h('progress', { max: 100, 'aria-label': 'Beräkningens framsteg' });
	bar.removeAttribute('value');
	const text = h('p', { role: 'status', class: 'framstegstext' });
	const ruta = h('div', { class: 'framsteg', id: 'framsteg', hidden: true }, bar, text);
	let sagt = -1;
	return {
		ruta,
		visa(t, procent) {
			ruta.hidden = false;
			if (procent === null || procent === undefined)
				bar.removeAttribute('value');
			else
				bar.value = procent;
			const steg = procent === null || procent === undefined ? -1 :
			    Math.floor(procent / 10);
			// Announce each new tenth (and every new phase) once.
			if (steg !== sagt || procent === null) {
				sagt = steg;
				ersatt(text, t);
			}
		},
	};
}

// Poll run id until it is not computing; resolves with the last answer.
async function folj(id, fr) {
	for (;;) {
		const k = await api('GET', `/koppling/korningar/${id}`);
		if (k.status !== 'pagar')
			return k;
		const f = k.framsteg;
		const pct = f && f.totalt ? f.procent : null;
		fr.visa(pct === null ? 'Servern räknar …' :
		    `Beräknar: ${heltal(pct)} % av periodfilen (${storlek(f.klart)} av ${storlek(f.totalt)}).`, pct);
		if (!fr.ruta.isConnected)
			return k;
		await new Promise((r) => window.setTimeout(r, INTERVALL_MS));
	}
}

function filfalt(etikett, namn, hjalp) {
	const id = nyttId(namn);
	return h('div', { class: 'falt', 'data-falt': namn },
	    h('label', { for: id }, etikett, h('span', { class: 'obl' }, ' (obligatorisk)')),
	    h('p', { class: 'hjalp', id: `${id}-hjalp` }, hjalp),
	    h('input', { type: 'file', id, name: namn, accept: '.csv,text/csv',
		'aria-describedby': `${id}-hjalp`, required: true }));
}

function berakningsForm(p, vantande) {
	const fr = framstegsruta();
	const form = h('form', { class: 'formular', novalidate: true, 'aria-labelledby': 'rubrik-berakna' },
	    h('h2', { id: 'rubrik-berakna' }, 'Ny beräkning'),
	    h('p', { class: 'hjalp' }, 'Skicka deltagandefilen och periodfilen från registerhållaren. ',
		'Filerna innehåller bara pseudonymer. Större filer än servern tar emot räknas med ',
		'kommandot finsam koppling berakna.'),
	    felruta(),
	    filfalt('Deltagandefil', 'deltagande',
		'pseudonym, insats_kod, forbund_kod, kon, alder_vid_start, startdatum, slutdatum'),
	    filfalt('Periodfil', 'perioder', 'pseudonym, forman, from, tom, omfattning (25, 50, 75 eller 100)'),
	    h('div', { class: 'faltrad' },
		datumfalt('Registret täcker från', { namn: 'tackning_fran',
		    hjalp: 'ÅÅÅÅ-MM-DD. Tomt: ingen gräns.' }),
		datumfalt('Registret täcker till och med', { namn: 'tackning_tom',
		    hjalp: 'ÅÅÅÅ-MM-DD. Tomt: periodfilens sista dag.' }),
		textfalt('Minsta antal per cell', { namn: 'min_antal', varde: 5, inputmode: 'numeric',
		    storlek: 5, hjalp: 'Celler med färre deltaganden visas inte.' })),
	    h('div', { class: 'knappar' }, knapp('Beräkna')),
	    fr.ruta);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		const delt = form.elements.namedItem('deltagande').files[0];
		const per = form.elements.namedItem('perioder').files[0];
		if (!delt) {
			visaFel(form, { falt: 'deltagande', meddelande: 'välj deltagandefilen' });
			return;
		}
		if (!per) {
			visaFel(form, { falt: 'perioder', meddelande: 'välj periodfilen' });
			return;
		}
		const knappen = form.querySelector('button[type=submit]');
		knappen.disabled = true;
		const q = fraga({ tackning_fran: datumVarde(form, 'tackning_fran'),
		    tackning_tom: datumVarde(form, 'tackning_tom'), min_antal: heltalVarde(form, 'min_antal') });
		let steg = 'deltagande';
		try {
			fr.visa(`Skickar deltagandefilen (${storlek(delt.size)}) …`, null);
			const k = await laddaUpp(`/koppling/projekt/${p.id}/korningar${q}`, delt);
			steg = 'perioder';
			await laddaUpp(`/koppling/korningar/${k.id}/perioder`, per, (klar, totalt) => {
				const pct = totalt ? Math.floor(100 * klar / totalt) : null;
				fr.visa(pct === null || pct >= 100 ? 'Periodfilen är skickad.' :
				    `Skickar periodfilen: ${heltal(pct)} % av ${storlek(totalt)}.`, pct);
			}, 'PUT');
			const slut = await folj(k.id, fr);
			if (slut.status === 'klar') {
				meddelaEfter('Beräkningen är klar.');
				ga(`#/analys/korning/${k.id}`);
				return;
			}
			fr.ruta.hidden = true;
			if (slut.fel)
				visaFel(form, { falt: 'perioder', meddelande: slut.fel.meddelande },
				    { rubrik: 'Periodfilen räknades inte.' });
		} catch (e) {
			fr.ruta.hidden = true;
			const fel = e.fel || { meddelande: String(e) };
			// A bad row of a file: next to that file's field.
			const falt = ['tackning_fran', 'tackning_tom', 'min_antal'].includes(fel.falt) ?
			    fel.falt : steg;
			visaFel(form, { falt, meddelande: fel.falt && falt !== fel.falt ?
			    `${fel.falt}: ${fel.meddelande}` : fel.meddelande },
			    { rubrik: 'Beräkningen gjordes inte.' });
		} finally {
			knappen.disabled = false;
		}
	});
	if (vantande && vantande.fel)
		window.setTimeout(() => visaFel(form, { falt: 'perioder', meddelande: vantande.fel.meddelande },
		    { rubrik: `Körning ${vantande.id} räknades inte.` }), 0);
	return { form, fr };
}

export async function vyKopplingsprojekt(params) {
	const p = await api('GET', `/koppling/projekt/${encodeURIComponent(params.id)}`);
	let forbund = [];
	try {
		const l = await api('GET', `/forbund${fraga({ per_sida: 500 })}`);
		forbund = l.poster.map((f) => ({ kod: f.kod, benamning: `${f.namn} (${f.kod})` }));
	} catch (e) {
		if (e.status === 401)
			throw e;
	}
	const pagar = p.korningar.find((k) => k.status === 'pagar');
	const vantande = p.korningar.find((k) => k.status === 'vantar');
	const { form, fr } = berakningsForm(p, vantande);
	if (pagar) {
		// A computation started earlier (or in another tab): follow it.
		window.setTimeout(async () => {
			const slut = await folj(pagar.id, fr).catch(() => null);
			if (slut && slut.status === 'klar' && fr.ruta.isConnected)
				ga(`#/analys/korning/${pagar.id}`);
		}, 0);
	}
	return [
		h('p', { class: 'brodsmula' }, lank('#/analys', 'Registerkoppling'), ' › ', p.namn),
		h('h1', null, `Kopplingsprojekt: ${p.namn}`),
		h('p', null, `Skapat ${tid(p.skapad_tid)} av ${p.skapad_av}.`),
		exportForm(p, forbund),
		p.exporter.length ?
		    tabell('Exporter', ['Tid', 'Av', 'Rader', 'Urval'],
			p.exporter.map((e) => [tid(e.tid), e.av, heltal(e.rader), urvalText(e.urval)]),
			{ tal: [false, false, true, false], staplad: true }) :
		    h('p', null, 'Ingen export är gjord än.'),
		form,
		p.korningar.length ?
		    tabell('Beräkningar', ['Körning', 'Skapad', 'Status', 'Deltaganden', 'Perioder', 'Senaste fel'],
			p.korningar.map(korningRad),
			{ radhuvud: true, tal: [false, false, false, true, true, false], staplad: true }) :
		    h('p', null, 'Inga beräkningar är gjorda än.'),
	];
}

// ---- a run's result ----

function cellRad(etikett, c, k) {
	if (!c)
		return [etikett, '0', STRECK, STRECK, STRECK, STRECK, STRECK, STRECK, STRECK, STRECK];
	return [
		etikett,
		antal(c, 'n', k),
		dagar(c.fore.medel), intervall(c.fore),
		dagar(c.efter.medel), intervall(c.efter),
		dagar(c.forandring.medel, true), intervall(c.forandring),
		antal(c, 'n_med_fore', k), antal(c, 'n_med_efter', k),
	];
}

const KOLUMNER = ['', 'Antal', 'Medel före', '95 % KI före', 'Medel efter', '95 % KI efter',
	'Förändring', '95 % KI förändring', 'Med dagar före', 'Med dagar efter'];
const TAL = [false, true, true, true, true, true, true, true, true, true];

function hitta(r, forman, kon, forbund, alder) {
	return r.celler.find((c) => c.forman === forman && c.kon === kon &&
	    c.forbund === forbund && c.aldersgrupp === alder) || null;
}

function uppdelning(r, forman, efter) {
	const k = r.min_antal;
	const varden = efter === 'kon' ? ['alla', 'k', 'm'] :
	    ['alla'].concat([...new Set(r.celler.map((c) => (efter === 'forbund' ? c.forbund : c.aldersgrupp)))]
		.filter((v) => v !== 'alla').sort());
	const namn = (v) => (efter === 'kon' ? KON[v] : efter === 'forbund' ?
	    (v === 'alla' ? 'Alla förbund' : v) : alderNamn(v));
	const rader = varden.map((v) => cellRad(namn(v), hitta(r, forman,
	    efter === 'kon' ? v : 'alla', efter === 'forbund' ? v : 'alla',
	    efter === 'aldersgrupp' ? v : 'alla'), k));
	const rubrik = { kon: 'kön', forbund: 'förbund', aldersgrupp: 'åldersgrupp' }[efter];
	const kol = KOLUMNER.slice();
	kol[0] = rubrik[0].toUpperCase() + rubrik.slice(1);
	return tabell(`${formanNamn(forman)} efter ${rubrik}, nettodagar per deltagande`, kol, rader,
	    { radhuvud: true, tal: TAL, staplad: true, class: 'koppling' });
}

export async function vyKorning(params) {
	const id = encodeURIComponent(params.id);
	const k = await api('GET', `/koppling/korningar/${id}`);
	const brod = h('p', { class: 'brodsmula' }, lank('#/analys', 'Registerkoppling'), ' › ',
	    lank(`#/analys/projekt/${k.projekt_id}`, 'Projektet'), ' › ', `Körning ${k.id}`);
	if (k.status !== 'klar')
		return [brod, h('h1', null, `Körning ${k.id}`),
		    h('p', null, `Status: ${STATUS[k.status] || k.status}.`),
		    k.fel ? h('p', { class: 'fel-text' }, k.fel.meddelande) : null,
		    h('p', null, lank(`#/analys/projekt/${k.projekt_id}`, 'Till projektet'))];
	const r = await api('GET', `/koppling/korningar/${id}/resultat`);
	const anvanda = FORMANER.filter(([f]) => {
		const c = hitta(r, f, 'alla', 'alla', 'alla');
		return c && (c.n_med_fore !== 0 || c.n_med_efter !== 0);
	});
	const alla = tabell('Alla deltaganden, nettodagar per deltagande året före och året efter',
	    ['Förmån'].concat(KOLUMNER.slice(1)),
	    FORMANER.map(([f, namn]) => cellRad(namn, hitta(r, f, 'alla', 'alla', 'alla'), r.min_antal)),
	    { radhuvud: true, tal: TAL, staplad: true, class: 'koppling' });
	alla.id = 'tabell-alla';
	const val = h('form', { class: 'formular', novalidate: true, 'aria-labelledby': 'rubrik-uppdelning' },
	    h('h2', { id: 'rubrik-uppdelning' }, 'Uppdelning'),
	    h('div', { class: 'faltrad' },
		valfalt('Förmån', { namn: 'forman', koder: FORMANER.map(([kod, benamning]) => ({ kod, benamning })),
		    varde: (anvanda[0] || FORMANER[0])[0] }),
		valfalt('Dela upp efter', { namn: 'efter', varde: 'kon', koder: [
		    { kod: 'kon', benamning: 'Kön' }, { kod: 'forbund', benamning: 'Förbund' },
		    { kod: 'aldersgrupp', benamning: 'Åldersgrupp' }] })));
	const plats = h('div', { id: 'uppdelning', 'aria-live': 'polite' });
	const rita = () => ersatt(plats, uppdelning(r, varde(val, 'forman'), varde(val, 'efter')));
	val.addEventListener('change', rita);
	val.addEventListener('submit', (ev) => ev.preventDefault());
	rita();
	const u = r.uteslutna;
	return [
		brod,
		h('h1', null, `Resultat av körning ${k.id}`),
		h('ul', { class: 'summering' },
		    h('li', null, `${heltal(r.deltaganden)} deltaganden, varav ${heltal(r.anvanda)} med båda åren täckta av registret.`),
		    h('li', null, `Utelämnade: ${heltal(u.pagaende)} pågående, ${heltal(u.efter_ofullstandigt)} där året efter inte är täckt, ${heltal(u.fore_ofullstandigt)} där året före inte är täckt.`),
		    h('li', null, `Periodfilen: ${heltal(r.perioder.rader)} perioder, ${heltal(r.perioder.deltagare)} för deltagarna; registret täcker ${r.tackning.fran || 'från början'} – ${r.tackning.tom}.`),
		    h('li', null, `Celler med färre än ${heltal(r.min_antal)} deltaganden visas som <${r.min_antal}; `,
			'”dold” betyder att cellen döljs så att en liten grupp inte kan räknas fram ur summorna.')),
		alla,
		h('figure', { class: 'diagram' },
		    h('img', { src: adress(`/koppling/korningar/${id}/svg`),
			alt: 'Stapeldiagram: medel av nettodagar året före och året efter per förmån, med 95 % konfidensintervall, samma siffror som tabellen ovan.' }),
		    h('figcaption', null, 'Nettodagar med ersättning året före start och året efter avslut, alla deltaganden.')),
		val,
		plats,
	];
}
