// SPDX-License-Identifier: ISC
// Browser tests of the finance pages in headless Chromium, run by
// tests/integration/t7002-browser-ekonomi.sh against a real `finsam
// serve` over the allocation vector of finance.md (förbund A, B, C with
// the spärr parameters stored for 2026).  Every check is on what a
// person sees, against figures worked out independently: the spec's
// test vectors (the allocation with spärr, the contributions of A, the
// trappan check of Finnveden's accounts), a largest-remainder split done
// here, and the command line's JSON for the calendar and the scenarios.
//
// The flow: the förbundsadministratör's start page with what is due and
// late; the allocation table, the server's SVG chart and one förbund's
// calculation log; the accounts recorded with the keyboard (after an
// error shown next to its field) and trappan with the assumed steps
// marked; the contributions per kommun and a stored split of fixed
// shares; decisions recorded in the calendar; no horizontal overflow at
// 640 px; the läsare reads without forms; the analytiker's merger and
// kommun scenarios.  Screenshots in tests/e2e/out/ekonomi/.
//
// Environment: FINSAM_URL, E2E_FA_NAMN (förbundsadministratör of A),
// E2E_LAS_NAMN (läsare of A), E2E_ANA_NAMN (analytiker), E2E_LOSEN,
// E2E_KALENDER, E2E_SCENARIO, E2E_LAMNAR (the CLI's JSON).

import fs from 'node:fs';

import {
	BASE, eq, fokus, har, ingetRinnerOver, kor, loggaIn, mustEnv, navigera,
	norm, ok, skarmbild, startaWebblasare, steg, tabellcell, uppgift, vantaH1,
	vantaMeddelande,
} from './lib.mjs';

const LOSEN = mustEnv('E2E_LOSEN');
const FA = { namn: mustEnv('E2E_FA_NAMN'), losen: LOSEN };
const LAS = { namn: mustEnv('E2E_LAS_NAMN'), losen: LOSEN };
const ANA = { namn: mustEnv('E2E_ANA_NAMN'), losen: LOSEN };
const KALENDER = JSON.parse(fs.readFileSync(mustEnv('E2E_KALENDER'), 'utf8'));
const SCENARIO = JSON.parse(fs.readFileSync(mustEnv('E2E_SCENARIO'), 'utf8'));
const LAMNAR = JSON.parse(fs.readFileSync(mustEnv('E2E_LAMNAR'), 'utf8'));

// finance.md "Test vectors": spärr, B had 3 000 000 last year.
const SPARR = { A: 3863115, B: 2700000, C: 3436885 };
// Contributions for A at 100 % (3 975 000), kommun split by population.
const BIDRAG_A = { stat: 3975000, region: 1987500, aneby: 1402941, gnosjo: 584559, totalt: 7950000 };
// Finnveden 2019 in kronor: income 5 144 000, equity 1 690 000; the
// first step (20 %) gives 1 028 800, 661 200 above.
const TRAPPAN = { niva: 1028800, over: 661200 };

// How the page writes an amount, after norm(): "3 863 115 kr", "−400 000 kr".
function kr(n) {
	const s = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
	return `${n < 0 ? '\u2212' : ''}${s} kr`;
}

// The largest-remainder split of total by weights (ties to the first).
function storstaRest(total, vikter) {
	const sum = vikter.reduce((a, b) => a + b, 0);
	const delar = vikter.map((v) => Math.floor(total * v / sum));
	const rest = vikter.map((v, i) => ({ i, r: total * v / sum - delar[i] }))
	    .sort((a, b) => b.r - a.r || a.i - b.i);
	let kvar = total - delar.reduce((a, b) => a + b, 0);
	for (const x of rest) {
		if (kvar === 0)
			break;
		delar[x.i] += 1;
		kvar -= 1;
	}
	return delar;
}

async function smal(sida, vad) {
	await sida.setViewportSize({ width: 640, height: 900 });
	await sida.waitForTimeout(100);
	await ingetRinnerOver(sida, vad);
	await skarmbild(sida, `${vad}-640`);
	await sida.setViewportSize({ width: 1280, height: 900 });
}

async function menyn(sida, namn) {
	await navigera(sida, () => sida.locator('#meny').getByRole('link', { name: namn, exact: true }).click());
}

