/** Small builders for labelled form controls: each returns the wrapper and a setter that never re-fires change. */

export interface Field<T> {
  /** the wrapper (label + control), to place and to hide */
  el: HTMLElement;
  /** shows a value without firing a change */
  set(value: T): void;
  /** the control itself, for focus and options */
  input: HTMLInputElement | HTMLSelectElement;
}

let counter = 0;
const nextId = (name: string) => `f-${name}-${++counter}`;

function wrap(labelText: string, control: HTMLElement, id: string, hint?: string): HTMLElement {
  const row = document.createElement('div');
  row.className = 'field';
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = labelText;
  row.append(label, control);
  if (hint !== undefined) {
    const small = document.createElement('small');
    small.id = `${id}-hint`;
    small.textContent = hint;
    control.setAttribute('aria-describedby', small.id);
    row.appendChild(small);
  }
  return row;
}

export type Option = string | { value: string; label: string; group?: string };

/** A <select>; options may carry a group (an <optgroup>). */
export function select(name: string, labelText: string, options: readonly Option[], onChange: (v: string) => void, hint?: string): Field<string> & { setOptions(o: readonly Option[]): void } {
  const id = nextId(name);
  const el = document.createElement('select');
  el.id = id;
  el.name = name;
  const fill = (opts: readonly Option[]) => {
    el.replaceChildren();
    const groups = new Map<string, HTMLOptGroupElement>();
    for (const o of opts) {
      const opt = document.createElement('option');
      const value = typeof o === 'string' ? o : o.value;
      opt.value = value;
      opt.textContent = typeof o === 'string' ? o : o.label;
      const g = typeof o === 'string' ? undefined : o.group;
      if (g === undefined) el.appendChild(opt);
      else {
        let og = groups.get(g);
        if (og === undefined) {
          og = document.createElement('optgroup');
          og.label = g;
          groups.set(g, og);
          el.appendChild(og);
        }
        og.appendChild(opt);
      }
    }
  };
  fill(options);
  el.addEventListener('change', () => onChange(el.value));
  return {
    el: wrap(labelText, el, id, hint),
    input: el,
    set: (v) => {
      el.value = v;
    },
    setOptions: fill,
  };
}

/** A number box; invalid text is put back to the last good value. */
export function number(name: string, labelText: string, o: { min: number; max: number; step: number | 'any' }, onChange: (v: number) => void, hint?: string): Field<number> {
  const id = nextId(name);
  const el = document.createElement('input');
  el.type = 'number';
  el.id = id;
  el.name = name;
  el.min = String(o.min);
  el.max = String(o.max);
  el.step = String(o.step);
  el.inputMode = 'decimal';
  let last = 0;
  el.addEventListener('change', () => {
    const v = Number(el.value);
    if (el.value.trim() === '' || !Number.isFinite(v) || v < o.min || v > o.max) {
      el.value = String(last);
      return;
    }
    last = v;
    onChange(v);
  });
  return {
    el: wrap(labelText, el, id, hint),
    input: el,
    set: (v) => {
      last = v;
      el.value = String(v);
    },
  };
}

/** A slider with its value shown beside it (and announced through aria-valuetext). */
export function range(name: string, labelText: string, o: { min: number; max: number; step: number; format: (v: number) => string }, onChange: (v: number) => void): Field<number> & { setMax(max: number): void } {
  const id = nextId(name);
  const el = document.createElement('input');
  el.type = 'range';
  el.id = id;
  el.name = name;
  el.min = String(o.min);
  el.max = String(o.max);
  el.step = String(o.step);
  const out = document.createElement('output');
  out.htmlFor.add(id);
  const box = document.createElement('span');
  box.className = 'range';
  box.append(el, out);
  const show = () => {
    const text = o.format(Number(el.value));
    out.textContent = text;
    el.setAttribute('aria-valuetext', text);
  };
  el.addEventListener('input', show);
  el.addEventListener('change', () => onChange(Number(el.value)));
  return {
    el: wrap(labelText, box, id),
    input: el,
    set: (v) => {
      el.value = String(v);
      show();
    },
    setMax: (max) => {
      el.max = String(max);
      show();
    },
  };
}

export function checkbox(name: string, labelText: string, onChange: (v: boolean) => void): Field<boolean> {
  const id = nextId(name);
  const el = document.createElement('input');
  el.type = 'checkbox';
  el.id = id;
  el.name = name;
  el.addEventListener('change', () => onChange(el.checked));
  const label = document.createElement('label');
  label.className = 'check';
  label.append(el, ` ${labelText}`);
  const row = document.createElement('div');
  row.className = 'field';
  row.appendChild(label);
  return {
    el: row,
    input: el,
    set: (v) => {
      el.checked = v;
    },
  };
}

export function button(text: string, onClick: () => void, o: { id?: string; title?: string; className?: string } = {}): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  if (o.id !== undefined) b.id = o.id;
  if (o.title !== undefined) {
    b.title = o.title;
    b.setAttribute('aria-label', o.title);
  }
  if (o.className !== undefined) b.className = o.className;
  b.addEventListener('click', onClick);
  return b;
}

/** A file picker behind a label styled as a button. */
export function filePicker(name: string, labelText: string, accept: string, onFile: (f: File) => void, fixedId?: string): { el: HTMLElement; input: HTMLInputElement } {
  const id = fixedId ?? nextId(name);
  const input = document.createElement('input');
  input.type = 'file';
  input.id = id;
  input.name = name;
  input.accept = accept;
  input.className = 'file';
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    if (f !== undefined) onFile(f);
    input.value = '';
  });
  const label = document.createElement('label');
  label.htmlFor = id;
  label.className = 'button';
  label.textContent = labelText;
  const row = document.createElement('div');
  row.className = 'field file-field';
  row.append(input, label);
  return { el: row, input };
}

export function fieldset(legend: string, ...children: HTMLElement[]): HTMLFieldSetElement {
  const fs = document.createElement('fieldset');
  const lg = document.createElement('legend');
  lg.textContent = legend;
  fs.append(lg, ...children);
  return fs;
}
