// SPDX-License-Identifier: ISC
// DOM helpers of the finsam web UI.  Every element is built with the DOM
// API and every piece of text goes in as a text node, so data from the
// server can never become markup (no innerHTML anywhere).  Also owns the
// form helpers: labelled fields, field-level error messages from the
// API's {"fel": {"falt": ...}}, and the live region for messages.

let idnr = 0;

// A fresh id for label/for and aria-describedby pairs.
export function nyttId(prefix) {
	idnr += 1;
	return `${prefix || 'f'}-${idnr}`;
}

// h('p', {class: 'x'}, 'text', child, [more]) builds an element.
// Attributes: class, for, on<event> (listener), aria-*/data-*/role and
// anything else via setAttribute; boolean true sets an empty attribute,
// false/null/undefined leaves it out.  Children: strings and numbers
// become text nodes, arrays are flattened, null/false are skipped.
export function h(tag, attrs, ...children) {
	const el = document.createElement(tag);
	if (attrs) {
		for (const [k, v] of Object.entries(attrs)) {
			if (v === null || v === undefined || v === false)
				continue;
			if (k === 'class')
				el.className = v;
			else if (k.startsWith('on')) {
				// Handlers only as functions, never as text.
				if (typeof v === 'function')
					el.addEventListener(k.slice(2), v);
			}
			else if (k === 'value')
				el.value = v;
			else if (k === 'checked' || k === 'selected')
				el[k] = Boolean(v);
			else
				el.setAttribute(k, v === true ? '' : String(v));
		}
	}
	append(el, children);
	return el;
}

export function append(el, children) {
	for (const c of children) {
		if (c === null || c === undefined || c === false)
			continue;
		if (Array.isArray(c))
			append(el, c);
		else if (c instanceof Node)
			el.appendChild(c);
		else
			el.appendChild(document.createTextNode(String(c)));
	}
	return el;
}

export function tom(el) {
	while (el.firstChild)
		el.removeChild(el.firstChild);
	return el;
}

export function ersatt(el, ...children) {
	tom(el);
	return append(el, children);
}

// A link inside the application (hash route).
export function lank(href, text, attrs) {
	return h('a', Object.assign({ href }, attrs || {}), text);
}

// ---- messages ----

// The polite live region in the page frame: success and progress.
export function meddela(text) {
	const r = document.getElementById('meddelande');
	if (!r)
		return;
	// Clear first so that the same text twice is announced twice.
	tom(r);
	window.setTimeout(() => {
		ersatt(r, h('p', null, text));
	}, 30);
}

export function rensaMeddelande() {
	const r = document.getElementById('meddelande');
	if (r)
		tom(r);
}

// A box for a form's errors: role=alert so that it is announced.
export function felruta() {
	return h('div', { class: 'felruta', role: 'alert', hidden: true });
}

// ---- form fields ----

// A labelled input.  opts: {namn, typ, varde, hjalp, obligatorisk,
// autocomplete, inputmode, min, max, steg, storlek, placeholder}
export function textfalt(etikett, opts) {
	const id = nyttId(opts.namn);
	const hjalpId = opts.hjalp ? `${id}-hjalp` : null;
	const input = h('input', {
		id,
		name: opts.namn,
		type: opts.typ || 'text',
		value: opts.varde !== undefined && opts.varde !== null ?
		    String(opts.varde) : '',
		required: opts.obligatorisk || false,
		'aria-required': opts.obligatorisk ? 'true' : null,
		autocomplete: opts.autocomplete || 'off',
		inputmode: opts.inputmode || null,
		min: opts.min !== undefined ? opts.min : null,
		max: opts.max !== undefined ? opts.max : null,
		step: opts.steg || null,
		size: opts.storlek || null,
		placeholder: opts.placeholder || null,
		spellcheck: opts.spellcheck === undefined ? null :
		    String(opts.spellcheck),
		'aria-describedby': hjalpId,
	});
	return h('div', { class: 'falt', 'data-falt': opts.namn },
	    h('label', { for: id }, etikett,
		opts.obligatorisk ? h('span', { class: 'obl' }, ' (obligatorisk)') :
		null),
	    hjalpId ? h('p', { class: 'hjalp', id: hjalpId }, opts.hjalp) : null,
	    input);
}

