// SPDX-License-Identifier: ISC
// The JSON API client: every request goes through here.  Sends the CSRF
// token (from the login or from GET /jag) in X-CSRF-Token on every
// state-changing request, turns error answers {"fel": {kod, meddelande,
// falt}} into ApiFel, and tells the application when the session is gone
// (401) so that it can show the login again.  The session cookie itself
// is HttpOnly: the script never sees it.

const BAS = '/api/v1';
let csrf = null;
let vidUtloggad = null;

export class ApiFel extends Error {
	constructor(status, fel, extra) {
		super(fel && fel.meddelande ? fel.meddelande : `HTTP ${status}`);
		this.status = status;
		this.kod = fel && fel.kod ? fel.kod : `http_${status}`;
		this.meddelande = this.message;
		this.falt = fel && fel.falt ? fel.falt : null;
		this.extra = extra || null;
	}

	get fel() {
		return { kod: this.kod, meddelande: this.meddelande, falt: this.falt };
	}
}

export function sattCsrf(token) {
	csrf = token || null;
}

// Called with the error when a request answers 401 (session gone).
export function narUtloggad(fn) {
	vidUtloggad = fn;
}

// A query string from an object; null/undefined/'' are left out.
export function fraga(params) {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(params || {})) {
		if (v !== null && v !== undefined && v !== '')
			q.set(k, String(v));
	}
	const s = q.toString();
	return s ? `?${s}` : '';
}

async function svar(res, tyst401) {
	const ct = res.headers.get('content-type') || '';
	let data = null;
	if (ct.includes('json'))
		data = await res.json().catch(() => null);
	else
		data = await res.text();
	if (!res.ok) {
		const fel = data && typeof data === 'object' && data.fel ? data.fel :
		    { kod: `http_${res.status}`,
			meddelande: `Servern svarade med fel ${res.status}.` };
		const e = new ApiFel(res.status, fel, data);
		if (res.status === 401 && !tyst401 && vidUtloggad)
			vidUtloggad(e);
		throw e;
	}
	return data;
}

// api('GET', '/forbund') -> parsed JSON; body is sent as JSON.
export async function api(metod, vag, kropp, opts) {
	const o = opts || {};
	const headers = { Accept: 'application/json' };
	if (kropp !== undefined)
		headers['Content-Type'] = 'application/json';
	if (metod !== 'GET' && metod !== 'HEAD' && csrf)
		headers['X-CSRF-Token'] = csrf;
	let res;
	try {
		res = await fetch(BAS + vag, {
			method: metod,
			headers,
			body: kropp !== undefined ? JSON.stringify(kropp) : undefined,
			credentials: 'same-origin',
			cache: 'no-store',
		});
	} catch (err) {
		throw new ApiFel(0, { kod: 'natverk',
		    meddelande: 'Servern gick inte att nå. Kontrollera anslutningen och försök igen.' });
	}
	return svar(res, o.tyst401);
}

// Upload text (a CSV file) with upload progress: onProgress(done, total).
// fetch() has no upload progress, so this one uses XMLHttpRequest.
// metod: 'POST' (default) or 'PUT'.
export function laddaUpp(vag, text, onProgress, metod) {
	return new Promise((resolve, reject) => {
		const x = new XMLHttpRequest();
		x.open(metod || 'POST', BAS + vag);
		x.setRequestHeader('Content-Type', 'text/csv; charset=utf-8');
		x.setRequestHeader('Accept', 'application/json');
		if (csrf)
			x.setRequestHeader('X-CSRF-Token', csrf);
		x.upload.onprogress = (ev) => {
			if (onProgress)
				onProgress(ev.loaded, ev.lengthComputable ? ev.total : 0);
		};
		x.onload = () => {
			let data = null;
			try {
				data = JSON.parse(x.responseText);
			} catch (e) {
				data = null;
			}
			if (x.status >= 200 && x.status < 300) {
				resolve(data);
				return;
			}
			const fel = data && data.fel ? data.fel :
			    { kod: `http_${x.status}`,
				meddelande: `Servern svarade med fel ${x.status}.` };
			const e = new ApiFel(x.status, fel, data);
			if (x.status === 401 && vidUtloggad)
				vidUtloggad(e);
			reject(e);
		};
		x.onerror = () => reject(new ApiFel(0, { kod: 'natverk',
		    meddelande: 'Servern gick inte att nå. Kontrollera anslutningen och försök igen.' }));
		x.send(text);
	});
}

// The address of a GET resource for links and images (CSV, SVG).
export function adress(vag, params) {
	return BAS + vag + fraga(params);
}
