// SPDX-License-Identifier: ISC
// The shared part of the browser tests (tests/e2e/*.mjs): the harness
// (steps, checks, screenshots, the closing "N passed, M failed" line),
// the browser launch, and what every page of the app has in common
// (navigation, the message region, focus, overflow at 200 % zoom,
// tables, description lists, login).  Each test script is run by its
// tests/integration/t70NN-*.sh against a real `finsam serve`; its
// screenshots go to tests/e2e/out/<script>/ (or $E2E_OUT/<script>/).

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
export const TIMEOUT = 15000;

export function mustEnv(n) {
	const v = process.env[n];
	if (!v) {
		console.error(`${path.basename(process.argv[1] || 'e2e')}: ${n} must be set`);
		process.exit(2);
	}
	return v;
}

export const BASE = mustEnv('FINSAM_URL');
let OUT = null;

// YYYYMMDD + three digits -> "YYYYMMDD-NNNC" with the Luhn check digit.
export function luhnPnr(datum, nnn) {
	const tio = datum.slice(2) + nnn;
	let sum = 0;
	for (let i = 0; i < tio.length; i++) {
		let d = Number(tio[i]) * (i % 2 === 0 ? 2 : 1);
		if (d > 9)
			d -= 9;
		sum += d;
	}
	return `${datum}-${nnn}${(10 - (sum % 10)) % 10}`;
}

// A CSV file of the test data as objects by column name.
export function lasCsv(dir, namn) {
	const text = fs.readFileSync(path.join(dir, namn), 'utf8').replace(/^\uFEFF/, '');
	const rader = text.split(/\r?\n/).filter((r) => r.trim() !== '');
	const sep = rader[0].includes(';') ? ';' : ',';
	const huvud = rader[0].split(sep);
	return rader.slice(1).map((r) => {
		// The e2e files quote only fields without separators inside.
		const f = r.split(sep).map((x) => x.replace(/^"(.*)"$/, '$1'));
		return Object.fromEntries(huvud.map((k, i) => [k, f[i] || '']));
	});
}

// ---- the harness ----

let passed = 0;
let failed = 0;
let bild = 0;
const sidor = new Set();

export class Fel extends Error {}

export function ok(villkor, text) {
	if (!villkor)
		throw new Fel(text);
}

export function eq(fick, vill, text) {
	if (fick !== vill)
		throw new Fel(`${text}: fick ${JSON.stringify(fick)}, väntade ${JSON.stringify(vill)}`);
}

export function har(text, del, vad) {
	if (!String(text).includes(del))
		throw new Fel(`${vad}: "${del}" saknas i ${JSON.stringify(String(text).slice(0, 400))}`);
}