// A date field: text, YYYY-MM-DD (the Swedish standard), typed quickly.
export function datumfalt(etikett, opts) {
	return textfalt(etikett, Object.assign({
		hjalp: 'Skriv datumet som ÅÅÅÅ-MM-DD.',
		inputmode: 'numeric',
		storlek: 12,
		placeholder: 'ÅÅÅÅ-MM-DD',
	}, opts));
}

// A percentage 0-100.
export function procentfalt(etikett, opts) {
	// Text, not type=number: what is typed reaches the server, which
	// names the rule when it is not a whole number 0-100.
	return textfalt(etikett, Object.assign({
		inputmode: 'numeric',
		hjalp: '0–100, där 100 % är heltid (40 timmar i veckan).',
		storlek: 5,
	}, opts));
}

// A select from a code list [{kod, benamning}]; tomText adds an empty
// first choice ("not given").
export function valfalt(etikett, opts) {
	const id = nyttId(opts.namn);
	const hjalpId = opts.hjalp ? `${id}-hjalp` : null;
	const sel = h('select', {
		id, name: opts.namn,
		required: opts.obligatorisk || false,
		'aria-required': opts.obligatorisk ? 'true' : null,
		'aria-describedby': hjalpId,
	});
	if (opts.tomText !== undefined)
		sel.appendChild(h('option', { value: '' }, opts.tomText));
	for (const k of opts.koder || []) {
		sel.appendChild(h('option', {
			value: k.kod, selected: opts.varde === k.kod,
		}, k.benamning || k.kod));
	}
	if (opts.varde === null || opts.varde === undefined)
		sel.value = opts.tomText !== undefined ? '' : sel.value;
	return h('div', { class: 'falt', 'data-falt': opts.namn },
	    h('label', { for: id }, etikett,
		opts.obligatorisk ? h('span', { class: 'obl' }, ' (obligatorisk)') :
		null),
	    hjalpId ? h('p', { class: 'hjalp', id: hjalpId }, opts.hjalp) : null,
	    sel);
}

// A group of checkboxes for a code set (fieldset with legend).
export function kryssgrupp(legend, opts) {
	const valda = new Set(opts.varde || []);
	const hjalpId = opts.hjalp ? nyttId(`${opts.namn}-hjalp`) : null;
	const fs = h('fieldset', {
		class: 'falt grupp', 'data-falt': opts.namn,
		'aria-describedby': hjalpId,
	}, h('legend', null, legend),
	hjalpId ? h('p', { class: 'hjalp', id: hjalpId }, opts.hjalp) : null);
	const lista = h('div', { class: 'kryss' });
	for (const k of opts.koder || []) {
		const id = nyttId(`${opts.namn}-${k.kod}`);
		lista.appendChild(h('div', { class: 'kryssrad' },
		    h('input', {
			type: 'checkbox', id, name: opts.namn, value: k.kod,
			checked: valda.has(k.kod),
		    }),
		    h('label', { for: id }, k.benamning || k.kod)));
	}
	fs.appendChild(lista);
	return fs;
}

// Yes / no / not given as radio buttons.
export function janejfalt(legend, opts) {
	const val = [
		['ja', 'Ja', opts.varde === true],
		['nej', 'Nej', opts.varde === false],
		['', 'Okänt', opts.varde === null || opts.varde === undefined],
	];
	const fs = h('fieldset', { class: 'falt grupp', 'data-falt': opts.namn },
	    h('legend', null, legend));
	const rad = h('div', { class: 'radio' });
	for (const [v, text, checked] of val) {
		const id = nyttId(`${opts.namn}-${v || 'okant'}`);
		rad.appendChild(h('span', { class: 'kryssrad' },
		    h('input', { type: 'radio', id, name: opts.namn, value: v,
			checked }),
		    h('label', { for: id }, text)));
	}
	fs.appendChild(rad);
	return fs;
}

export function knapp(text, attrs) {
	return h('button', Object.assign({ type: 'submit' }, attrs || {}), text);
}

// ---- reading forms ----

// The value of a text/select field, or null when empty.
export function varde(form, namn) {
	const el = form.elements.namedItem(namn);
	if (!el)
		return null;
	const v = (el.value || '').trim();
	return v === '' ? null : v;
}

