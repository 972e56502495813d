// SPDX-License-Identifier: ISC
// Browser test of the analytiker's pages (web/js/vy-analys*.js), run by
// tests/integration/t7003-browser-analys.sh against a real `finsam
// serve`: log in, create a linkage project, export the pseudonymised
// participation file, run a linkage on generated register files (the
// progress shown and announced), see the result table with every
// headline figure equal to what `finsam koppling berakna --format json`
// gave for the same files, the server's chart and a breakdown by sex;
// then upload a small kommun panel, run the difference-in-differences
// analysis and check its overall effect; no horizontal overflow at
// 640 px.  Screenshots in tests/e2e/out/analys/.
//
// Environment: FINSAM_URL, E2E_ANA_NAMN/E2E_ANA_LOSEN (an analytiker),
// E2E_DELTAGANDE and E2E_PERIODER (the register files), E2E_CLI_JSON
// (the command line's result for them), E2E_PANEL (kommunkod,ar,
// andel_test with an effect of exactly 2), E2E_CHROMIUM.

import fs from 'node:fs';

import {
	BASE, eq, fokus, har, ingetRinnerOver, kor, loggaIn, mustEnv, navigera, norm,
	ok, skarmbild, startaWebblasare, steg, tabellcell, vantaH1, vantaMeddelande,
} from './lib.mjs';

const ANA = { namn: mustEnv('E2E_ANA_NAMN'), losen: mustEnv('E2E_ANA_LOSEN') };
const DELTAGANDE = mustEnv('E2E_DELTAGANDE');
const PERIODER = mustEnv('E2E_PERIODER');
const CLI = JSON.parse(fs.readFileSync(mustEnv('E2E_CLI_JSON'), 'utf8'));
const PANEL = mustEnv('E2E_PANEL');
const PROJEKT = 'E2E-koppling 2026';

const FORMANER = [
	['sjukpenning', 'Sjukpenning'],
	['rehabiliteringspenning', 'Rehabiliteringspenning'],
	['sjukersattning', 'Sjukersättning'],
	['aktivitetsersattning', 'Aktivitetsersättning'],
	['aktivitetsstod', 'Aktivitetsstöd'],
	['a_kassa', 'A-kassa'],
	['forsorjningsstod', 'Försörjningsstöd'],
	['etableringsersattning', 'Etableringsersättning'],
];

// Swedish days with one decimal, half away from zero, U+2212 minus,
// "+" before a positive change: what the page must show for x.
function dagar(x, tecken) {
	if (x === null)
		return '–';
	const r = Math.floor(Math.abs(x) * 10 + 0.5 + 1e-9);
	const s = `${Math.floor(r / 10).toLocaleString('sv-SE').replace(/\s/g, ' ')},${r % 10}`;
	if (r === 0)
		return s;
	return x < 0 ? `\u2212${s}` : (tecken ? `+${s}` : s);
}

function antal(c, k) {
	if (c.n !== null)
		return c.n.toLocaleString('sv-SE').replace(/\s/g, ' ');
	return c.sekundart_undertryckt ? 'dold' : `<${k}`;
}

function cliCell(forman, kon) {
	return CLI.celler.find((c) => c.forman === forman && c.kon === kon &&
	    c.forbund === 'alla' && c.aldersgrupp === 'alla');
}

