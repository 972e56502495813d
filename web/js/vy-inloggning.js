// SPDX-License-Identifier: ISC
// The login page: user name and password, POST /inloggning.  The answer
// sets the HttpOnly session cookie; the CSRF token comes back in the body.

import { api, sattCsrf } from './api.js';
import { h, textfalt, knapp, felruta, visaFel, rensaFel, varde } from './dom.js';
import { inloggad } from '../app.js';

export async function vyInloggning(params, query) {
	const ruta = felruta();
	const form = h('form', { class: 'formular smal', novalidate: true,
	    'aria-labelledby': 'inloggning-rubrik' },
	    ruta,
	    textfalt('Användarnamn', { namn: 'anvandarnamn', obligatorisk: true,
		autocomplete: 'username', spellcheck: false }),
	    textfalt('Lösenord', { namn: 'losenord', typ: 'password',
		obligatorisk: true, autocomplete: 'current-password' }),
	    h('div', { class: 'knappar' }, knapp('Logga in')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		rensaFel(form);
		const namn = varde(form, 'anvandarnamn');
		const losen = form.elements.namedItem('losenord').value;
		if (!namn) {
			visaFel(form, { falt: 'anvandarnamn', meddelande: 'måste anges' },
			    { rubrik: 'Inloggningen misslyckades.' });
			return;
		}
		if (!losen) {
			visaFel(form, { falt: 'losenord', meddelande: 'måste anges' },
			    { rubrik: 'Inloggningen misslyckades.' });
			return;
		}
		const btn = form.querySelector('button');
		btn.disabled = true;
		try {
			const svar = await api('POST', '/inloggning',
			    { anvandarnamn: namn, losenord: losen }, { tyst401: true });
			form.elements.namedItem('losenord').value = '';
			sattCsrf(svar.csrf);
			await inloggad();
		} catch (e) {
			form.elements.namedItem('losenord').value = '';
			// A failed login names no field of the form: the box says it.
			const f = e.falt === 'anvandarnamn' || e.falt === 'losenord' ?
			    e.falt : null;
			visaFel(form, { falt: f, meddelande: e.meddelande },
			    { rubrik: 'Inloggningen misslyckades.' });
			if (!f)
				form.elements.namedItem('losenord').focus();
		} finally {
			btn.disabled = false;
		}
	});
	const info = [];
	if (query.utgangen)
		info.push(h('p', { class: 'info', role: 'status' },
		    'Sessionen har gått ut eller avslutats. Logga in igen.'));
	if (query.utloggad)
		info.push(h('p', { class: 'info', role: 'status' }, 'Du är utloggad.'));
	return [
		h('h1', { id: 'inloggning-rubrik' }, 'Logga in'),
		info,
		h('p', null, 'Logga in med ditt användarnamn och lösenord. ',
		    'Efter 30 minuter utan aktivitet loggas du ut automatiskt.'),
		form,
	];
}