export function heltalVarde(form, namn) {
	const v = varde(form, namn);
	if (v === null)
		return null;
	const n = Number(v.replace(',', '.'));
	// Not a whole number: send the text and let the server name the rule.
	return Number.isInteger(n) ? n : v;
}

export function kryssVarden(form, namn) {
	return Array.from(form.querySelectorAll(`input[type=checkbox][name="${namn}"]`))
	    .filter((c) => c.checked).map((c) => c.value);
}

export function janejVarde(form, namn) {
	const c = form.querySelector(`input[type=radio][name="${namn}"]:checked`);
	if (!c || c.value === '')
		return null;
	return c.value === 'ja';
}

// Normalise a typed date: 20260601 -> 2026-06-01; else as typed.
export function datumVarde(form, namn) {
	const v = varde(form, namn);
	if (v === null)
		return null;
	const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
	return m ? `${m[1]}-${m[2]}-${m[3]}` : v;
}

// ---- errors next to the field ----

export function rensaFel(form) {
	for (const el of form.querySelectorAll('.faltfel'))
		el.remove();
	for (const el of form.querySelectorAll('[aria-invalid]'))
		el.removeAttribute('aria-invalid');
	for (const el of form.querySelectorAll('.falt.fel'))
		el.classList.remove('fel');
	for (const el of form.querySelectorAll('[data-felref]')) {
		const ids = (el.getAttribute('aria-describedby') || '').split(' ')
		    .filter((x) => x && x !== el.getAttribute('data-felref'));
		if (ids.length)
			el.setAttribute('aria-describedby', ids.join(' '));
		else
			el.removeAttribute('aria-describedby');
		el.removeAttribute('data-felref');
	}
	const ruta = form.querySelector('.felruta');
	if (ruta) {
		tom(ruta);
		ruta.hidden = true;
	}
}

// Show an API error on form: next to the field it names (the field gets
// aria-invalid and the message through aria-describedby, and focus), and
// in the form's error box.  opts: {rubrik: the box's first words,
// etiketter: {falt: label} for fields not in the form, alias: {falt:
// name} when the API names a field differently from the form}.  Returns the
// field's container or null.
export function visaFel(form, fel, opts) {
	const o = opts || {};
	rensaFel(form);
	let namn = fel && fel.falt ? fel.falt : null;
	if (namn && o.alias && o.alias[namn])
		namn = o.alias[namn];
	const text = fel && fel.meddelande ? fel.meddelande : 'Något gick fel.';
	let behallare = namn ? form.querySelector(`[data-falt="${cssEsc(namn)}"]`) :
	    null;
	const ruta = form.querySelector('.felruta');
	const etikett = behallare ? faltEtikett(behallare) : (o.etiketter &&
	    namn && o.etiketter[namn]) || namn;
	const hel = etikett ? `${etikett}: ${text}` : text;
	if (behallare) {
		const id = nyttId('fel');
		const p = h('p', { class: 'faltfel', id }, hel);
		behallare.classList.add('fel');
		const styr = behallare.matches('fieldset') ? behallare :
		    behallare.querySelector('input, select, textarea');
		if (behallare.matches('fieldset')) {
			const legend = behallare.querySelector('legend');
			legend.after(p);
		} else {
			const lbl = behallare.querySelector('label');
			lbl.after(p);
		}
		if (styr) {
			styr.setAttribute('aria-invalid', 'true');
			const d = styr.getAttribute('aria-describedby');
			styr.setAttribute('aria-describedby', d ? `${id} ${d}` : id);
			styr.setAttribute('data-felref', id);
		}
	}
	if (ruta) {
		ruta.hidden = false;
		ersatt(ruta, h('p', null, h('strong', null,
		    `${o.rubrik || 'Uppgifterna sparades inte.'} `),
		    hel));
	}
	const fokus = behallare ? behallare.querySelector('input, select, textarea') :
	    null;
	if (fokus)
		fokus.focus();
	else if (ruta) {
		ruta.setAttribute('tabindex', '-1');
		ruta.focus();
	}
	return behallare;
}

function faltEtikett(behallare) {
	const l = behallare.querySelector('legend, label');
	if (!l)
		return null;
	const kopia = l.cloneNode(true);
	for (const s of kopia.querySelectorAll('.obl'))
		s.remove();
	return kopia.textContent.trim();
}

