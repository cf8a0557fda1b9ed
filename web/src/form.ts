/**
 * The form: its values in and out, which fields the chosen workload kind shows, the owned-hardware
 * rows, and problem messages placed next to the field their JSON Pointer names.
 */
import { byId, el } from './dom.js';
import { formatNumber } from './format.js';
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
  'maxHourlyUsd',
  'purchaseOption',
] as const;

const control = (name: string) => form().elements.namedItem(name) as Control | null;

let accelerators: AcceleratorListItem[] = [];

export function setAccelerators(list: AcceleratorListItem[]): void {
  accelerators = list;
}

/** The accelerator select's groups, in the order people look for their hardware. */
const acceleratorGroups: [string, (a: AcceleratorListItem) => boolean][] = [
  ['Macs (Apple silicon)', (a) => a.hardwareClass === 'apple-silicon'],
  ['GeForce cards', (a) => a.hardwareClass === 'consumer-gpu'],
  ['Workstation and data-center GPUs', (a) => a.kind === 'gpu'],
  ['AWS chips', () => true],
];

function acceleratorOptions(): (HTMLOptionElement | HTMLOptGroupElement)[] {
  const left = new Set(accelerators);
  const groups = acceleratorGroups.map(([name, test]) => {
    const members = [...left].filter(test);
    for (const a of members) left.delete(a);
    const memory = (a: AcceleratorListItem) =>
      a.memoryOptionsGB ? `${a.memoryOptionsGB.join(', ')} GB` : `${formatNumber(a.memoryGiB)} GiB`;
    return el(
      'optgroup',
      { label: name },
      ...members.map((a) => el('option', { value: a.id, textContent: `${a.name} (${memory(a)})` })),
    );
  });
  return [
    el('option', { value: '', textContent: 'choose…' }),
    ...groups.filter((g) => g.children.length > 0),
  ];
}

const sizesInWords = (sizes: readonly number[]) =>
  sizes.length > 1 ? `${sizes.slice(0, -1).join(', ')} or ${sizes.at(-1)}` : String(sizes[0] ?? '');

/**
 * The memory field follows the chosen accelerator: a Mac's installed memory sizes as suggestions
 * and a hint, a card's own memory as the placeholder (the field may stay empty).
 */
function fitMemoryField(row: HTMLLIElement): void {
  const id = row.querySelector<HTMLSelectElement>('[data-name="accelerator"]')?.value ?? '';
  const input = row.querySelector<HTMLInputElement>('[data-name="memoryGiB"]');
  const list = row.querySelector<HTMLDataListElement>('datalist');
  const hint = row.querySelector<HTMLElement>('.hint');
  if (!input || !list || !hint) return;
  const a = accelerators.find((x) => x.id === id);
  const sizes = a?.memoryOptionsGB ?? [];
  list.replaceChildren(...sizes.map((gb) => el('option', { value: String(gb) })));
  input.placeholder = sizes.length > 0 ? `${sizes[0]}` : a ? 'leave empty' : '';
  hint.textContent =
    sizes.length > 0
      ? `${a?.name} Macs ship with ${sizesInWords(sizes)} GB; one Mac a row.`
      : a
        ? `Leave empty for a card (it has ${formatNumber(a.memoryGiB)} GiB).`
        : '';
}

function ownedRow(values: OwnedValues, index: number): HTMLLIElement {
  const template = byId<HTMLTemplateElement>('owned-row');
  const row = (template.content.firstElementChild as HTMLLIElement).cloneNode(true) as HTMLLIElement;
  for (const input of row.querySelectorAll<Control>('[data-name]')) {
    const name = input.dataset.name ?? '';
    // The template's ids ("owned-n-count") made unique per row, with their labels.
    row.querySelector(`label[for="${input.id}"]`)?.setAttribute('for', `owned-${index}-${name}`);
    input.id = `owned-${index}-${name}`;
    // A problem about the whole entry (/owned/0) is shown at its accelerator.
    input.dataset.pointer = `/owned/${index}/${name}${name === 'accelerator' ? ` /owned/${index}` : ''}`;
    if (input instanceof HTMLSelectElement) {
      input.replaceChildren(...acceleratorOptions());
      input.addEventListener('change', () => fitMemoryField(row));
    }
    input.value = values[name as keyof OwnedValues] ?? '';
  }
  const memory = row.querySelector<HTMLInputElement>('[data-name="memoryGiB"]');
  const list = row.querySelector('datalist');
  if (memory && list) {
    list.id = `${memory.id}-sizes`;
    memory.setAttribute('list', list.id);
    const hint = el('p', { className: 'hint', id: `${memory.id}-hint` });
    memory.after(hint);
    memory.setAttribute('aria-describedby', hint.id);
  }
  fitMemoryField(row);
  const remove = row.querySelector<HTMLButtonElement>('[data-action="remove"]');
  remove?.setAttribute('aria-label', `Remove hardware ${index + 1}`);
  remove?.addEventListener('click', () => {
    const rows = readOwned().filter((_, i) => i !== index);
    writeOwned(rows);
    byId('add-owned').focus();
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

/** The visible control whose data-pointer is the longest prefix of `pointer`, and that prefix. */
function controlFor(pointer: string): { control: Control; at: string } | undefined {
  let best: { control: Control; at: string } | undefined;
  for (const control of form().querySelectorAll<Control>('[data-pointer]')) {
    if (control.closest('[hidden]')) continue;
    for (const at of (control.dataset.pointer ?? '').split(' ')) {
      if ((pointer === at || pointer.startsWith(`${at}/`)) && at.length > (best?.at.length ?? -1)) {
        best = { control, at };
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
 * problem's detail, in the list under the form. Focuses the first invalid field; returns how many
 * errors were placed at a field.
 */
export function showErrors(errors: readonly { pointer: string; message: string }[], detail?: string): number {
  clearErrors();
  const unplaced: string[] = [];
  let first: Control | undefined;
  errors.forEach(({ pointer, message }, i) => {
    const found = controlFor(pointer);
    if (!found) {
      unplaced.push(`${pointer || 'request'}: ${message}`);
      return;
    }
    const c = found.control;
    const id = `err-${c.id}-${i}`;
    const within = pointer.slice(found.at.length);
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
  return errors.length - unplaced.length;
}
