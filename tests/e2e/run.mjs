// SPDX-License-Identifier: ISC
// Browser tests of the finsam web UI in headless Chromium (Debian's
// /usr/bin/chromium) driven by playwright-core.  Run by
// tests/integration/t7001-browser.sh against a real `finsam serve` over a
// database built from tests/data/e2e/*.csv; every check is on what a
// person sees (text, values, focus, layout), so a broken UI or API fails.
//
// The flow (the "Must show" of the web application issue):
//   the login with the keyboard alone (skip link, tab order, Enter,
//   visible focus), a failed login; the deltagaransvarig's start page
//   with its to-do list; record a consent, register a participant in
//   (after the missing-consent error is shown), register the exit (after
//   an error next to the field), correct it with a reason and see the
//   version history; no horizontal overflow at 640 px (200 % zoom of
//   1280 px); log out; the förbundsadministratör sees the participation
//   counted in the outcome report, with the server's SVG chart, and
//   downloads it as CSV (the file's content is checked).
// Screenshots go to tests/e2e/out/deltagare/ (or $E2E_OUT/deltagare/).  Ends with the line
// "N passed, M failed" and exits non-zero when something failed.
//
// Environment: FINSAM_URL (http://127.0.0.1:PORT), E2E_DATA (the CSV
// directory), E2E_DA_NAMN/E2E_DA_LOSEN (deltagaransvarig of E2E_INSATS),
// E2E_FA_NAMN/E2E_FA_LOSEN (förbundsadministratör of E2E_FORBUND),
// E2E_CHROMIUM (default /usr/bin/chromium).

import fs from 'node:fs';
import path from 'node:path';

import {
	BASE, TIMEOUT, eq, fokus, h1, har, ingetRinnerOver, kor, lasCsv, loggaIn,
	luhnPnr, mustEnv, navigera, norm, ok, skarmbild, startaWebblasare, steg,
	tabellcell, uppgift, utmapp, vantaH1, vantaMeddelande,
} from './lib.mjs';

const DATA = mustEnv('E2E_DATA');
const FORBUND = process.env.E2E_FORBUND || 'SV';
const INSATS = process.env.E2E_INSATS || 'SV-UNG';
const DA = { namn: mustEnv('E2E_DA_NAMN'), losen: mustEnv('E2E_DA_LOSEN') };
const FA = { namn: mustEnv('E2E_FA_NAMN'), losen: mustEnv('E2E_FA_LOSEN') };

// The new participant: a woman born 1990-03-15 (not in the test data).
const PNR = luhnPnr('19900315', '242');
const SAMTYCKE = '2026-04-01';
const START = '2026-04-06';
const SLUT = '2026-05-20';
const ORSAK_RATTELSE = 'Fel omfattning av arbete angavs vid avslut';

function normPnr(p) {
	const s = p.replace(/[-+]/g, '');
	if (s.length === 12)
		return s;
	// YYMMDD: + means 100 years or more; otherwise the latest century
	// that does not put the birth in the future (the data is old enough).
	const yy = Number(s.slice(0, 2));
	const sekel = p.includes('+') ? 1900 : (yy <= 26 ? 2000 : 1900);
	return String(sekel + yy) + s.slice(2);
}

function arKvinna(p) {
	return Number(normPnr(p)[10]) % 2 === 0;
}

const insatser = lasCsv(DATA, 'insatser.csv');
const deltagande = lasCsv(DATA, 'deltagande.csv');
const forbundetsInsatser = new Set(insatser.filter((i) => i.forbund_kod === FORBUND)
    .map((i) => i.insats_kod));

// The outcome report's Antal, Kvinnor and Antal i förvärvsarbete for the
// förbund over [fran, till] from the data alone.
function baslinje(fran, till) {
	const r = deltagande.filter((d) => forbundetsInsatser.has(d.insats_kod) &&
	    d.slutdatum && d.slutdatum >= fran && d.slutdatum <= till &&
	    d.avslutsanledning !== 'felregistrering');
	return {
		antal: r.length,
		kvinnor: r.filter((d) => arKvinna(d.personnummer)).length,
		arbete: r.filter((d) => d.arbete_efter !== '' && Number(d.arbete_efter) > 0).length,
	};
}