function cssEsc(s) {
	return window.CSS && CSS.escape ? CSS.escape(s) : s.replace(/[^a-z0-9_-]/gi, '');
}

// A table: caption, column headers, rows of cells (the first cell of a
// row a row header when radhuvud is true).  Wrapped so that a wide table
// scrolls on its own instead of widening the page.  opts: {radhuvud,
// tal: [bool per column, right-aligned numbers], class, staplad: on a
// narrow screen each row becomes a block of "column: value" lines}.
export function tabell(caption, kolumner, rader, opts) {
	const o = opts || {};
	const klass = [o.class, o.staplad ? 'staplad' : null].filter(Boolean).join(' ');
	const t = h('table', { class: klass || null },
	    caption ? h('caption', null, caption) : null,
	    h('thead', null, h('tr', null, kolumner.map((k, i) =>
		h('th', { scope: 'col', class: o.tal && o.tal[i] ? 'tal' : null },
		    k)))));
	const tb = h('tbody');
	for (const rad of rader) {
		tb.appendChild(h('tr', null, rad.map((cell, i) => {
			const cls = o.tal && o.tal[i] ? 'tal' : null;
			const attrs = { class: cls, 'data-kolumn': o.staplad ? kolumner[i] : null };
			const inne = o.staplad ? h('span', { class: 'v' }, cell) : cell;
			if (i === 0 && o.radhuvud)
				return h('th', Object.assign({ scope: 'row' }, attrs), inne);
			return h('td', attrs, inne);
		})));
	}
	t.appendChild(tb);
	return h('div', { class: 'tabellram', 'data-etikett': caption || null }, t);
}

// A table region that must scroll sideways gets keyboard focus and a
// name (role region), so that it can be scrolled without a mouse; one
// that fits gets neither (no needless tab stops).
export function markeraRullbara(rot) {
	for (const r of (rot || document).querySelectorAll('.tabellram')) {
		if (r.scrollWidth > r.clientWidth + 1) {
			r.setAttribute('tabindex', '0');
			r.setAttribute('role', 'region');
			if (r.dataset.etikett)
				r.setAttribute('aria-label', r.dataset.etikett);
		} else {
			r.removeAttribute('tabindex');
			r.removeAttribute('role');
			r.removeAttribute('aria-label');
		}
	}
}

// Page links for a paginated list {sida, per_sida, totalt}: href(n)
// gives the address of page n.
export function sidor(lista, href) {
	const antal = Math.max(1, Math.ceil((lista.totalt || 0) / (lista.per_sida || 50)));
	if (antal <= 1)
		return null;
	const s = lista.sida || 1;
	return h('nav', { class: 'sidor', 'aria-label': 'Sidor' },
	    s > 1 ? lank(href(s - 1), 'Föregående sida') : null,
	    h('span', null, ` Sida ${s} av ${antal} `),
	    s < antal ? lank(href(s + 1), 'Nästa sida') : null);
}

// A description list of [term, value] pairs.
export function uppgifter(par) {
	return h('dl', { class: 'uppgifter' }, par.map(([t, v]) =>
	    [h('dt', null, t), h('dd', null, v)]));
}

// A labelled multi-line text field.
export function textomrade(etikett, opts) {
	const id = nyttId(opts.namn);
	const hjalpId = opts.hjalp ? `${id}-hjalp` : null;
	const t = h('textarea', { id, name: opts.namn, rows: opts.rader || 3,
	    required: opts.obligatorisk || false,
	    'aria-required': opts.obligatorisk ? 'true' : null,
	    'aria-describedby': hjalpId });
	t.value = opts.varde || '';
	return h('div', { class: 'falt', 'data-falt': opts.namn },
	    h('label', { for: id }, etikett,
		opts.obligatorisk ? h('span', { class: 'obl' }, ' (obligatorisk)') :
		null),
	    hjalpId ? h('p', { class: 'hjalp', id: hjalpId }, opts.hjalp) : null,
	    t);
}

// A single checkbox with its label.
export function kryssruta(etikett, opts) {
	const id = nyttId(opts.namn);
	return h('div', { class: 'falt kryssrad', 'data-falt': opts.namn },
	    h('input', { type: 'checkbox', id, name: opts.namn, checked: opts.varde }),
	    h('label', { for: id }, etikett));
}
