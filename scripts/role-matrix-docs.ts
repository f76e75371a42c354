// Writes the role matrix (src/main/core/role-matrix.ts) into docs/security.md between its markers.
// `npx tsx scripts/role-matrix-readme.ts`; src/main/core/role-matrix.test.ts fails while they differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withRoleMatrix } from '../src/main/core/role-matrix';

const file = join(__dirname, '..', 'docs', 'security.md');
const before = readFileSync(file, 'utf8');
const after = withRoleMatrix(before);
if (after === before) console.log('docs/security.md already has the current role matrix.');
else {
  writeFileSync(file, after);
  console.log('docs/security.md: role matrix updated.');
}
