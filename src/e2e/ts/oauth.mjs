// The whole OAuth flow of an MCP client, run by the official TypeScript SDK's own code: its
// StreamableHTTPClientTransport with an OAuthClientProvider. Nothing here builds an OAuth request by hand; the SDK
// discovers the authorization server from the server's 401 (RFC 9728), registers (Dynamic Client Registration, or
// its Client ID Metadata Document URL when CIMD_URL is set and the server advertises
// client_id_metadata_document_supported), builds the authorization URL (PKCE S256, `resource`), and after the
// person has consented exchanges the code and retries with the token.
//
// The "person" is headless: redirectToAuthorization() hands the URL to a browser stand-in that follows it with
// plain HTTP requests (no redirect followed automatically), picks the demo user on the sandbox's login page,
// accepts on the consent page and reads the code from the redirect to the callback, which nobody listens on.
//
//   MCP_URL=http://localhost:PORT/mcp LOGIN_USER=alice node oauth.mjs flow
//
// Environment: MCP_URL, LOGIN_USER (a demo user), CALLBACK (the redirect URI, default http://127.0.0.1:9/callback),
// CIMD_URL (optional: the client's metadata document URL; the tenant must have imported it).
// Prints "E2E_RESULT {json}" as e2e.mjs does; facts carry every HTTP request the SDK made (method, URL without
// query, status), the registration, the authorization URL's parameters, the code, its verifier and the tokens'
// claims, so that the Java side (OAuthClientIT) can check them and replay the refusals.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

