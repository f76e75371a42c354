import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';

// Someone else on the same computer: a page served on another port of 127.0.0.1. The browser shares
// cookies across ports of one host and counts them as the same site, so that page's requests to Loupe
// carry the signed-in person's launch cookie. It must still not be able to act through them.

/** A page on another port that tries everything a page can without Loupe's consent, then says it is done. */
function attackerPage(loupe: string): string {
  const calls = [
    'app.backups.backUpNow',
    'sync.syncNow',
    'auth.signOut',
    'app.updates.install',
    'app.updates.check',
    'app.doctor.run',
  ];
  return `<!doctype html><title>Another page</title><body><script>
  (async () => {
    // A cookie Loupe's host cannot decode: before, it stopped the host at the person's next visit.
    document.cookie = 'a=%; path=/';
    document.cookie = 'b=%E0%A4%A; path=/';
    const loupe = ${JSON.stringify(loupe)};
    const calls = ${JSON.stringify(calls)};
    for (const call of calls) {
      // A "simple" request, which browsers send without asking.
      await fetch(loupe + '/trpc/' + call, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{}' }).catch(() => {});
      // JSON, which needs Loupe's consent first (a preflight it refuses).
      await fetch(loupe + '/trpc/' + call, { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => {});
      navigator.sendBeacon(loupe + '/trpc/' + call, new Blob(['{}'], { type: 'text/plain' }));
    }
    // A form posted in a frame, as multipart.
    const frame = document.createElement('iframe'); frame.name = 'sink'; document.body.append(frame);
    const form = document.createElement('form'); form.method = 'POST'; form.enctype = 'multipart/form-data'; form.target = 'sink';
    form.action = loupe + '/trpc/app.backups.backUpNow'; document.body.append(form); form.submit();
    await new Promise((r) => setTimeout(r, 300));
    document.title = 'done';
  })();
  </script></body>`;
}

test('a page on another port cannot back up, sync, sign out, check or install updates through the signed-in browser, nor plant a cookie that stops Loupe', async ({
  launch,
  loupe,
  page,
}) => {
  const host = await launch();
  await loupe.open(host.url);
  await loupe.setUpFirstAdmin();
  /** Backups made with "Back up now" (the daily one may come by itself). */
  const manualBackups = () =>
    page.evaluate(async () => {
      const answer = (await (await fetch('/trpc/app.backups.status')).json()) as {
        result: { data: { backups: { kind: string }[] } };
      };
      return answer.result.data.backups.filter((b) => b.kind === 'manual').length;
    });
  expect(await manualBackups()).toBe(0);

  const attacker: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(attackerPage(host.origin));
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  try {
    const other = await page.context().newPage(); // the same browser: it holds Loupe's cookies
    await other.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
    await expect(other).toHaveTitle('done');

    // Nothing happened: no backup, still signed in, and the host still answers, bad cookies and all.
    await page.reload();
    expect(await manualBackups()).toBe(0);
    await expect(loupe.page.getByTestId('signed-in-user')).toHaveText('Amara Okafor');
    const cookies = await page.context().cookies(host.origin);
    expect(cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['a', 'b']));
  } finally {
    await new Promise<void>((resolve) => attacker.close(() => resolve()));
  }
});
