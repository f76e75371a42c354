// Bench child: the seeds' SDK pattern for a first download (find pages + pinAll into the local datastore),
// alone in its process like Loupe's download child, so neither inherits the other's heap.
//   tsx scripts/bench/replication-sdk-download-child.ts <serverURL> <appId> <clientKey> <username> <password>
import Parse from 'parse/node';

async function main() {
  const [serverURL, appId, clientKey, username, password] = process.argv.slice(2) as string[];
  Parse.initialize(appId!, clientKey!);
  (Parse as unknown as { serverURL: string }).serverURL = serverURL!;
  Parse.enableLocalDatastore();
  // From sign-in, as Loupe's figure is (its connect signs in, then downloads).
  const started = performance.now();
  const user = await Parse.User.logIn(username!, password!);
  const sessionToken = user.getSessionToken()!;
  const Gemstone = Parse.Object.extend('Gemstone');
  let after = '';
  let stones = 0;
  for (;;) {
    const query = new Parse.Query(Gemstone).ascending('objectId').limit(1000);
    if (after) query.greaterThan('objectId', after);
    const page = await query.find({ sessionToken });
    await Parse.Object.pinAll(page);
    stones += page.length;
    if (page.length < 1000) break;
    after = page[page.length - 1]!.id!;
  }
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, stones }));
  process.exit(0);
}

void main();