async function main() {
	const { browser, ny } = await startaWebblasare();
	const s = await ny();
	let korningUrl = null;
	let projektUrl = null;

	await steg('analytikern loggar in och ser registerkopplingen i menyn', async () => {
		await loggaIn(s, ANA);
		const meny = norm(await s.locator('#meny').textContent());
		har(meny, 'Registerkoppling', 'menyn');
		har(meny, 'Kommunjämförelse', 'menyn');
		await navigera(s, () => s.getByRole('link', { name: 'Registerkoppling' }).click());
		await vantaH1(s, 'Registerkoppling');
		har(norm(await s.locator('main').textContent()), 'inga kopplingsprojekt', 'tom lista');
	});

	await steg('ett projekt skapas med bara tangentbordet; tomt namn nekas vid fältet', async () => {
		const namn = s.getByLabel('Projektets namn');
		await namn.focus();
		await s.keyboard.press('Enter');
		await s.locator('.faltfel').waitFor();
		har(norm(await s.locator('.faltfel').textContent()), 'Projektets namn:', 'felet vid fältet');
		eq((await fokus(s)).name, 'namn', 'fokus på det felaktiga fältet');
		await s.keyboard.type(PROJEKT);
		await navigera(s, () => s.keyboard.press('Enter'));
		await vantaH1(s, `Kopplingsprojekt: ${PROJEKT}`);
		await vantaMeddelande(s, `Projektet ${PROJEKT} är skapat.`);
		projektUrl = s.url();
		await skarmbild(s, 'projekt');
	});

	await steg('den pseudonymiserade deltagandefilen exporteras och syns i listan', async () => {
		const [dl] = await Promise.all([
			s.waitForEvent('download'),
			s.getByRole('button', { name: 'Exportera' }).click(),
		]);
		const fil = await dl.path();
		const text = fs.readFileSync(fil, 'utf8');
		const rader = text.split('\n').filter(Boolean);
		eq(rader[0], 'pseudonym,insats_kod,forbund_kod,kon,alder_vid_start,startdatum,slutdatum',
		    'exportens rubrik');
		ok(rader.length > 10, `exporten har ${rader.length - 1} rader`);
		ok(!/\d{10}/.test(rader.slice(1).map((r) => r.split(',').slice(1).join(',')).join('\n')),
		    'inga personnummer utanför pseudonymerna');
		await s.locator('table caption', { hasText: 'Exporter' }).waitFor();
		const iListan = await s.evaluate(() => {
			const t = Array.from(document.querySelectorAll('main table'))
			    .find((x) => x.caption && x.caption.textContent === 'Exporter');
			const k = Array.from(t.querySelectorAll('thead th')).map((th) => th.textContent.trim())
			    .indexOf('Rader');
			return t.querySelector('tbody tr').children[k].textContent.replace(/\s/g, ' ').trim();
		});
		eq(iListan, String(rader.length - 1).replace(/\B(?=(\d{3})+(?!\d))/g, ' '),
		    'exportens rader i listan');
	});

	await steg('en beräkning utan filer nekas vid fältet', async () => {
		await s.getByRole('button', { name: 'Beräkna' }).click();
		await s.locator('[data-falt="deltagande"] .faltfel').waitFor();
		har(norm(await s.locator('[data-falt="deltagande"] .faltfel').textContent()),
		    'Deltagandefil: välj deltagandefilen', 'felet vid fältet');
		eq((await fokus(s)).name, 'deltagande', 'fokus på filfältet');
	});

	await steg('registerkopplingen räknas med synligt framsteg och visar resultatet', async () => {
		// Everything the progress line said, in order.
		await s.evaluate(() => {
			window.framstegstexter = [];
			const obs = new MutationObserver(() => {
				const t = document.querySelector('#framsteg .framstegstext');
				const r = document.querySelector('#framsteg');
				if (t && r && !r.hidden && t.textContent)
					window.framstegstexter.push(t.textContent);
			});
			obs.observe(document.querySelector('main'), { subtree: true, childList: true,
			    characterData: true, attributes: true });
		});
		await s.getByLabel('Deltagandefil', { exact: false }).and(s.locator('input[type=file]')).setInputFiles(DELTAGANDE);
		await s.getByLabel('Periodfil', { exact: false }).and(s.locator('input[type=file]')).setInputFiles(PERIODER);
		eq(await s.locator('#framsteg [role="status"]').count(), 1, 'framsteget har en statusrad');
		await navigera(s, () => s.getByRole('button', { name: 'Beräkna' }).click());
		await vantaH1(s, 'Resultat av körning');
		const texter = await s.evaluate(() => window.framstegstexter || []);
		ok(texter.some((t) => t.startsWith('Skickar deltagandefilen')), `framsteget visades: ${JSON.stringify(texter)}`);
		await vantaMeddelande(s, 'Beräkningen är klar.');
		korningUrl = s.url();
		await skarmbild(s, 'resultat');
	});

	await steg('resultattabellen har kommandoradens siffror för samma filer', async () => {
		const t = '#tabell-alla table';
		await s.locator(t).waitFor();
		let jamforda = 0;
		for (const [kod, namn] of FORMANER) {
			const c = cliCell(kod, 'alla');
			ok(c, `kommandoraden har ${kod}`);
			eq(await tabellcell(s, t, namn, 'Antal'), antal(c, CLI.min_antal), `${namn}: antal`);
			eq(await tabellcell(s, t, namn, 'Medel före'), dagar(c.fore.medel), `${namn}: medel före`);
			eq(await tabellcell(s, t, namn, 'Medel efter'), dagar(c.efter.medel), `${namn}: medel efter`);
			eq(await tabellcell(s, t, namn, 'Förändring'), dagar(c.forandring.medel, true),
			    `${namn}: förändring`);
			if (c.forandring.ki_lag !== null)
				eq(await tabellcell(s, t, namn, '95 % KI förändring'),
				    `${dagar(c.forandring.ki_lag)} till ${dagar(c.forandring.ki_hog)}`,
				    `${namn}: intervall`);
			jamforda += 1;
		}
		eq(jamforda, 8, 'förmåner jämförda');
		const sp = cliCell('sjukpenning', 'alla');
		har(norm(await s.locator('main').textContent()),
		    `${CLI.deltaganden.toLocaleString('sv-SE').replace(/\s/g, ' ')} deltaganden, varav ${CLI.anvanda.toLocaleString('sv-SE').replace(/\s/g, ' ')}`,
		    'sammanfattningen');
		ok(sp.n !== null, 'sjukpenning har ett antal att jämföra');
	});

	await steg('diagrammet ritas av servern och uppdelningen efter kön stämmer', async () => {
		const img = s.locator('figure.diagram img');
		await img.waitFor();
		await s.waitForFunction(() => {
			const i = document.querySelector('figure.diagram img');
			return i && i.complete && i.naturalWidth > 0;
		});
		ok((await img.getAttribute('alt')).length > 20, 'diagrammet har en textbeskrivning');
		await s.getByLabel('Förmån').selectOption('sjukpenning');
		await s.getByLabel('Dela upp efter').selectOption('kon');
		const t = '#uppdelning table';
		await s.locator(t, { hasText: 'Kvinnor' }).waitFor();
		for (const [kon, namn] of [['k', 'Kvinnor'], ['m', 'Män']]) {
			const c = cliCell('sjukpenning', kon);
			eq(await tabellcell(s, t, namn, 'Antal'), antal(c, CLI.min_antal), `${namn}: antal`);
			eq(await tabellcell(s, t, namn, 'Förändring'), dagar(c.forandring.medel, true),
			    `${namn}: förändring`);
		}
		await s.getByLabel('Dela upp efter').selectOption('aldersgrupp');
		await s.locator(t, { hasText: 'Alla åldrar' }).waitFor();
		await skarmbild(s, 'uppdelning');
	});

	await steg('projektsidan listar körningen och exporten', async () => {
		await s.goto(projektUrl);
		await vantaH1(s, `Kopplingsprojekt: ${PROJEKT}`);
		const text = norm(await s.locator('main').textContent());
		har(text, 'Klar', 'körningens status');
		har(text, 'Exporter', 'exportlistan');
	});

	await steg('kommunjämförelsen: panel, analys och totaleffekten 2', async () => {
		await navigera(s, () => s.getByRole('link', { name: 'Kommunjämförelse' }).click());
		await vantaH1(s, 'Jämförelse mellan kommuner');
		eq(await tabellcell(s, 'main table', '2009', 'Kommuner'), '3', 'kommuner som anslöt 2009');
		await s.getByLabel('Panelfil').setInputFiles(PANEL);
		await navigera(s, () => s.getByRole('button', { name: 'Läs in panelen' }).click());
		await vantaMeddelande(s, 'Panelen har 1 utfall för 15 kommuner');
		await s.getByLabel('Utfall').selectOption('andel_test');
		await s.getByLabel('Bootstrap-dragningar').fill('0');
		await navigera(s, () => s.getByRole('button', { name: 'Kör analysen' }).click());
		await s.locator('#rubrik-resultat', { hasText: 'andel_test' }).waitFor();
		har(norm(await s.locator('#total').textContent()), 'Total effekt (ATT): 2,00', 'totaleffekten');
		const t = '#tabell-es table';
		eq(await tabellcell(s, t, '0', 'Effekt'), '2,00', 'effekten anslutningsåret');
		eq(await tabellcell(s, t, '-2', 'Effekt'), '0,00', 'ingen effekt före');
		const g = '#tabell-gt table';
		eq(await s.locator(`${g} tbody tr`).count() > 0, true, 'ATT(g,t) har rader');
		await s.waitForFunction(() => {
			const i = document.querySelector('figure.diagram img');
			return i && i.complete && i.naturalWidth > 0;
		});
		await skarmbild(s, 'did');
	});

	await steg('sidorna rinner inte över vid 640 px', async () => {
		await s.setViewportSize({ width: 640, height: 900 });
		await ingetRinnerOver(s, 'kommunjämförelsen');
		await skarmbild(s, 'did-640px');
		await s.goto(korningUrl);
		await vantaH1(s, 'Resultat av körning');
		await s.locator('#tabell-alla table').waitFor();
		await ingetRinnerOver(s, 'resultatet');
		await skarmbild(s, 'resultat-640px');
		await s.goto(projektUrl);
		await vantaH1(s, 'Kopplingsprojekt');
		await ingetRinnerOver(s, 'projektet');
		await s.goto(`${BASE}/#/analys`);
		await vantaH1(s, 'Registerkoppling');
		await ingetRinnerOver(s, 'projektlistan');
	});

	await browser.close();
}

await kor('analys', main);