async function loggaUt(sida) {
	await sida.getByRole('button', { name: 'Logga ut' }).click();
	await vantaH1(sida, 'Logga in');
}

async function main() {
	const { ny } = await startaWebblasare();
	const s = await ny();

	await steg('startsidan visar förbundsadministratören vad som är försenat och väntar', async () => {
		await loggaIn(s, FA);
		const del = s.locator('section', { has: s.locator('h2', { hasText: 'Beslut och tidsfrister' }) });
		await del.waitFor();
		const text = norm(await del.textContent());
		har(text, `Förbund A: ${KALENDER.forsenade} försenade, ${KALENDER.vantar} väntar.`, 'summeringen');
		const sena = KALENDER.punkter.filter((p) => p.status === 'forsenad');
		ok(sena.length > 0, 'facit ska ha något försenat');
		for (const p of sena)
			har(text, `Försenad ${p.text}`, 'en försenad punkt');
		await skarmbild(s, 'start-forbundsadministrator');
	});

	await steg('tilldelningen: tabellen, serverns diagram och beräkningsloggen', async () => {
		await menyn(s, 'Tilldelning');
		await vantaH1(s, 'Statlig tilldelning');
		await s.getByRole('textbox', { name: /^År/ }).fill('2026');
		await navigera(s, () => s.getByRole('textbox', { name: /^År/ }).press('Enter'));
		await vantaH1(s, 'Statlig tilldelning 2026');
		for (const [kod, belopp] of Object.entries(SPARR)) {
			const rad = kod === 'A' ? 'Förbund A (A)' : kod;
			eq(await tabellcell(s, 'table.tilldelning', rad, 'Möjlig tilldelning'), kr(belopp),
			    `möjlig tilldelning ${kod}`);
			eq(await tabellcell(s, 'table.tilldelning', rad, 'Tilldelning'), kr(belopp),
			    `tilldelning ${kod}`);
		}
		eq(await tabellcell(s, 'table.tilldelning', 'Summa', 'Tilldelning'), kr(10000000), 'summan är ramen');
		eq(await tabellcell(s, 'table.tilldelning', 'Förbund A (A)', 'Nyckel'), '40,6250 %', 'A:s nyckel');
		const img = s.locator('#tilldelning-diagram');
		await s.waitForFunction(() => {
			const i = document.getElementById('tilldelning-diagram');
			return i && i.complete && i.naturalWidth > 0;
		});
		const svg = await (await s.request.get(`${BASE}${await img.getAttribute('src')}`)).text();
		for (const [kod, belopp] of Object.entries(SPARR)) {
			har(svg, `>${kr(belopp)}</text>`, `diagrammets belopp för ${kod}`);
			har(svg, `(${kod})</text>`, `diagrammets etikett för ${kod}`);
		}
		await skarmbild(s, 'tilldelning');
		await smal(s, 'tilldelning');
		await navigera(s, () => s.getByRole('link', { name: 'Varför fick B detta belopp?' }).click());
		await vantaH1(s, 'Varför fick B detta belopp? (2026)');
		const logg = norm(await s.locator('ol.berakningslogg').textContent());
		har(logg, 'golvet är 90 % av den = 2 700 000 kr', 'spärren i loggen');
		har(logg, 'Tilldelning 2026: 2 700 000 kr.', 'loggens slut');
		eq(await uppgift(s, 'Tilldelning'), kr(SPARR.B), 'B:s tilldelning');
		await skarmbild(s, 'tilldelning-logg');
	});

	await steg('bokslutet registreras med tangentbordet, fel visas vid fältet och inget sparas', async () => {
		await menyn(s, 'Ekonomi');
		await vantaH1(s, 'Ekonomi');
		await s.locator('form[aria-label="Välj år"]').getByLabel('År').fill('2025');
		await navigera(s, () => s.locator('form[aria-label="Välj år"]').getByLabel('År').press('Enter'));
		await vantaH1(s, 'Ekonomi 2025: Förbund A');
		const form = s.locator('form', { has: s.locator('h2', { hasText: 'Registrera belopp för 2025' }) });
		await form.getByLabel('Statligt bidrag (Försäkringskassan)').focus();
		const varden = ['2570000', '1285000', '1285000', '', '4000', '-5', '1000000', '143000',
			'81000', '1690000'];
		for (const [i, v] of varden.entries()) {
			if (i > 0)
				await s.keyboard.press('Tab');
			await s.keyboard.type(v);
		}
		await s.keyboard.press('Enter');
		const fel = form.locator('[data-falt=insatser] .faltfel');
		await fel.waitFor();
		har(norm(await fel.textContent()), 'Insatser: måste vara ett heltal från 0', 'felet vid fältet');
		eq((await fokus(s)).name, 'insatser', 'fokus på det felaktiga fältet');
		await skarmbild(s, 'bokslut-fel');
		const e = await s.evaluate(async () => (await fetch('/api/v1/forbund/A/ekonomi/2025')).json());
		eq(e.utfall, null, 'inget bokslut sparat');
		await s.keyboard.press('Control+A');
		await s.keyboard.type('4400000');
		await navigera(s, () => s.keyboard.press('Enter'));
		await vantaMeddelande(s, 'Beloppen är sparade i bokslutet 2025.');
	});

	await steg('eget kapital mot trappan, budget mot utfall, antagandena markerade', async () => {
		eq(await uppgift(s, 'Rimlig nivå enligt trappan'), kr(TRAPPAN.niva), 'rimlig nivå');
		eq(await uppgift(s, 'Över nivån med'), kr(TRAPPAN.over), 'överskottet');
		har(norm(await s.locator('#trappan-besked').textContent()), `${kr(TRAPPAN.over)} över`, 'beskedet');
		har(norm(await s.locator('main').textContent()),
		    'Eget kapital i förhållande till intäkterna: 33 %', 'kapital mot intäkter');
		const steg3 = (await s.locator('ul.trappsteg li').allTextContents()).map(norm);
		eq(steg3.length, 3, 'trappans steg');
		har(steg3[0], '20 % upp till 7 000 000 kr – publicerat', 'första steget');
		har(steg3[1], '15 % upp till 15 000 000 kr – antagande', 'andra steget');
		har(steg3[2], '10 % över 15 000 000 kr – antagande', 'tredje steget');
		const t = 'table.ekonomi';
		eq(await tabellcell(s, t, 'Insatser', 'Avvikelse'), kr(-400000), 'insatser mot budget');
		eq(await tabellcell(s, t, 'Summa intäkter', 'Utfall'), kr(5144000), 'intäkter');
		eq(await tabellcell(s, t, 'Summa kostnader', 'Utfall'), kr(5624000), 'kostnader');
		eq(await tabellcell(s, t, 'Årets resultat', 'Utfall'), kr(-480000), 'resultat');
		eq(await tabellcell(s, t, 'ESF', 'Utfall'), '–', 'ESF är inte registrerat');
		await skarmbild(s, 'bokslut');
		await smal(s, 'bokslut');
	});

	await steg('medlemmarnas bidrag: vad varje kommun ska betala (finance.md)', async () => {
		await navigera(s, () => s.getByRole('link', { name: 'Medlemmarnas bidrag' }).click());
		await vantaH1(s, 'Medlemmarnas bidrag');
		const form = s.locator('form', { has: s.locator('h2', { hasText: 'Urval' }) });
		await form.getByLabel('År').fill('2026');
		await form.getByLabel('Statens andel i kronor').fill('3 975 000');
		await navigera(s, () => form.getByLabel('Statens andel i kronor').press('Enter'));
		await vantaH1(s, 'Medlemmarnas bidrag 2026: Förbund A');
		const t = 'table.bidrag';
		eq(await tabellcell(s, t, 'Aneby (0604)', 'Att betala'), kr(BIDRAG_A.aneby), 'Aneby');
		eq(await tabellcell(s, t, 'Gnosjö (0617)', 'Att betala'), kr(BIDRAG_A.gnosjo), 'Gnosjö');
		eq(await uppgift(s, 'Statens andel (Försäkringskassan)'), kr(BIDRAG_A.stat), 'staten');
		eq(await uppgift(s, 'Regionen (hälften av statens andel)'), kr(BIDRAG_A.region), 'regionen');
		eq(await uppgift(s, 'Förbundets budget (stat, region och kommuner)'), kr(BIDRAG_A.totalt), 'budgeten');
		await skarmbild(s, 'bidrag');
		await smal(s, 'bidrag');
	});

	await steg('fasta andelar: fel summa visas vid fältet, 30/70 sparas och används', async () => {
		const form = s.locator('form', { has: s.locator('h3', { hasText: 'Registrera en fördelning' }) });
		await form.getByLabel(/^Fördelning/).selectOption('andelar');
		await form.getByLabel('Aneby (0604)').fill('30');
		await form.getByLabel('Gnosjö (0617)').fill('60');
		await form.getByLabel('Gnosjö (0617)').press('Enter');
		const fel = form.locator('[data-falt=andelar] .faltfel');
		await fel.waitFor();
		har(norm(await fel.textContent()), 'andelarna måste tillsammans vara exakt 100 %', 'felet vid andelarna');
		await form.getByLabel('Gnosjö (0617)').fill('70');
		await form.getByLabel('Beslutad').fill('2025-11-20');
		await navigera(s, () => form.getByLabel('Beslutad').press('Enter'));
		await vantaMeddelande(s, 'Fördelningen från 2026 är sparad.');
		// Now without an amount: A's allocation 3 863 115, the kommun
		// half (the odd krona to the region) split 30/70.
		const kommunerna = Math.floor(SPARR.A / 2);
		const [aneby, gnosjo] = storstaRest(kommunerna, [30, 70]);
		const t = 'table.bidrag';
		eq(await tabellcell(s, t, 'Aneby (0604)', 'Att betala'), kr(aneby), 'Aneby 30 %');
		eq(await tabellcell(s, t, 'Gnosjö (0617)', 'Att betala'), kr(gnosjo), 'Gnosjö 70 %');
		eq(await tabellcell(s, t, 'Aneby (0604)', 'Andel'), '30 %', 'Anebys andel');
		har(norm(await s.locator('table.bidrag caption').textContent()), 'sparad fördelning från 2026',
		    'fördelningens källa');
		eq(await uppgift(s, 'Kommunerna tillsammans (hälften av statens andel)'), kr(kommunerna),
		    'kommunernas del');
		await skarmbild(s, 'bidrag-andelar');
	});

	await steg('kalendern: samråd och budgetbeslut registreras, det försenade minskar', async () => {
		await navigera(s, () => s.getByRole('link', { name: 'Beslut och tidsfrister' }).click());
		await vantaH1(s, 'Beslut och tidsfrister: Förbund A');
		har(norm(await s.locator('#kal-summa').textContent()),
		    `${KALENDER.forsenade} försenade, ${KALENDER.vantar} väntar`, 'före');
		const form = s.locator('form', { has: s.locator('h2', { hasText: 'Registrera ett beslut' }) });
		for (const [handelse, datum] of [['samrad', '2025-10-01'], ['budget', '2025-11-28']]) {
			await form.getByLabel(/^Beslut/).selectOption(handelse);
			await form.getByLabel('År').fill('2026');
			await form.getByLabel('Datum').fill(datum);
			await navigera(s, () => form.getByLabel('Datum').press('Enter'));
			await vantaMeddelande(s, 'Beslutet är registrerat.');
		}
		// Both were due 2025-11-30 and late before; now done in time.
		har(norm(await s.locator('#kal-summa').textContent()),
		    `${KALENDER.forsenade - 2} försenade, ${KALENDER.vantar} väntar`, 'efter');
		for (const ord of ['Samråd med medlemmarna om budget 2026', 'Budget 2026']) {
			const rad = s.locator('table.kalender tbody tr', { hasText: ord }).first();
			har(norm(await rad.textContent()), 'Klar', `${ord} klar`);
		}
		await skarmbild(s, 'kalender');
		await smal(s, 'kalender');
		await loggaUt(s);
	});

	await steg('läsaren ser tilldelning och ekonomi men inga formulär', async () => {
		await loggaIn(s, LAS);
		eq(await s.locator('section', { hasText: 'Beslut och tidsfrister' }).count(), 0,
		    'ingen kalender på läsarens startsida');
		await menyn(s, 'Ekonomi');
		await vantaH1(s, 'Ekonomi');
		await s.locator('form[aria-label="Välj år"]').getByLabel('År').fill('2025');
		await navigera(s, () => s.locator('form[aria-label="Välj år"]').getByLabel('År').press('Enter'));
		await vantaH1(s, 'Ekonomi 2025: Förbund A');
		eq(await uppgift(s, 'Över nivån med'), kr(TRAPPAN.over), 'läsaren ser trappan');
		eq(await s.getByText('Registrera belopp för 2025').count(), 0, 'inget registreringsformulär');
		ok(!(await s.locator('#meny').textContent()).includes('Scenarier'), 'inga scenarier i menyn');
		await loggaUt(s);
	});

	await steg('analytikerns scenario: A och B slås samman, före och efter som kommandoraden', async () => {
		await loggaIn(s, ANA);
		await menyn(s, 'Scenarier');
		await vantaH1(s, 'Scenarier');
		await s.getByLabel('Vad händer').selectOption('sammanslagning');
		// Keyboard: Space ticks a focused checkbox.
		for (const namn of ['Förbund A (A)', 'Förbund B (B)']) {
			await s.getByLabel(namn, { exact: true }).focus();
			await s.keyboard.press('Space');
		}
		await s.getByLabel('Från och med').fill('2026-01-01');
		await navigera(s, () => s.getByLabel('Från och med').press('Enter'));
		await s.locator('table.efter').waitFor();
		const efter = SCENARIO.efter[0];
		const rad = `${efter.namn} (${efter.forbund_kod})`;
		eq(await tabellcell(s, 'table.efter', rad, 'Möjlig tilldelning'),
		    kr(efter.mojlig_tilldelning), 'möjlig tilldelning efter');
		eq(await tabellcell(s, 'table.efter', rad, 'Tar vid 100 %'), kr(efter.tar_vid_100),
		    'efter vid 100 %');
		eq(await s.locator('table.efter tbody tr').count(), SCENARIO.efter.length, 'rader i Efter');
		for (const f of SCENARIO.fore)
			eq(await tabellcell(s, 'table.fore', `${f.namn} (${f.forbund_kod})`, 'Möjlig tilldelning'),
			    kr(f.mojlig_tilldelning), `före ${f.forbund_kod}`);
		for (const m of SCENARIO.medlemmar) {
			eq(await tabellcell(s, 'table.scenario-medlemmar', `${m.namn} (${m.kod})`, 'Efter'),
			    kr(m.efter), `${m.namn} efter`);
			eq(await tabellcell(s, 'table.scenario-medlemmar', `${m.namn} (${m.kod})`, 'Förändring'),
			    kr(m.efter - m.fore), `${m.namn} förändring`);
		}
		har(norm(await s.locator('ul.berakningslogg').textContent()), SCENARIO.logg[0], 'loggen');
		await skarmbild(s, 'scenario-sammanslagning');
		await smal(s, 'scenario');
	});

	await steg('analytikerns scenario: en kommun lämnar, fel visas vid fältet', async () => {
		await s.getByLabel('Vad händer').selectOption('lamnar');
		await s.getByLabel('Förbund', { exact: true }).selectOption('C');
		await s.getByLabel('Kommunkod').fill('0604');
		await navigera(s, () => s.getByLabel('Kommunkod').press('Enter'));
		const fel = s.locator('[data-falt=kommun] .faltfel');
		await fel.waitFor();
		har(norm(await fel.textContent()), 'Kommunkod:', 'felet vid kommunkoden');
		await s.getByLabel('Kommunkod').fill('0662');
		await navigera(s, () => s.getByLabel('Kommunkod').press('Enter'));
		await s.locator('table.scenario-medlemmar').waitFor();
		for (const f of LAMNAR.efter)
			eq(await tabellcell(s, 'table.efter', `${f.namn} (${f.forbund_kod})`, 'Tar vid 100 %'),
			    kr(f.tar_vid_100), `efter ${f.forbund_kod}`);
		for (const m of LAMNAR.medlemmar)
			eq(await tabellcell(s, 'table.scenario-medlemmar', `${m.namn} (${m.kod})`, 'Efter'),
			    kr(m.efter), `${m.namn} efter`);
		await skarmbild(s, 'scenario-lamnar');
		await loggaUt(s);
	});
}

kor('ekonomi', main);
