/**
 * GET /docs: a small, self-contained API explorer. It reads /openapi.json and renders each operation
 * with a "try it" form that calls the API with fetch. No CDN assets: it works offline and the whole
 * page is a few KB of the Lambda bundle. The inline script and style carry the CSP nonce.
 */

const style = `
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 1.5rem;color:#1b1f24}
h1{margin-bottom:0}h2{border-bottom:1px solid #d0d7de;padding-bottom:.25rem;margin-top:2rem}
details{border:1px solid #d0d7de;border-radius:6px;margin:.5rem 0;padding:.5rem .75rem}
summary{cursor:pointer}code,textarea,pre{font:13px ui-monospace,monospace}
.m{display:inline-block;min-width:3.5rem;font-weight:700;text-transform:uppercase}
.get{color:#0969da}.post{color:#1a7f37}
textarea{width:100%;min-height:9rem;box-sizing:border-box}
pre{background:#f6f8fa;padding:.75rem;overflow:auto;max-height:30rem}
label{display:block;margin:.25rem 0}button{margin:.5rem 0;padding:.3rem 1rem}
`;

// Runs in the browser: plain ES2020, no framework.
const script = `
const main = document.querySelector('main');
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};
const resolve = (doc, s) => (s && s.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s);
function operation(doc, path, method, op) {
  const form = el('form');
  const params = (op.parameters || []).filter((p) => p.in === 'query');
  const inputs = params.map((p) => {
    const input = el('input', { name: p.name, placeholder: (p.schema && p.schema.enum ? p.schema.enum.join(' | ') : '') });
    form.append(el('label', {}, el('code', { textContent: p.name + ' ' }), input));
    return input;
  });
  const media = op.requestBody && op.requestBody.content['application/json'];
  let body;
  if (media) {
    const schema = resolve(doc, media.schema) || {};
    const example = media.example || (schema.examples && schema.examples[0]) || {};
    body = el('textarea', { value: JSON.stringify(example, null, 2), spellcheck: false });
    form.append(el('label', { textContent: 'Request body (application/json)' }), body);
  }
  const out = el('pre', { hidden: true });
  form.append(el('button', { type: 'submit', textContent: 'Send' }), out);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const input of inputs) if (input.value) query.set(input.name, input.value);
    const url = path + (query.size ? '?' + query : '');
    out.hidden = false;
    out.textContent = 'Sending...';
    try {
      const init = { method: method.toUpperCase(), headers: { accept: 'application/json' } };
      if (body) Object.assign(init, { body: body.value, headers: { 'content-type': 'application/json' } });
      const res = await fetch(url, init);
      const text = await res.text();
      let shown = text;
      try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch {}
      out.textContent = res.status + ' ' + res.statusText + '\\n\\n' + shown;
    } catch (error) {
      out.textContent = String(error);
    }
  });
  return el('details', {},
    el('summary', {}, el('span', { className: 'm ' + method, textContent: method }), el('code', { textContent: path }), ' ' + (op.summary || '')),
    el('p', { textContent: op.description || '' }),
    form);
}
fetch('openapi.json').then((r) => r.json()).then((doc) => {
  document.title = doc.info.title;
  main.replaceChildren(el('h1', { textContent: doc.info.title + ' ' + doc.info.version }), el('p', { textContent: doc.info.description || '' }));
  const tags = (doc.tags || []).map((t) => t.name);
  for (const tag of tags) {
    main.append(el('h2', { textContent: tag }));
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(item))
        if ((op.tags || [])[0] === tag) main.append(operation(doc, path, method, op));
  }
}).catch((error) => { main.textContent = 'Could not load openapi.json: ' + error; });
`;

/**
 * The docs page with `nonce` on its inline script and style (the CSP allows nothing else).
 * Links are relative so the page works under any base path (API Gateway stages).
 */
export function docsPage(nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API docs</title>
<style nonce="${nonce}">${style}</style>
</head>
<body>
<main><p>Loading the API description from <a href="openapi.json">openapi.json</a>...</p></main>
<noscript>The interactive docs need JavaScript; the API description is at <a href="openapi.json">openapi.json</a>.</noscript>
<script nonce="${nonce}">${script}</script>
</body>
</html>
`;
}