/** An OAuthClientProvider kept in memory, as a CLI client keeps it in a file. */
class HeadlessProvider {
  constructor({ callback, cimdUrl, browser }) {
    this.callback = callback;
    this.cimdUrl = cimdUrl;
    this.browser = browser;
    this.saved = {};
    this.registrations = [];
  }
  get redirectUrl() { return this.callback; }
  get clientMetadataUrl() { return this.cimdUrl; }
  get clientMetadata() {
    return {
      client_name: 'Changeset OAuth IT (TypeScript SDK)',
      redirect_uris: [this.callback],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  state() { this.saved.state = `st-${Math.random().toString(36).slice(2)}`; return this.saved.state; }
  clientInformation() { return this.saved.client; }
  saveClientInformation(info) { this.saved.client = info; this.registrations.push(info); }
  tokens() { return this.saved.tokens; }
  saveTokens(tokens) { this.saved.tokens = tokens; }
  saveCodeVerifier(verifier) { this.saved.verifier = verifier; }
  codeVerifier() { return this.saved.verifier; }
  async redirectToAuthorization(url) { this.saved.authorizationUrl = url; this.saved.code = await this.browser(url); }
}

/** GET/POST without following redirects: what a browser sees at each step. */
async function step(url, form) {
  const init = { redirect: 'manual' };
  if (form) {
    init.method = 'POST';
    init.headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
    init.body = new URLSearchParams(form).toString();
  }
  const res = await fetch(url, init);
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

/** The person: opens the authorization URL, logs in as `user`, accepts, and returns the code sent back. */
function personAt(user, pages) {
  return async (authorizationUrl) => {
    const start = await step(authorizationUrl);
    if (start.status !== 302) throw new Error(`/authorize answered ${start.status}: ${start.body}`);
    const login = new URL(start.location, authorizationUrl);
    const state = login.searchParams.get('state');
    pages.login = (await step(login)).body;
    const afterLogin = await step(new URL('/u/login', login), { state, user });
    if (afterLogin.status !== 302) throw new Error(`login answered ${afterLogin.status}: ${afterLogin.body}`);
    pages.consent = (await step(new URL(afterLogin.location, login))).body;
    const done = await step(new URL('/u/consent', login), { state, decision: 'accept' });
    if (done.status !== 302) throw new Error(`consent answered ${done.status}: ${done.body}`);
    pages.callback = done.location;
    const back = new URL(done.location);
    if (back.searchParams.get('error')) throw new Error(`the callback got ${done.location}`);
    return back.searchParams.get('code');
  };
}

const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

async function flow({ check }) {
  const mcpUrl = new URL(env('MCP_URL'));
  const user = env('LOGIN_USER', 'alice');
  const requests = [];
  const recordingFetch = async (url, init) => {
    const res = await fetch(url, init);
    const u = new URL(String(url));
    requests.push({ method: init?.method ?? 'GET', url: u.origin + u.pathname, status: res.status });
    return res;
  };
  const pages = {};
  const provider = new HeadlessProvider({ callback: env('CALLBACK', 'http://127.0.0.1:9/callback'),
    cimdUrl: process.env.CIMD_URL || undefined, browser: personAt(user, pages) });

  // 1. No token: connect() meets the 401, runs discovery, registration and the redirect, then throws.
  const first = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider, fetch: recordingFetch });
  const unauthenticated = new Client({ name: 'changeset-oauth-it', version: '1.0.0' });
  let unauthorized = false;
  try {
    await unauthenticated.connect(first);
  } catch (e) {
    if (!(e instanceof UnauthorizedError)) throw e;
    unauthorized = true;
  } finally {
    await unauthenticated.close().catch(() => {});
  }
  check('without a token the SDK stops for the person (UnauthorizedError)', unauthorized, requests);
  check('the person was sent a code', typeof provider.saved.code === 'string', pages);
  const authorizeParams = Object.fromEntries(provider.saved.authorizationUrl.searchParams);
  const code = provider.saved.code;
  const verifier = provider.saved.verifier;

  // 2. The code back to the SDK: it exchanges it (with the verifier and the resource) for tokens.
  await first.finishAuth(code);
  check('tokens were saved', typeof provider.saved.tokens?.access_token === 'string', provider.saved.tokens);

  // 3. Connected with the token: tools/list and a tool call.
  const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider, fetch: recordingFetch });
  const client = new Client({ name: 'changeset-oauth-it', version: '1.0.0' });
  await client.connect(transport);
  const { tools } = await client.listTools();
  check('tools/list names get_session and read_catalog', ['get_session', 'read_catalog']
    .every((n) => tools.some((t) => t.name === n)), tools.map((t) => t.name));
  const session = await client.callTool({ name: 'get_session', arguments: {} });
  check('get_session is not an error', session.isError !== true, session.content);
  check('get_session names the person who logged in', session.structuredContent?.subject === `auth0|${user}`,
    session.structuredContent);
  let readCatalog;
  try {
    // describe_policy: a second tool, its structured answer checked against its output schema by the SDK
    const policy = await client.callTool({ name: 'describe_policy', arguments: {} });
    check('describe_policy is not an error', policy.isError !== true, policy.content);
    // read_catalog goes through Token Vault to the person's sheet; the SDK checks both answers against the
    // tool's output schema (a null where the schema says integer or string would throw here)
    const catalog = await client.callTool({ name: 'read_catalog', arguments: { skus: ['APP-1000'] } });
    check('read_catalog by SKU passes the SDK output schema check', catalog.isError !== true
      && catalog.structuredContent?.products?.[0]?.sku === 'APP-1000', catalog.content);
    const page = await client.callTool({ name: 'read_catalog', arguments: { limit: 2 } });
    check('a read_catalog page passes the SDK output schema check', page.isError !== true
      && page.structuredContent?.products?.length === 2, page.content);
    readCatalog = { sku: catalog.structuredContent.products[0].sku, page: page.structuredContent.products.length };
  } finally {
    await transport.terminateSession().catch(() => {});
    await client.close().catch(() => {});
  }

  return {
    requests,
    registrations: provider.registrations,
    authorizeParams,
    code,
    verifier,
    callback: provider.callback,
    consentPage: pages.consent,
    callbackLocation: pages.callback,
    scope: provider.saved.tokens.scope,
    hasRefreshToken: typeof provider.saved.tokens.refresh_token === 'string',
    accessTokenClaims: claims(provider.saved.tokens.access_token),
    tools: tools.map((t) => t.name),
    readCatalog,
  };
}

async function main() {
  const mode = process.argv[2] ?? 'flow';
  if (mode !== 'flow') throw new Error(`no mode '${mode}': flow`);
  const checks = [];
  const check = (name, ok, seen) => checks.push({ name, ok: Boolean(ok), ...(ok ? {} : { seen }) });
  let facts;
  let error;
  try {
    facts = await flow({ check });
  } catch (e) {
    error = String(e?.stack ?? e);
  }
  const failed = checks.filter((c) => !c.ok);
  const ok = !error && failed.length === 0 && checks.length > 0;
  console.log('E2E_RESULT ' + JSON.stringify({ mode, ok, passed: checks.length - failed.length,
    failed: failed.length, checks, facts, error, sdk: '@modelcontextprotocol/sdk' }));
  // nothing may keep the process alive after the answer (an SSE stream of a failed session, a keep-alive socket)
  process.exit(ok ? 0 : 1);
}

await main();
