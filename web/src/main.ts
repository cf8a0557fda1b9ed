/**
 * The plan explorer: fills the form from the API's own lists, sends POST /v1/plans, draws the
 * answer, and keeps the request in the URL so a link reproduces the plan.
 */
import { createPlan, fetchAccelerators, fetchModels, fetchOpenApi, ProblemError } from './api.js';
import { capabilitiesOf } from './capabilities.js';
import { byId, el } from './dom.js';
import {
  addOwnedRow,
  clearErrors,
  disableKind,
  markUnsupported,
  readForm,
  setAccelerators,
  showErrors,
  showFieldsFor,
  writeForm,
} from './form.js';
import { formatNumber } from './format.js';
import { renderPlan, setAcceleratorNames } from './render.js';
import {
  curlCommand,
  FormInputError,
  planRequestOf,
  requestFromQuery,
  requestQuery,
  valuesOfRequest,
} from './request.js';
import type { ApiTarget } from './types.js';

let lastRequest: unknown;

function apiTarget(): ApiTarget | undefined {
  const content = document.querySelector<HTMLMetaElement>('meta[name="planner-api-target"]')?.content ?? '';
  try {
    const parsed = JSON.parse(content) as ApiTarget;
    return typeof parsed.url === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const status = (text: string) => {
  byId('form-status').textContent = text;
};

async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard permission (e.g. plain http on another host): select a copy for Ctrl+C.
    const area = el('textarea', { value: text, readOnly: true });
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  byId('copy-status').textContent = 'Copied.';
}

async function submit(): Promise<void> {
  clearErrors();
  byId('copy-status').textContent = '';
  let request: Record<string, unknown>;
  try {
    request = planRequestOf(readForm());
  } catch (error) {
    if (error instanceof FormInputError) {
      showErrors([{ pointer: error.pointer, message: error.message }]);
      status('Fix the marked field.');
      return;
    }
    throw error;
  }
  const button = byId<HTMLButtonElement>('submit');
  button.disabled = true;
  status('Planning…');
  const started = performance.now();
  try {
    const plan = await createPlan(request);
    lastRequest = request;

    renderPlan(plan);
    const answer = byId('answer');
    answer.hidden = false;
    const query = requestQuery(request);
    history.replaceState(null, '', query);
    byId<HTMLAnchorElement>('permalink').href = query;
    status(`Planned in ${formatNumber(performance.now() - started)} ms.`);
    answer.dataset.state = 'planned';
  } catch (error) {
    byId('answer').hidden = true;
    if (error instanceof ProblemError) {
      const { problem } = error;
      const placed = showErrors(problem.errors ?? [], problem.detail ?? problem.title);
      // A plan nothing satisfies names the field to relax: say so, the message is at the field.
      status(`${problem.status} ${problem.title}${placed > 0 ? ': see the marked field' : ''}.`);
    } else {
      showErrors([], `The API could not be reached: ${(error as Error).message}`);
      status('No answer.');
    }
    byId('answer').dataset.state = 'failed';
  } finally {
    button.disabled = false;
  }
}

async function init(): Promise<void> {
  const target = apiTarget();
  const form = byId<HTMLFormElement>('plan-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  form.addEventListener('change', (event) => {
    const name = (event.target as HTMLInputElement).name;
    if (name === 'kind' || name === 'modelSource') showFieldsFor();
  });
  byId('add-owned').addEventListener('click', addOwnedRow);
  byId<HTMLInputElement>('modelConfigFile').addEventListener('change', async (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) byId<HTMLTextAreaElement>('modelConfig').value = await file.text();
  });
  byId('copy-curl').addEventListener('click', () => {
    const endpoint = new URL('v1/plans', document.baseURI).href;
    void copy(curlCommand(lastRequest, endpoint, target));
  });
  byId('copy-json').addEventListener('click', () => void copy(JSON.stringify(lastRequest, null, 2)));

  const [models, accelerators, openApi] = await Promise.all([
    fetchModels(),
    fetchAccelerators(),
    fetchOpenApi().catch(() => undefined),
  ]);
  const select = byId<HTMLSelectElement>('model');
  const current = select.value;
  select.replaceChildren(
    ...models.map((m) =>
      el('option', {
        value: m.id,
        textContent: `${m.name} (${formatNumber((m.architecture.parameters ?? 0) / 1e9)}B)`,
      }),
    ),
  );
  select.value = models.some((m) => m.id === current) ? current : (models[0]?.id ?? '');
  setAccelerators(accelerators);
  setAcceleratorNames(accelerators);

  if (openApi) {
    const can = capabilitiesOf(openApi);
    if (!can.owned) markUnsupported('owned', 'Hardware you own needs a newer planner API.');
    if (!can.activeHours) markUnsupported('activeHours', 'Active hours need a newer planner API.');
    if (!can.constraints) markUnsupported('constraints', 'Limits need a newer planner API.');
    for (const option of byId<HTMLSelectElement>('kind').options) {
      if (can.kinds.size > 0 && !can.kinds.has(option.value)) disableKind(option.value);
    }
  }
  showFieldsFor();

  const fromUrl = requestFromQuery(location.search);
  if (fromUrl !== undefined) {
    const { values, ignored } = valuesOfRequest(fromUrl);
    writeForm(values);
    if (ignored.length > 0)
      status(`The link's ${ignored.join(', ')} cannot be shown in this form and was left out.`);
    await submit();
  }
  document.body.dataset.ready = 'true';
}

init().catch((error: unknown) => {
  status(`The page could not start: ${(error as Error).message}`);
  document.body.dataset.ready = 'error';
});
