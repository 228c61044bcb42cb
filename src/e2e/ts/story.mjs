// The whole story on the official MCP TypeScript SDK client (mode "story" of e2e.mjs): read the catalog, preview a
// T2 price change (nothing written), apply it with a progress token while the user taps Approve on the Guardian
// page after APPROVE_AFTER_MS, then verify: SEALED with a receipt, the receipt's hash and before/after, the new
// price in the sheet, the email naming the changeset's code. Returns the progress figures as facts.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const HEX64 = /^[0-9a-f]{64}$/;

/** The user's Guardian page as a browser gets it: the pending request whose binding message names `code`. */
async function pendingRequest(sandboxUrl, user, code) {
  const response = await fetch(`${sandboxUrl}/guardian/${user}`);
  const html = await response.text();
  for (const section of html.split('<section class="request"').slice(1)) {
    const binding = /<h3 class="binding">([^<]*)<\/h3>/.exec(section)?.[1] ?? '';
    const approve = /<form method="post" action="([^"]+\/approve)">/.exec(section)?.[1];
    if (binding.includes(code) && approve) {
      return { binding, approve: approve.replaceAll('&amp;', '&'), page: section };
    }
  }
  return undefined;
}

/**
 * The person with the phone: waits until the request shows on the page, then until `at`, and taps Approve (posts
 * the form, as a browser does, expecting the page's 303 back to the list).
 */
async function tapApprove({ sandboxUrl, user, code, at, deadline }) {
  let shown;
  while (!shown && Date.now() < deadline) {
    shown = await pendingRequest(sandboxUrl, user, code);
    if (!shown) await sleep(500);
  }
  if (!shown) return { shown: false };
  await sleep(Math.max(0, at - Date.now()));
  const request = await pendingRequest(sandboxUrl, user, code); // the page as it stands when the user taps
  if (!request) return { shown: true, stillPending: false };
  const tappedAt = Date.now(); // before the post: whatever answers the call after this was caused by the tap
  const response = await fetch(sandboxUrl + request.approve, { method: 'POST', redirect: 'manual' });
  return { shown: true, stillPending: true, status: response.status, location: response.headers.get('location'),
    binding: request.binding, details: request.page, tappedAt };
}

async function outboxMail(sandboxUrl, code, within) {
  const end = Date.now() + within;
  do {
    const { messages } = await (await fetch(`${sandboxUrl}/sandbox/gmail/outbox`)).json();
    const mail = messages.find((m) => m.text?.includes(code));
    if (mail) return mail;
    await sleep(250);
  } while (Date.now() < end);
  return undefined;
}