// Visible text with non-breaking spaces as plain spaces.
export function norm(s) {
	return String(s || '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
}

export async function skarmbild(sida, namn) {
	bild += 1;
	const fil = path.join(OUT, `${String(bild).padStart(2, '0')}-${namn}.png`);
	await sida.screenshot({ path: fil, fullPage: true });
	return fil;
}

export async function steg(namn, fn) {
	const t0 = Date.now();
	try {
		await fn();
		passed += 1;
		console.log(`ok - ${namn} (${Date.now() - t0} ms)`);
	} catch (e) {
		failed += 1;
		console.log(`FAIL - ${namn}`);
		console.log(`  ${e instanceof Fel ? e.message : e.stack || e}`);
		for (const s of sidor) {
			try {
				await skarmbild(s, `fel-${namn.replace(/[^a-z0-9åäö]+/gi, '-').toLowerCase()}`);
			} catch (e2) {
				// The page is gone: nothing to show.
			}
		}
	}
}

// Do what navigates (a click, Enter on a link) and wait until the new
// page is rendered (the app counts its renders in main[data-vy]).
export async function navigera(sida, gor) {
	const fore = await sida.locator('main').getAttribute('data-vy');
	await gor();
	await sida.waitForFunction((f) => {
		const m = document.querySelector('main');
		return m.dataset.vy && m.dataset.vy !== f && !m.hasAttribute('aria-busy');
	}, fore);
}

export async function h1(sida) {
	return norm(await sida.locator('main h1').first().textContent());
}

export async function vantaH1(sida, text) {
	await sida.locator('main h1', { hasText: text }).first().waitFor({ timeout: TIMEOUT });
}

// The text of the message in the live region (role=status).
export async function vantaMeddelande(sida, text) {
	await sida.locator('#meddelande', { hasText: text }).waitFor({ timeout: TIMEOUT });
}

export async function fokus(sida) {
	return sida.evaluate(() => {
		const a = document.activeElement;
		const st = getComputedStyle(a);
		const r = a.getBoundingClientRect();
		return {
			tag: a.tagName.toLowerCase(), id: a.id, name: a.getAttribute('name'),
			cls: a.className || '',
			text: (a.textContent || '').trim(),
			outline: st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0,
			skugga: st.boxShadow !== 'none',
			synlig: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight,
		};
	});
}

// Nothing wider than the window: the page, and every table region.
export async function ingetRinnerOver(sida, vad) {
	const m = await sida.evaluate(() => {
		const d = document.documentElement;
		const breda = [];
		for (const el of document.querySelectorAll('body *')) {
			const r = el.getBoundingClientRect();
			if (r.width > 0 && (r.right > d.clientWidth + 1 || r.left < -1) &&
			    !el.closest('.tabellram') && !el.classList.contains('hopp') &&
			    !el.classList.contains('visuellt-dold'))
				breda.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}–${Math.round(r.right)}`);
		}
		const tabeller = Array.from(document.querySelectorAll('.tabellram'))
		    .filter((t) => t.scrollWidth > t.clientWidth + 1)
		    .map((t) => `${t.getAttribute('aria-label')} ${t.scrollWidth}>${t.clientWidth}`);
		return { scroll: d.scrollWidth, bredd: d.clientWidth, breda: breda.slice(0, 5), tabeller };
	});
	ok(m.scroll <= m.bredd, `${vad}: sidan är ${m.scroll} px bred i ett ${m.bredd} px fönster (${m.breda.join('; ')})`);
	eq(m.breda.length, 0, `${vad}: element utanför fönstret (${m.breda.join('; ')})`);
	eq(m.tabeller.length, 0, `${vad}: tabeller som måste rullas i sidled (${m.tabeller.join('; ')})`);
}

// A cell of a table row by the row header's text and the column's name.
export async function tabellcell(sida, tabell, radText, kolumn) {
	return sida.evaluate(([sel, rad, kol]) => {
		const t = document.querySelector(sel);
		if (!t)
			return null;
		const kolumner = Array.from(t.querySelectorAll('thead th')).map((th) => th.textContent.trim());
		const k = kolumner.indexOf(kol);
		for (const tr of t.querySelectorAll('tbody tr')) {
			const celler = tr.querySelectorAll('th, td');
			if (celler[0] && celler[0].textContent.trim() === rad && k >= 0)
				return celler[k].textContent.replace(/[\u00a0\u202f]/g, ' ').trim();
		}
		return null;
	}, [tabell, radText, kolumn]);
}

// The value (dd) of a term (dt) in the page's description list.
export async function uppgift(sida, term) {
	return sida.evaluate((t) => {
		for (const dt of document.querySelectorAll('dl.uppgifter dt'))
			if (dt.textContent.trim() === t)
				return dt.nextElementSibling.textContent.replace(/[\u00a0\u202f]/g, ' ').trim();
		return null;
	}, term);
}

export async function loggaIn(sida, anv) {
	await sida.goto(`${BASE}/#/logga-in`);
	await vantaH1(sida, 'Logga in');
	await sida.getByLabel('Användarnamn').fill(anv.namn);
	await sida.getByLabel('Lösenord').fill(anv.losen);
	await sida.getByRole('button', { name: 'Logga in' }).click();
	await vantaH1(sida, 'Start');
}

export function utmapp() {
	return OUT;
}

// Chromium headless and a factory of fresh pages (own context, Swedish
// locale, downloads allowed, page errors and console errors printed).
export async function startaWebblasare() {
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		// playwright gives every launch a fresh --user-data-dir of its own.
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
			'--no-first-run', '--disable-background-networking',
			'--disable-component-update', '--disable-sync'],
		timeout: 60000,
	});
	const ny = async () => {
		const ctx = await browser.newContext({ locale: 'sv-SE', acceptDownloads: true,
		    viewport: { width: 1280, height: 900 } });
		ctx.setDefaultTimeout(TIMEOUT);
		const s = await ctx.newPage();
		s.on('pageerror', (e) => console.log(`  sidfel: ${e.message}`));
		s.on('console', (m) => {
			// Refusals the tests provoke (401, 403, 422) are not faults.
			if (m.type() === 'error' && !/status of (401|403|422)/.test(m.text()))
				console.log(`  konsolfel: ${m.text()}`);
		});
		sidor.add(s);
		return s;
	};
	return { browser, ny };
}

// Runs main() of the script called namn with a time limit, prints the
// summary line and exits with 0 only when every step passed.
export async function kor(namn, main, gransMs = 240000) {
	OUT = path.join(process.env.E2E_OUT || path.join(HERE, 'out'), namn);
	fs.mkdirSync(OUT, { recursive: true });
	// Only this run's pictures and files.
	for (const f of fs.readdirSync(OUT))
		if (/\.(png|csv|xlsx|html|svg)$/.test(f))
			fs.rmSync(path.join(OUT, f));
	const vakt = setTimeout(() => {
		console.log(`FAIL - testet tog för lång tid (${gransMs / 1000} s)`);
		console.log(`${passed} passed, ${failed + 1} failed`);
		process.exit(1);
	}, gransMs);
	try {
		await main();
	} catch (e) {
		failed += 1;
		console.log(`FAIL - webbläsaren: ${e.stack || e}`);
	}
	clearTimeout(vakt);
	console.log(`skärmbilder: ${OUT}`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed === 0 ? 0 : 1);
}
