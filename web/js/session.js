// SPDX-License-Identifier: ISC
// Who is logged in (GET /jag): the user's roles with their förbund and
// insatser and the start page's to-do list.  The menus are built from
// this; the server decides every request all the same.

import { api, sattCsrf } from './api.js';

let jag = null;

export async function laddaJag(opts) {
	const j = await api('GET', '/jag', undefined, opts);
	jag = j;
	sattCsrf(j.csrf);
	return j;
}

export function nuvarande() {
	return jag;
}

export function glom() {
	jag = null;
	sattCsrf(null);
}

export function roller() {
	return jag && jag.roller ? jag.roller : [];
}

export function har(roll) {
	return roller().some((r) => r.roll === roll);
}

// Assignments of a role: [{roll, benamning, forbund, insats, insats_id}].
export function tilldelningar(roll) {
	return roller().filter((r) => r.roll === roll);
}

// The förbund codes the user has any assignment in, in order.
export function forbundKoder() {
	const s = [];
	for (const r of roller())
		if (r.forbund && !s.includes(r.forbund))
			s.push(r.forbund);
	return s;
}

// Whether the user reaches every förbund (analytiker).
export function allaForbund() {
	return har('analytiker');
}

// May see and register identified participants in insats id.
export function deltagareI(insatsId) {
	return tilldelningar('deltagaransvarig')
	    .some((r) => Number(r.insats_id) === Number(insatsId));
}

// May edit insats (förbundsadministratör of its förbund or its insatsansvarig).
export function redigeraInsats(insats) {
	return tilldelningar('insatsansvarig')
	    .some((r) => Number(r.insats_id) === Number(insats.id)) ||
	    tilldelningar('forbundsadministrator').length > 0;
}

// May edit anonymous and count-only figures of insats.
export function anonymaI(insats) {
	return redigeraInsats(insats) || deltagareI(insats.id);
}

export function forbundsadmin(kod) {
	return tilldelningar('forbundsadministrator')
	    .some((r) => kod === undefined || r.forbund === kod);
}
