// End-to-end client on the official MCP TypeScript SDK (@modelcontextprotocol/sdk): connects to the server
// over Streamable HTTP with a bearer token, runs one scenario ("mode") and checks what it gets back.
//
//   MCP_URL=http://localhost:8080/mcp MCP_TOKEN=... EXPECT_SUBJECT='auth0|alice' node e2e.mjs session
//
// Environment: MCP_URL (the /mcp endpoint), MCP_TOKEN (an access token for this server's API), EXPECT_SUBJECT
// (the token's subject), SANDBOX_URL (for modes that drive the sandbox: Guardian page, CIBA scripts, sheet).
// Prints one line "E2E_RESULT {json}" (mode, checks passed and failed, each with what was seen) and exits 0 only
// when every check passed; JUnit's TypeScriptClientIT runs it against the packaged application.
//
// To add a scenario, add a function to MODES: it gets a connected SDK Client, its transport and `check`, and
// may return facts (figures) that land in E2E_RESULT beside the checks.
//
// Mode "story" (the whole story, a T2 price change): read_catalog, preview_changeset, apply_changeset with a
// progress token while the user taps Approve on the sandbox's Guardian page (a plain HTTP form, as a browser
// posts it) after APPROVE_AFTER_MS, then the receipt, the sheet and the email. Its environment: SANDBOX_URL,
// GUARDIAN_USER (alice), APPROVE_AFTER_MS (20000), WAIT_SECONDS (40), PROGRESS_EVERY_MS (the server's
// changeset.mcp.progress-every), EXPECT_EMAIL (the user's address).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { story } from './story.mjs';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const MODES = {
  /** tools/list, then get_session: the caller the server sees is the token's subject, in this very session. */
  async session({ client, transport, check }) {
    const { tools } = await client.listTools();
    const getSession = tools.find((t) => t.name === 'get_session');
    check('tools/list names get_session', getSession !== undefined, tools.map((t) => t.name));
    check('get_session is read-only', getSession?.annotations?.readOnlyHint === true, getSession?.annotations);
    check('get_session declares an output schema', getSession?.outputSchema?.type === 'object',
      getSession?.outputSchema);

    // The SDK validates structuredContent against the output schema listed above, and throws if it does not fit.
    const result = await client.callTool({ name: 'get_session', arguments: {} });
    const info = result.structuredContent ?? {};
    const subject = env('EXPECT_SUBJECT');
    check('get_session is not an error', result.isError !== true, result.content);
    check('the subject is the token\'s', info.subject === subject, info.subject);
    check('the session is this one', info.sessionId === transport.sessionId,
      { answered: info.sessionId, transport: transport.sessionId });
    check('the scopes are the token\'s', Array.isArray(info.scopes) && info.scopes.includes('changeset:read'),
      info.scopes);
    check('the session start is known', typeof info.sessionStartedAt === 'string', info.sessionStartedAt);
    check('the text names the subject', result.content?.[0]?.text?.includes(subject) === true,
      result.content?.[0]?.text);
  },

  story: (context) => story({ ...context, env }),
};

async function main() {
  const mode = process.argv[2] ?? 'session';
  const scenario = MODES[mode];
  if (!scenario) throw new Error(`no mode '${mode}': one of ${Object.keys(MODES).join(', ')}`);
  const checks = [];
  const check = (name, ok, seen) => checks.push({ name, ok: Boolean(ok), ...(ok ? {} : { seen }) });

  const transport = new StreamableHTTPClientTransport(new URL(env('MCP_URL')), {
    requestInit: { headers: { Authorization: `Bearer ${env('MCP_TOKEN')}` } },
  });
  const client = new Client({ name: 'changeset-e2e-ts', version: '1.0.0' });
  let error;
  let facts;
  try {
    await client.connect(transport);
    check('initialize gave a session id', typeof transport.sessionId === 'string', transport.sessionId);
    check('the server is commerce-changeset-mcp', client.getServerVersion()?.name === 'commerce-changeset-mcp',
      client.getServerVersion());
    facts = await scenario({ client, transport, check });
    await transport.terminateSession();
  } catch (e) {
    error = String(e?.stack ?? e);
  } finally {
    await client.close().catch(() => {});
  }
  const failed = checks.filter((c) => !c.ok);
  const ok = !error && failed.length === 0 && checks.length > 0;
  console.log('E2E_RESULT ' + JSON.stringify({ mode, ok, passed: checks.length - failed.length,
    failed: failed.length, checks, facts, error, sdk: '@modelcontextprotocol/sdk' }));
  process.exitCode = ok ? 0 : 1;
}

await main();
