// SPDX-License-Identifier: ISC
// The code lists of the API (GET /koder), loaded once per session: the
// choices of the forms and the Swedish labels of codes in tables.

import { api } from './api.js';
import { STRECK } from './fmt.js';

let listor = null;

export async function laddaKoder() {
	if (!listor)
		listor = await api('GET', '/koder');
	return listor;
}

export function glomKoder() {
	listor = null;
}

// The list [{kod, benamning}] by its key ("utbildning", ...).
export function lista(namn) {
	return listor && listor[namn] ? listor[namn] : [];
}

// The label of a code, or the code itself when unknown.
export function etikett(namn, kod) {
	if (kod === null || kod === undefined || kod === '')
		return STRECK;
	const k = lista(namn).find((x) => x.kod === kod);
	return k && k.benamning ? k.benamning : kod;
}

export function etiketter(namn, koder) {
	if (!koder || koder.length === 0)
		return STRECK;
	return koder.map((k) => etikett(namn, k)).join(', ');
}
