/**
 * The form: its values in and out, which fields the chosen workload kind shows, the owned-hardware
 * rows, and problem messages placed next to the field their JSON Pointer names.
 */
import { byId, el } from './dom.js';
import { defaultValues, type FormValues, type OwnedValues } from './request.js';
import type { AcceleratorListItem } from './types.js';

const form = () => byId<HTMLFormElement>('plan-form');

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const textFields = [
  'model',
  'modelConfig',
  'precision',
  'kind',
  'method',
  'inputTokens',
  'outputTokens',
  'requests',
  'tokens',
  'sequenceLength',
  'deadlineHours',
  'rate',
  'rateUnit',
  'activeHours',
  'ttftMs',
  'tpotMs',
  'region',
] as const;

const control = (name: string) => form().elements.namedItem(name) as Control | null;

let accelerators: AcceleratorListItem[] = [];

export function setAccelerators(list: AcceleratorListItem[]): void {
  accelerators = list;
}

function ownedRow(values: OwnedValues, index: number): HTMLLIElement {
  const template = byId<HTMLTemplateElement>('owned-row');
  const row = (template.content.firstElementChild as HTMLLIElement).cloneNode(true) as HTMLLIElement;
  for (const input of row.querySelectorAll<Control>('[data-name]')) {
    const name = input.dataset.name ?? '';
    input.id = `owned-${index}-${name}`;
    input.dataset.pointer = `/owned/${index}/${name}`;
    if (input instanceof HTMLSelectElement) {
      input.replaceChildren(
        el('option', { value: '', textContent: 'choose…' }),
        ...accelerators.map((a) =>
          el('option', { value: a.id, textContent: `${a.name} (${a.memoryGiB} GiB)` }),
        ),
      );
    }
    input.value = values[name as keyof OwnedValues] ?? '';
  }
  row.querySelector('[data-action="remove"]')?.addEventListener('click', () => {
    const rows = readOwned().filter((_, i) => i !== index);
    writeOwned(rows);
  });
  return row;
}

function readOwned(): OwnedValues[] {
  return [...byId('owned-rows').querySelectorAll<HTMLLIElement>('.owned-row')].map((row) => {
    const get = (name: string) => row.querySelector<Control>(`[data-name="${name}"]`)?.value ?? '';
    return {
      accelerator: get('accelerator'),
      count: get('count'),
      memoryGiB: get('memoryGiB'),
      label: get('label'),
    };
  });
}

function writeOwned(rows: OwnedValues[]): void {
  byId('owned-rows').replaceChildren(...rows.map(ownedRow));
}

export function addOwnedRow(): void {
  writeOwned([...readOwned(), { accelerator: '', count: '1', memoryGiB: '', label: '' }]);
  const last = byId('owned-rows').lastElementChild?.querySelector<HTMLSelectElement>('select');
  last?.focus();
}

export function readForm(): FormValues {
  const values = { ...defaultValues } as unknown as Record<string, unknown>;
  for (const name of textFields) values[name] = control(name)?.value ?? '';
  const source = form().querySelector<HTMLInputElement>('input[name="modelSource"]:checked');
  values.modelSource = source?.value === 'config' ? 'config' : 'preset';
  values.owned = byId('owned-fieldset').hidden ? [] : readOwned();
  return values as unknown as FormValues;
}

export function writeForm(values: FormValues): void {
  for (const name of textFields) {
    const c = control(name);
    if (!c) continue;
    const value = values[name];
    if (c instanceof HTMLSelectElement && value !== '' && ![...c.options].some((o) => o.value === value)) {
      // A preset or precision this API does not list: keep it, so the API answers for it.
      c.append(el('option', { value, textContent: value }));
    }
    c.value = value;
  }
  for (const radio of form().querySelectorAll<HTMLInputElement>('input[name="modelSource"]')) {
    radio.checked = radio.value === values.modelSource;
  }
  writeOwned(values.owned);
  showFieldsFor();
}

/** Shows the fields of the chosen kind and model source; hidden fields are not sent. */
export function showFieldsFor(): void {
  const kind = control('kind')?.value ?? 'inference';
  for (const node of form().querySelectorAll<HTMLElement>('[data-kinds]')) {
    node.hidden =
      !(node.dataset.kinds ?? '').split(' ').includes(kind) || node.dataset.unsupported === 'true';
  }
  const source = readForm().modelSource;
  for (const node of form().querySelectorAll<HTMLElement>('[data-source]'))
    node.hidden = node.dataset.source !== source;
}

/** Turns off a field the API does not take (yet), and says so. */
export function markUnsupported(capability: string, note: string): void {
  for (const node of form().querySelectorAll<HTMLElement>(`[data-capability="${capability}"]`)) {
    node.hidden = true;
    node.dataset.unsupported = 'true';
  }
  const noteNode = byId('capability-note');
  noteNode.hidden = false;
  noteNode.textContent = [noteNode.textContent, note].filter(Boolean).join(' ');
}

export function disableKind(kind: string): void {
  const option = control('kind')?.querySelector<HTMLOptionElement>(`option[value="${kind}"]`);
  if (option) {
    option.disabled = true;
    option.textContent += ' (not offered by this API yet)';
  }
}

/** The visible control whose data-pointer is the longest prefix of `pointer`. */
function controlFor(pointer: string): Control | undefined {
  let best: Control | undefined;
  let bestLength = -1;
  for (const c of form().querySelectorAll<Control>('[data-pointer]')) {
    if (c.closest('[hidden]')) continue;
    for (const p of (c.dataset.pointer ?? '').split(' ')) {
      if ((pointer === p || pointer.startsWith(`${p}/`)) && p.length > bestLength) {
        best = c;
        bestLength = p.length;
      }
    }
  }
  return best;
}

export function clearErrors(): void {
  for (const node of form().querySelectorAll('.field-error')) node.remove();
  for (const c of form().querySelectorAll<Control>('[aria-invalid]')) {
    c.removeAttribute('aria-invalid');
    c.setAttribute(
      'aria-describedby',
      (c.getAttribute('aria-describedby') ?? '').replace(/\s*err-\S+/g, '').trim(),
    );
  }
  const list = byId('form-errors');
  list.hidden = true;
  list.replaceChildren();
}

/**
 * Shows each error next to its field (aria-invalid, aria-describedby) and the rest, with the
 * problem's detail, in the list under the form. Focuses the first invalid field.
 */
export function showErrors(errors: readonly { pointer: string; message: string }[], detail?: string): void {
  clearErrors();
  const unplaced: string[] = [];
  let first: Control | undefined;
  errors.forEach(({ pointer, message }, i) => {
    const c = controlFor(pointer);
    if (!c) {
      unplaced.push(`${pointer || 'request'}: ${message}`);
      return;
    }
    const id = `err-${c.id}-${i}`;
    const within = pointer.slice(
      (c.dataset.pointer ?? '').split(' ').find((p) => pointer.startsWith(p))?.length ?? 0,
    );
    c.setAttribute('aria-invalid', 'true');
    c.setAttribute('aria-describedby', `${c.getAttribute('aria-describedby') ?? ''} ${id}`.trim());
    c.closest('.field')?.append(
      el('p', {
        className: 'field-error',
        id,
        textContent: within ? `${within.slice(1)}: ${message}` : message,
      }),
    );
    first ??= c;
  });
  const list = byId('form-errors');
  const lines = [...(detail && (unplaced.length > 0 || errors.length === 0) ? [detail] : []), ...unplaced];
  list.hidden = lines.length === 0;
  list.replaceChildren(...lines.map((line) => el('li', { textContent: line })));
  first?.focus();
}
