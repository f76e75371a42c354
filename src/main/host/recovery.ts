import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CoreHolder, CoreState } from '../core/core-holder';
import { formatBytes, formatTime } from '../maintenance/doctor';

// The browser host's recovery screen: when the database cannot be opened, every page is this one — what
// is wrong, and the backups to restore (newest first) — instead of a blank tab or a refused start. Plain
// HTML and a form (no script), behind the same launch token as the app.

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
  body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #212529; background: #f8f9fa; margin: 0; }
  main { max-width: 760px; margin: 48px auto; background: #fff; border: 1px solid #dee2e6; border-radius: 6px; padding: 24px 32px; }
  h1 { font-size: 20px; margin: 0 0 12px; color: #c92a2a; }
  h2 { font-size: 15px; margin: 24px 0 8px; }
  .detail { background: #fff5f5; border-left: 3px solid #fa5252; padding: 8px 12px; font-family: ui-monospace, monospace; font-size: 12px; white-space: pre-wrap; word-break: break-word; }
  .error { background: #fff9db; border-left: 3px solid #fab005; padding: 8px 12px; }
  table { border-collapse: collapse; width: 100%; }
  td, th { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e9ecef; }
  button { font: inherit; padding: 6px 14px; border-radius: 4px; border: 1px solid #4c6ef5; background: #4c6ef5; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #4c6ef5; }
  p.note { color: #495057; }
`;

export function recoveryPage(state: CoreState, databaseFile: string, error?: string): string {
  if (state.kind === 'ready' || state.kind === 'restoring') {
    return page('Loupe is restoring a backup', '<p>Loupe is restoring a backup. Reload this page in a moment.</p>');
  }
  const detail = `<div class="detail">${escape(state.message)}</div>`;
  const problem = error ? `<p class="error" role="alert">${escape(error)}</p>` : '';
  if (state.kind === 'too-new') {
    return page(
      'Loupe needs an update to open this database',
      `${detail}<p>This database was written by a newer version of Loupe. Install the newer Loupe; nothing was changed.</p>`,
    );
  }
  const rows = state.backups
    .slice(0, 20)
    .map(
      (b, i) => `<tr><td>${formatTime(b.at)}</td><td>${b.kind}</td><td>${formatBytes(b.bytes)}</td>
        <td><form method="post" action="/recovery/restore"><input type="hidden" name="name" value="${escape(b.name)}">
        <button type="submit"${i === 0 ? ' autofocus' : ' class="secondary"'}>${i === 0 ? 'Restore the latest backup' : 'Restore this one'}</button></form></td></tr>`,
    )
    .join('');
  const offer = state.backups.length
    ? `<h2>Backups in ${escape(state.backupFolder)}</h2>
       <table><thead><tr><th>Taken</th><th>Why</th><th>Size</th><th></th></tr></thead><tbody>${rows}</tbody></table>
       <p class="note">The backup is checked before it is used. The current database is not deleted: it is kept beside it as
       <code>${escape(databaseFile)}.before-restore-&lt;time&gt;</code>. Changes made after the backup are only in that file — except those
       already sent to the backend, which come back at the next sync.</p>`
    : `<p>No backup was found in <code>${escape(state.backupFolder)}</code>. Copy a Loupe backup (<code>loupe-…-daily.db</code>) into that
       folder and reload this page, or move <code>${escape(databaseFile)}</code> aside to start with an empty database (a connected
       workstation downloads the dealer's data again).</p>`;
  return page('Loupe cannot open its database', `${detail}${problem}${offer}`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)} · Loupe</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 10_000) req.destroy(new Error('form too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

export const RECOVERY_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Serves the recovery screen while the holder has no core; POST /recovery/restore restores a listed backup. */
export async function handleRecovery(
  req: IncomingMessage,
  res: ServerResponse,
  holder: CoreHolder,
  pathname: string,
): Promise<void> {
  const send = (status: number, html: string) => {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // No script at all on this page; only its own form may be submitted.
      'content-security-policy': RECOVERY_CSP,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
    res.end(html);
  };
  if (pathname.startsWith('/trpc/')) {
    res.writeHead(503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(
      JSON.stringify({
        error: {
          message: 'Loupe cannot open its database: open Loupe’s address to restore a backup.',
          code: -32603,
          data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 },
        },
      }),
    );
    return;
  }
  if (req.method === 'POST' && pathname === '/recovery/restore') {
    const name = (await readForm(req)).get('name') ?? '';
    try {
      await holder.restoreListed(name);
      res.writeHead(303, { location: '/', 'cache-control': 'no-store' });
      res.end();
    } catch (error) {
      send(400, recoveryPage(holder.state, holder.databaseFile, (error as Error).message));
    }
    return;
  }
  send(503, recoveryPage(holder.state, holder.databaseFile));
}