// Finished participations of the insats missing an exit field.
function saknarUtdata(insats) {
	return deltagande.filter((d) => d.insats_kod === insats && d.slutdatum &&
	    d.avslutsanledning !== 'felregistrering' &&
	    (d.forsorjning_efter === '' || d.arbete_efter === '' || d.studier_efter === ''))
	    .length;
}

// ---- the tests ----

async function main() {
	const { browser, ny } = await startaWebblasare();
	const da = await ny();
	let deltagandeUrl = null;

	await steg('inloggning med bara tangentbordet: hopplänk, tabbordning, Enter, synligt fokus', async () => {
		await da.goto(`${BASE}/`);
		await vantaH1(da, 'Logga in');
		eq(await da.evaluate(() => document.documentElement.lang), 'sv', 'sidans språk');
		await skarmbild(da, 'inloggning');
		await da.keyboard.press('Tab');
		let f = await fokus(da);
		eq(f.text, 'Hoppa till innehållet', 'första tabbstoppet');
		ok(f.synlig, 'hopplänken syns när den har fokus');
		ok(f.outline || f.skugga, 'hopplänken har synlig fokusmarkering');
		await da.keyboard.press('Enter');
		f = await fokus(da);
		eq(f.id, 'innehall', 'fokus efter hopplänken');
		await da.keyboard.press('Tab');
		f = await fokus(da);
		eq(f.name, 'anvandarnamn', 'fältet efter hopplänken');
		ok(f.outline, 'användarnamnsfältet har synlig fokusram');
		await da.keyboard.type(DA.namn);
		await da.keyboard.press('Tab');
		f = await fokus(da);
		eq(f.name, 'losenord', 'fältet efter användarnamnet');
		await da.keyboard.type(DA.losen);
		await da.keyboard.press('Tab');
		f = await fokus(da);
		eq(`${f.tag}:${f.text}`, 'button:Logga in', 'knappen efter lösenordet');
		await da.keyboard.press('Shift+Tab');
		await da.keyboard.press('Enter');
		await vantaH1(da, 'Start');
		har(norm(await da.locator('main').textContent()), `Välkommen, ${DA.namn}.`, 'startsidan');
		f = await fokus(da);
		eq(`${f.tag}:${f.text}`, 'h1:Start', 'fokus efter inloggningen');
		har(norm(await da.locator('#anvandare').textContent()), `Inloggad som ${DA.namn}`, 'sidhuvudet');
	});

	await steg('startsidan visar deltagaransvarigs att göra', async () => {
		const n = saknarUtdata(INSATS);
		ok(n > 0, `testdata ska ha avslutade deltaganden utan uppgifter vid avslut i ${INSATS}`);
		const punkt = da.locator('.attgora li', { hasText: 'saknar uppgifter vid avslut' });
		await punkt.waitFor();
		const text = norm(await punkt.textContent());
		har(text, `${INSATS}: ${n} avslutade deltaganden saknar uppgifter vid avslut`, 'att göra');
		await skarmbild(da, 'start-deltagaransvarig');
		await navigera(da, () => punkt.getByRole('link').click());
		await vantaH1(da, `(${INSATS})`);
		const caption = norm(await da.locator('main table caption').first().textContent());
		eq(caption, `Avslutade som saknar uppgifter vid avslut: ${n} deltaganden`, 'listans rubrik');
		eq(await da.locator('main table tbody tr').count(), n, 'rader i listan');
	});

	await steg('inregistrering utan samtycke nekas med meddelandet vid fältet', async () => {
		await navigera(da, () => da.getByRole('link', { name: 'Deltagare', exact: true }).click());
		await vantaH1(da, `Deltagare i`);
		const reg = da.locator('form#inregistrering');
		await reg.getByLabel('Personnummer').fill(PNR);
		await reg.getByLabel('Startdatum').fill(START);
		await reg.getByLabel('Startdatum').press('Enter');
		const ruta = reg.locator('.felruta');
		await ruta.waitFor({ state: 'visible' });
		const text = norm(await ruta.textContent());
		har(text, 'Uppgifterna sparades inte. Samtycke: samtycke saknas', 'felrutan');
		eq(await reg.locator('.faltfel').count(), 0, 'fel vid fält (samtycket är inget fält här)');
		eq((await fokus(da)).cls, 'felruta', 'fokus på felrutan');
		// The box leads on to the consent with the personnummer typed.
		await reg.getByRole('link', { name: 'Registrera samtycket först' }).press('Enter');
		eq((await fokus(da)).name, 'datum', 'fokus på samtyckets datum');
		eq(await da.locator('form#samtycke').getByLabel('Personnummer').inputValue(), PNR,
		    'personnumret följer med till samtycket');
		await skarmbild(da, 'inregistrering-utan-samtycke');
	});

	await steg('samtycke registreras och fokus går vidare till inregistreringen', async () => {
		const sam = da.locator('form#samtycke');
		await sam.getByLabel('Samtycket undertecknat').fill(SAMTYCKE);
		await sam.getByLabel('Blankettens version').fill('2024:1');
		await sam.getByLabel('Blankettens version').press('Enter');
		await vantaMeddelande(da, 'Samtycket är registrerat');
		const f = await fokus(da);
		eq(f.name, 'startdatum', 'fokus efter samtycket');
		const reg = da.locator('form#inregistrering');
		eq(await reg.getByLabel('Personnummer').inputValue(), PNR, 'personnumret följer med');
		eq(await reg.locator('.felruta').isVisible(), false, 'det gamla felet (samtycke saknas) är borta');
		await skarmbild(da, 'samtycke');
	});

	await steg('inregistrering med tangentbordet', async () => {
		const reg = da.locator('form#inregistrering');
		// The start date is already typed; the rest with the keyboard.
		await reg.getByLabel('Högsta avslutade utbildning').selectOption('gymnasium');
		await reg.getByLabel('Tid med offentlig försörjning före start').selectOption('1_3');
		await reg.locator('[data-falt=forsorjning_fore]').getByLabel('Arbetslöshetsersättning').check();
		await reg.getByLabel('Arbete före start (procent av heltid)').fill('0');
		await reg.getByLabel('Studier före start (procent av heltid)').fill('25');
		await reg.locator('input[name=arbetssokande_fore][value=ja]').check();
		await navigera(da, () => reg.getByLabel('Studier före start (procent av heltid)').press('Enter'));
		await vantaH1(da, `Deltagande ${PNR}`);
		deltagandeUrl = da.url();
		await vantaMeddelande(da, 'Deltagandet är registrerat');
		eq(norm(await da.locator('#deltagande-status').textContent()),
		    `Öppet sedan ${START} · version 1`, 'status');
		eq(await uppgift(da, 'Kön'), 'Kvinna', 'kön (ur personnumret)');
		eq(await uppgift(da, 'Ålder vid start'), '36 år', 'ålder vid start');
		eq(await uppgift(da, 'Högsta avslutade utbildning'), 'Gymnasium', 'utbildning');
		eq(await uppgift(da, 'Försörjning före start'), 'Arbetslöshetsersättning', 'försörjning före');
		eq(await uppgift(da, 'Studier före start (procent av heltid)'), '25 %', 'studier före');
		eq(await uppgift(da, 'Inskriven som arbetssökande före start'), 'Ja', 'arbetssökande före');
		eq(await uppgift(da, 'Slutdatum'), '–', 'slutdatum');
		await skarmbild(da, 'inregistrerad');
	});

	await steg('utregistrering: fel vid fältet, sedan sparad', async () => {
		const ut = da.locator('form#utregistrering');
		await ut.getByLabel('Slutdatum').fill('2026-04-01');
		await ut.getByLabel('Avslutsanledning').selectOption('arbete');
		await ut.getByLabel('Slutdatum').press('Enter');
		const fel = ut.locator('[data-falt=slutdatum] .faltfel');
		await fel.waitFor();
		har(norm(await fel.textContent()), 'Slutdatum:', 'felet vid slutdatum');
		const falt = ut.getByLabel('Slutdatum');
		eq(await falt.getAttribute('aria-invalid'), 'true', 'aria-invalid på slutdatum');
		const besk = await falt.getAttribute('aria-describedby');
		ok(besk && besk.includes(await fel.getAttribute('id')), 'felet beskriver fältet (aria-describedby)');
		eq((await fokus(da)).name, 'slutdatum', 'fokus på fältet med fel');
		await skarmbild(da, 'utregistrering-fel');
		await falt.fill(SLUT);
		await ut.locator('[data-falt=forsorjning_efter]').getByLabel('Ingen offentlig försörjning').check();
		await ut.getByLabel('Arbete efter avslut (procent av heltid)').fill('50');
		await ut.getByLabel('Studier efter avslut (procent av heltid)').fill('0');
		await navigera(da, () => ut.getByLabel('Arbete efter avslut (procent av heltid)').press('Enter'));
		await vantaMeddelande(da, 'Avslutet är registrerat (version 2)');
		eq(norm(await da.locator('#deltagande-status').textContent()),
		    `Avslutat ${SLUT} (arbete) · version 2`, 'status');
		eq(await da.locator('form#utregistrering').count(), 0, 'inget utregistreringsformulär efter avslut');
		await skarmbild(da, 'utregistrerad');
	});

	await steg('rättelse kräver orsak och syns i versionshistoriken', async () => {
		const r = da.locator('form#rattelse');
		await r.getByLabel('Arbete efter avslut (procent av heltid)').fill('100');
		await r.getByLabel('Arbete efter avslut (procent av heltid)').press('Enter');
		const fel = r.locator('[data-falt=orsak] .faltfel');
		await fel.waitFor();
		har(norm(await fel.textContent()), 'Orsak till ändringen', 'felet vid orsak');
		await r.getByLabel('Orsak till ändringen').fill(ORSAK_RATTELSE);
		await navigera(da, () => r.getByLabel('Orsak till ändringen').press('Enter'));
		await vantaMeddelande(da, 'Rättelsen är sparad (version 3)');
		const rader = da.locator('table.historik tbody tr');
		eq(await rader.count(), 3, 'versioner i historiken');
		const sista = norm(await rader.nth(2).textContent());
		har(sista, ORSAK_RATTELSE, 'senaste versionens orsak');
		har(sista, 'Arbete efter avslut: 50 % → 100 %', 'senaste versionens ändring');
		har(sista, DA.namn, 'vem som ändrade');
		const andra = norm(await rader.nth(1).textContent());
		har(andra, 'Utregistrering', 'version 2:s orsak');
		har(andra, `Slutdatum: – → ${SLUT}`, 'version 2:s ändring');
		eq(await uppgift(da, 'Arbete efter avslut (procent av heltid)'), '100 %',
		    'arbete efter avslut efter rättelsen');
		eq(await uppgift(da, 'Försörjning efter avslut'), 'Ingen offentlig försörjning',
		    'försörjning efter avslut');
		await skarmbild(da, 'historik');
	});

	await steg('nästa deltagare: fokus direkt i samtyckets personnummer', async () => {
		await navigera(da, () => da.getByRole('link', { name: 'Registrera nästa deltagare' }).press('Enter'));
		await vantaH1(da, 'Deltagare i');
		await da.waitForFunction(() => document.activeElement &&
		    document.activeElement.closest('#samtycke') !== null);
		const f = await fokus(da);
		eq(f.name, 'personnummer', 'fokus efter "Registrera nästa deltagare"');
		eq(await da.locator('form#samtycke').getByLabel('Personnummer').inputValue(), '',
		    'samtyckets personnummer är tomt');
	});

	await steg('640 px bred (200 % zoom): inget rinner över i sidled', async () => {
		await da.setViewportSize({ width: 640, height: 900 });
		await da.goto(deltagandeUrl || `${BASE}/#/start`);
		await vantaH1(da, 'Deltagande');
		await ingetRinnerOver(da, 'deltagandet');
		await skarmbild(da, 'deltagande-640px');
		await navigera(da, () => da.getByRole('link', { name: 'Tillbaka till insatsens deltagare' }).click());
		await vantaH1(da, 'Deltagare i');
		await ingetRinnerOver(da, 'insatsens deltagare');
		await skarmbild(da, 'deltagare-640px');
		await navigera(da, () => da.getByRole('link', { name: 'Start', exact: true }).click());
		await vantaH1(da, 'Start');
		await ingetRinnerOver(da, 'startsidan');
		await da.setViewportSize({ width: 1280, height: 900 });
	});

	await steg('utloggning avslutar sessionen', async () => {
		await da.getByRole('button', { name: 'Logga ut' }).click();
		await vantaH1(da, 'Logga in');
		har(norm(await da.locator('main').textContent()), 'Du är utloggad.', 'inloggningssidan');
		// The old session is gone on the server: a deep link asks for login.
		await da.goto(deltagandeUrl || `${BASE}/#/start`);
		await vantaH1(da, 'Logga in');
		const svar = await da.evaluate(async () => (await fetch('/api/v1/jag')).status);
		eq(svar, 401, 'GET /jag efter utloggning');
	});

	await steg('fel lösenord ger ett meddelande och ingen session', async () => {
		await da.goto(`${BASE}/#/logga-in`);
		await vantaH1(da, 'Logga in');
		await da.getByLabel('Användarnamn').fill(FA.namn);
		await da.getByLabel('Lösenord').fill('fel-losenord-12345');
		await da.getByLabel('Lösenord').press('Enter');
		const ruta = da.locator('form .felruta');
		await ruta.waitFor({ state: 'visible' });
		har(norm(await ruta.textContent()), 'Inloggningen misslyckades.', 'felrutan');
		har(norm(await ruta.textContent()).toLowerCase(), 'fel användarnamn eller lösenord', 'felrutan');
		eq(await da.getByLabel('Lösenord').inputValue(), '', 'lösenordet töms');
		eq(await h1(da), 'Logga in', 'kvar på inloggningen');
	});

	const fa = await ny();
	const bas = baslinje(SLUT, SLUT);
	let rapportUrl = null;

	await steg('förbundsadministratören ser deltagandet i utfallsrapporten med diagram', async () => {
		await loggaIn(fa, FA);
		await navigera(fa, () => fa.getByRole('link', { name: 'Rapporter' }).click());
		await vantaH1(fa, 'Utfallsrapport');
		await fa.getByLabel('Förbund').selectOption(FORBUND);
		await fa.getByLabel('Från och med').fill(SLUT);
		await fa.getByLabel('Till och med').fill(SLUT);
		await navigera(fa, () => fa.getByLabel('Till och med').press('Enter'));
		await fa.locator('table.rapport').waitFor();
		rapportUrl = fa.url();
		const t = 'table.rapport';
		eq(await tabellcell(fa, t, 'Antal', 'Totalt'), String(bas.antal + 1), 'Antal, Totalt');
		eq(await tabellcell(fa, t, 'Antal', 'Kvinnor'), String(bas.kvinnor + 1), 'Antal, Kvinnor');
		eq(await tabellcell(fa, t, 'Antal i förvärvsarbete', 'Totalt'), String(bas.arbete + 1),
		    'Antal i förvärvsarbete, Totalt (efter rättelsen)');
		eq(await tabellcell(fa, t, 'Fördelning', 'Totalt'), '100 %', 'Fördelning, Totalt');
		const rader = await fa.locator(`${t} tbody tr`).count();
		eq(rader, 14, 'mått i tabellen');
		har(norm(await fa.locator(`${t} caption`).textContent()), `${SLUT} – ${SLUT}`, 'tabellens rubrik');
		const img = fa.locator('figure.diagram img');
		await img.waitFor();
		await fa.waitForFunction(() => {
			const i = document.querySelector('figure.diagram img');
			return i && i.complete;
		});
		const bild = await img.evaluate((i) => ({ w: i.naturalWidth, alt: i.alt, src: i.src }));
		ok(bild.w > 0, `diagrammet (SVG från servern) ska ha laddats: ${bild.src}`);
		ok(bild.alt.length > 10, 'diagrammet har en textbeskrivning');
		const svg = await fa.evaluate(async (src) => {
			const r = await fetch(src);
			return { status: r.status, typ: r.headers.get('content-type'), text: await r.text() };
		}, bild.src);
		eq(svg.status, 200, 'SVG-svaret');
		har(svg.typ, 'image/svg+xml', 'SVG-svarets typ');
		har(svg.text, '<svg', 'SVG-dokumentet');
		await skarmbild(fa, 'rapport');
	});

	await steg('utfallsrapporten exporteras som CSV för Excel', async () => {
		const [hamtning] = await Promise.all([
			fa.waitForEvent('download'),
			fa.getByRole('link', { name: 'Ladda ner som CSV (för Excel)' }).click(),
		]);
		const namn = hamtning.suggestedFilename();
		eq(namn, `utfall-forbund-${SLUT}-${SLUT}.csv`, 'filnamnet');
		const fil = path.join(utmapp(), namn);
		await hamtning.saveAs(fil);
		const buf = fs.readFileSync(fil);
		eq(buf.subarray(0, 3).toString('hex'), 'efbbbf', 'BOM först i filen');
		const rader = buf.toString('utf8').slice(1).split('\r\n').filter((r) => r !== '');
		eq(rader[0], 'Mått;Enhet;Totalt;Kvinnor;Män', 'rubrikraden');
		eq(rader.length, 15, 'rader i filen');
		const antal = rader.find((r) => r.startsWith('Antal;'));
		ok(antal, 'raden Antal');
		const f = antal.split(';');
		eq(f[2], String(bas.antal + 1), 'Antal, Totalt i filen');
		eq(f[3], String(bas.kvinnor + 1), 'Antal, Kvinnor i filen');
	});

	await steg('utfallsrapporten som Excel-arbetsbok och som utskriftsvänlig sida', async () => {
		const [hamtning] = await Promise.all([
			fa.waitForEvent('download'),
			fa.getByRole('link', { name: 'Ladda ner som Excel-arbetsbok' }).click(),
		]);
		eq(hamtning.suggestedFilename(), `utfall-forbund-${SLUT}-${SLUT}.xlsx`, 'arbetsbokens filnamn');
		const fil = path.join(utmapp(), hamtning.suggestedFilename());
		await hamtning.saveAs(fil);
		const buf = fs.readFileSync(fil);
		eq(buf.subarray(0, 2).toString('latin1'), 'PK', 'en xlsx-fil (zip)');
		const [flik] = await Promise.all([
			fa.context().waitForEvent('page'),
			fa.getByRole('link', { name: /Utskriftsvänlig sida/ }).click(),
		]);
		await flik.waitForLoadState();
		const rad = await flik.evaluate(() => {
			for (const tr of document.querySelectorAll('tbody tr'))
				if (tr.querySelector('th').textContent === 'Antal')
					return Array.from(tr.querySelectorAll('td')).map((td) => td.textContent);
			return null;
		});
		ok(rad, 'raden Antal på utskriftssidan');
		eq(rad[0], String(bas.antal + 1), 'Antal, Totalt på utskriftssidan');
		eq(rad[1], String(bas.kvinnor + 1), 'Antal, Kvinnor på utskriftssidan');
		await flik.screenshot({ path: path.join(utmapp(), 'utskrift.png'), fullPage: true });
		await flik.close();
	});

	await steg('förbundsadministratören för in styrelsen: fel vid fältet, sedan sparat, bristerna ändras', async () => {
		await fa.goto(`${BASE}/#/`);
		await vantaH1(fa, 'Start');
		const start = fa.locator('[data-styrelse-start]');
		await start.waitFor();
		har(norm(await start.textContent()), `${FORBUND}: styrelsen uppfyller inte reglerna`, 'startsidans påminnelse');
		await navigera(fa, () => start.getByRole('link').first().click());
		await vantaH1(fa, 'Samordningsförbundet');
		const brister = fa.locator('[data-styrelse=brister]');
		await brister.waitFor();
		har(norm(await brister.textContent()), 'Försäkringskassan har ingen ledamot i styrelsen.', 'bristerna före');
		har(norm(await brister.textContent()), 'Styrelsen har ingen ordförande.', 'bristerna före');
		const form = fa.locator('form[aria-labelledby=rubrik-uppdrag]');
		await form.getByLabel('Medlem').selectOption('FK');
		await form.getByLabel('Namn').fill('Karin Ordförande');
		await form.getByLabel('Uppdrag').selectOption('ersattare');
		await form.getByLabel('Roll').selectOption('ordforande');
		await form.getByLabel('Från och med').fill('2023-01-01');
		await form.getByLabel('Från och med').press('Enter');
		const fel = form.locator('[data-falt=roll] .faltfel');
		await fel.waitFor();
		har(norm(await fel.textContent()), 'ordförande och vice ordförande ska vara ledamöter', 'felet vid rollen');
		eq((await fokus(fa)).name, 'roll', 'fokus på fältet med felet');
		await form.getByLabel('Uppdrag').selectOption('ledamot');
		await navigera(fa, () => form.getByLabel('Från och med').press('Enter'));
		await vantaMeddelande(fa, 'Uppdraget är registrerat.');
		const t = '.tabellram[data-etikett^="Styrelsen"] table';
		eq(await tabellcell(fa, t, 'Karin Ordförande', 'Roll'), 'Ordförande', 'rollen i tabellen');
		const efter = norm(await fa.locator('[data-styrelse=brister]').textContent());
		ok(!efter.includes('Försäkringskassan har ingen ledamot'), 'FK har nu en ledamot');
		ok(!efter.includes('ingen ordförande'), 'styrelsen har nu en ordförande');
		har(efter, 'Försäkringskassan har 1 ledamot men 0 ersättare', 'den nya bristen');
		await skarmbild(fa, 'styrelse');
	});

	await steg('rapportsidan och förbundets sidor rinner inte över vid 640 px', async () => {
		await fa.setViewportSize({ width: 640, height: 900 });
		await fa.goto(rapportUrl || `${BASE}/#/rapporter`);
		await fa.locator('table.rapport').waitFor();
		await ingetRinnerOver(fa, 'rapporten');
		await skarmbild(fa, 'rapport-640px');
		await fa.goto(`${BASE}/#/forbund/${FORBUND}`);
		await vantaH1(fa, 'Samordningsförbundet');
		await ingetRinnerOver(fa, 'förbundet');
		await fa.goto(`${BASE}/#/insatser`);
		await vantaH1(fa, 'Insatser');
		await ingetRinnerOver(fa, 'insatserna');
		await skarmbild(fa, 'insatser-640px');
		await fa.goto(`${BASE}/#/import`);
		await vantaH1(fa, 'Importera');
		await ingetRinnerOver(fa, 'importen');
	});

	await browser.close();
}

await kor('deltagare', main);