export async function story({ client, check, env }) {
  const sandboxUrl = env('SANDBOX_URL');
  const user = env('GUARDIAN_USER', 'alice');
  const approveAfter = Number(env('APPROVE_AFTER_MS', '20000'));
  const waitSeconds = Number(env('WAIT_SECONDS', '40'));
  const every = Number(env('PROGRESS_EVERY_MS'));
  const tool = async (name, args, options) => {
    const result = await client.callTool({ name, arguments: args }, undefined, options);
    if (result.isError) throw new Error(`${name} failed: ${result.content?.[0]?.text}`);
    return result.structuredContent;
  };

  // Read: a product with a price, from the catalog in the user's sheet.
  const catalog = await tool('read_catalog', { limit: 50 });
  const product = catalog.products.find((p) => typeof p.price === 'number' && typeof p.cost === 'number');
  check('read_catalog lists products with prices', product !== undefined, catalog.products?.length);
  const newPrice = Math.round(product.price * 120) / 100; // up 20%: a T2 move (more than 10%)

  // Preview: the tier, the approval it needs, the before and after; nothing written.
  const preview = await tool('preview_changeset', { operations: [{ op: 'set_price', sku: product.sku,
    price: newPrice }], note: 'End-to-end story (TypeScript SDK)' });
  const code = preview.code;
  const cell = preview.operations?.[0]?.changes?.[0];
  check('preview is PREVIEWED', preview.state === 'PREVIEWED', preview.state);
  check('preview gives a code CS-XXXX', /^CS-[0-9A-Z]{4}$/.test(code ?? ''), code);
  check('a >10% price move is T2, one tap', preview.maxTier === 'T2' && preview.approval === 'ONE_TAP',
    { maxTier: preview.maxTier, approval: preview.approval });
  check('preview shows price before and after', cell?.field === 'price' && cell.before === product.price
    && cell.after === newPrice, cell);
  const unchanged = (await tool('read_catalog', { skus: [product.sku] })).products[0];
  check('a preview writes nothing', unchanged.price === product.price, unchanged.price);

  // Apply with a progress token; the user approves on the Guardian page while the call waits.
  const start = Date.now();
  const progress = [];
  const phone = tapApprove({ sandboxUrl, user, code, at: start + approveAfter,
    deadline: start + waitSeconds * 1000 });
  const applied = await tool('apply_changeset', { changesetId: preview.changesetId, waitSeconds }, {
    onprogress: (p) => progress.push({ at: Date.now() - start, ...p }),
    resetTimeoutOnProgress: true, timeout: 60_000, maxTotalTimeout: (waitSeconds + 30) * 1000 });
  const answeredAt = Date.now() - start;
  const tap = await phone;
  check('the Guardian page showed the request naming the code', tap.shown && tap.binding?.includes(code), tap);
  check('the page shows the price before and after', tap.details?.includes(String(product.price))
    && tap.details?.includes(String(newPrice)), tap.details);
  check('Approve was posted and the page sent the browser back', tap.status === 303
    && tap.location === `/guardian/${user}`, { status: tap.status, location: tap.location });
  check('the answer came after the tap', tap.tappedAt !== undefined && answeredAt >= tap.tappedAt - start,
    { answeredAt, tappedAt: tap.tappedAt - start });

  const gaps = progress.slice(1).map((p, i) => p.at - progress[i].at);
  check('progress notifications arrived during the wait', progress.length >= 1, progress);
  check('progress is spaced by progress-every', gaps.every((g) => g >= every - 300)
    && (progress[0]?.at ?? 0) >= every - 300, { every, first: progress[0]?.at, gaps });
  check('no more progress than the wait allows', progress.length <= Math.floor(answeredAt / every) + 1,
    { count: progress.length, answeredAt });
  check('progress messages name the code', progress.every((p) => p.message?.includes(code)), progress);
  check('progress counts up to the wait', progress.every((p, i) => p.total === waitSeconds
    && (i === 0 || p.progress > progress[i - 1].progress)), progress);

  check('apply ends SEALED', applied.state === 'SEALED', applied);
  check('apply names a receipt', typeof applied.receiptId === 'string', applied.receiptId);
  check('the user approved', applied.approvals?.[0]?.status === 'APPROVED', applied.approvals);
  check('the write was read back', applied.operations?.[0]?.verified === true, applied.operations);

  // Verify: the receipt, the sheet, the email.
  const receipt = await tool('get_receipt', { receiptId: applied.receiptId });
  const change = receipt.operations?.[0]?.changes?.[0];
  check('the receipt is SEALED for this changeset', receipt.outcome === 'SEALED' && receipt.changesetCode === code,
    { outcome: receipt.outcome, code: receipt.changesetCode });
  check('the receipt hash is 64 hex', HEX64.test(receipt.hash ?? ''), receipt.hash);
  check('the receipt chains to a 64-hex previous hash', HEX64.test(receipt.previousHash ?? ''),
    receipt.previousHash);
  check('the receipt shows the price before and after', receipt.operations?.[0]?.sku === product.sku
    && change?.field === 'price' && Number(change.before) === product.price && Number(change.after) === newPrice,
    receipt.operations);
  check('the receipt verified the write', receipt.verification?.ok === true, receipt.verification);
  const after = (await tool('read_catalog', { skus: [product.sku] })).products[0];
  check('the sheet shows the new price', after.price === newPrice, after.price);
  const mail = await outboxMail(sandboxUrl, code, 15_000);
  check('an email names the code', mail !== undefined, code);
  check('the email goes to the user', mail?.to?.includes(env('EXPECT_EMAIL', 'alice@example.com')), mail?.to);
  check('the email carries the receipt hash', mail?.headers?.['X-Changeset-Receipt-Hash'] === receipt.hash,
    mail?.headers);

  return { sku: product.sku, code, approveAfterMs: approveAfter, answeredAtMs: answeredAt,
    tappedAtMs: tap.tappedAt - start, progressEveryMs: every, progressCount: progress.length,
    progressAtMs: progress.map((p) => p.at), gapsMs: gaps };
}
