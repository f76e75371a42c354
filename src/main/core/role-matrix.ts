// Who may call which procedure: the one table the core's role checks are tested against
// (role-matrix.test.ts calls every procedure as every role and as nobody) and that docs/security.md prints
// (`npx tsx scripts/role-matrix-docs.ts` writes it between the role-matrix markers; a test keeps them
// equal). A procedure missing here fails the test: add its row when you add the procedure.
//
// "Allowed" means the role passes the procedure's role check; rules about the data itself (a coordinator
// edits only the buyers they manage, the certificate log is append-only, …) are in the notes and are
// tested with the capability.

export const CALLERS = ['admin', 'coordinator', 'practitioner', 'signed out'] as const;
export type MatrixCaller = (typeof CALLERS)[number];

export interface AccessRule {
  allow: readonly MatrixCaller[];
  note?: string;
}

const EVERYONE: readonly MatrixCaller[] = ['admin', 'coordinator', 'practitioner', 'signed out'];
const STAFF: readonly MatrixCaller[] = ['admin', 'coordinator', 'practitioner'];
const EDITORS: readonly MatrixCaller[] = ['admin', 'coordinator'];
const VERIFIERS: readonly MatrixCaller[] = ['admin', 'practitioner'];
const ADMINS: readonly MatrixCaller[] = ['admin'];

const rule = (allow: readonly MatrixCaller[], note?: string): AccessRule => (note ? { allow, note } : { allow });

export const ROLE_MATRIX: Record<string, AccessRule> = {
  // auth
  'auth.status': rule(EVERYONE, 'who is signed in, and whether Loupe still needs its first administrator'),
  'auth.createFirstAdmin': rule(EVERYONE, 'only while there is no account at all'),
  'auth.signIn': rule(EVERYONE),
  'auth.signOut': rule(EVERYONE),
  'auth.staff.list': rule(STAFF),
  'auth.staff.create': rule(ADMINS),
  'auth.staff.setRole': rule(ADMINS, 'the last administrator keeps the role'),

  // inventory
  'inventory.list': rule(STAFF),
  'inventory.get': rule(STAFF),
  'inventory.detail': rule(STAFF, 'practitioners do not receive quoted prices'),
  'inventory.scan': rule(STAFF, 'practitioners do not receive quoted prices'),
  'inventory.search': rule(STAFF),
  'inventory.formOptions': rule(STAFF),
  'inventory.create': rule(EDITORS),
  'inventory.update': rule(EDITORS),
  'inventory.lists.gemstoneTypes': rule(STAFF),
  'inventory.lists.locations': rule(STAFF),
  'inventory.lists.saveGemstoneType': rule(ADMINS),
  'inventory.lists.saveLocation': rule(ADMINS),
  'inventory.custody.move': rule(EDITORS),
  'inventory.custody.signedOut': rule(STAFF),
  'inventory.counts.list': rule(STAFF),
  'inventory.counts.report': rule(STAFF),
  'inventory.counts.reportPdf': rule(STAFF, 'a finished count only'),
  'inventory.counts.reportCsv': rule(STAFF, 'a finished count only'),
  'inventory.counts.start': rule(STAFF, 'counting changes nothing on the stones'),
  'inventory.counts.scan': rule(STAFF),
  'inventory.counts.finish': rule(STAFF),
  'inventory.counts.cancel': rule(STAFF),
  'inventory.csv.preview': rule(EDITORS),
  'inventory.csv.commit': rule(EDITORS),
  'inventory.csv.progress': rule(EDITORS),
  'inventory.csv.export': rule(STAFF),
  'inventory.labels.png': rule(STAFF),
  'inventory.labels.pdf': rule(STAFF),
  'inventory.labels.images': rule(STAFF),

  // certificates
  'certificates.list': rule(STAFF),
  'certificates.get': rule(STAFF),
  'certificates.timeline': rule(STAFF),
  'certificates.exportCsv': rule(STAFF),
  'certificates.queue': rule(STAFF),
  'certificates.awaitingCount': rule(STAFF),
  'certificates.stone': rule(STAFF),
  'certificates.check': rule(STAFF),
  'certificates.record': rule(VERIFIERS),
  'certificates.update': rule(VERIFIERS, 'notes only: the verification itself never changes'),
  'certificates.delete': rule(STAFF, 'always refused (APPEND_ONLY): a correction is a new entry'),
  'certificates.attachDocument': rule(VERIFIERS),
  'certificates.document': rule(STAFF),
  'media.pass': rule(STAFF, 'the pass in media URLs; only a signed-in connection may fetch photos'),
  'media.list': rule(STAFF),
  'media.attach': rule(EDITORS),
  'media.remove': rule(EDITORS),
  'media.reorder': rule(EDITORS),

  // buyers
  'buyers.list': rule(STAFF, 'practitioners do not receive email or phone'),
  'buyers.get': rule(STAFF, 'practitioners do not receive email or phone'),
  'buyers.profile': rule(STAFF, 'practitioners do not receive email, phone or prices'),
  'buyers.formOptions': rule(STAFF),
  'buyers.checkDuplicate': rule(EDITORS),
  'buyers.create': rule(ADMINS),
  'buyers.update': rule(EDITORS, 'coordinators: only buyers they manage; only admins reassign the account manager'),
  'buyers.delete': rule(ADMINS, 'not a buyer with inquiries'),
  'buyers.import': rule(ADMINS),
  'buyers.stonesThatFit': rule(STAFF),
  'buyers.matchingStone': rule(STAFF),
  'buyers.preferringType': rule(STAFF),

  // inquiries
  'inquiries.list': rule(STAFF, 'practitioners do not receive quoted prices'),
  'inquiries.get': rule(STAFF, 'practitioners do not receive quoted prices'),
  'inquiries.board': rule(STAFF),
  'inquiries.dashboard': rule(STAFF),
  'inquiries.stoneBySku': rule(STAFF),
  'inquiries.create': rule(EDITORS),
  'inquiries.update': rule(EDITORS),
  'inquiries.transition': rule(EDITORS, 'reserving a stone in certificate mismatch: admins only, with a reason'),
  'inquiries.agingThresholds': rule(STAFF),
  'inquiries.setAgingThresholds': rule(ADMINS),

  // holds
  'holds.forStone': rule(STAFF),
  'holds.onStones': rule(STAFF),
  'holds.list': rule(STAFF),
  'holds.notices': rule(STAFF, 'only the holds the caller placed'),
  'holds.dismissNotice': rule(STAFF),
  'holds.place': rule(EDITORS, 'one hold per stone; not on a sold stone or one reserved for another buyer'),
  'holds.release': rule(EDITORS, 'the person who placed the hold, or an admin'),
  'holds.extend': rule(EDITORS, 'the person who placed the hold, or an admin; at most 30 days ahead'),
  'holds.makeReservation': rule(EDITORS, 'the person who placed the hold, or an admin; through the inquiry pipeline'),

  // memos
  'memos.list': rule(STAFF, 'practitioners do not receive memo prices'),
  'memos.get': rule(STAFF, 'practitioners do not receive memo prices'),
  'memos.summary': rule(STAFF, 'counts only'),
  'memos.forStone': rule(STAFF),
  'memos.onStones': rule(STAFF),
  'memos.stoneBySku': rule(EDITORS, 'carries the asking price'),
  'memos.pdf': rule(EDITORS, 'carries the prices'),
  'memos.create': rule(EDITORS, 'only free stones: not sold, on memo, held, reserved or assigned for another buyer'),
  'memos.returnLines': rule(EDITORS, 'the person who issued the memo, or an admin'),
  'memos.sellLines': rule(EDITORS, 'the person who issued the memo, or an admin; issues one invoice'),
  'memos.extend': rule(EDITORS, 'the person who issued the memo, or an admin; at most 90 days ahead'),

  // invoices and payments (money: practitioners are refused)
  'invoices.list': rule(EDITORS),
  'invoices.get': rule(EDITORS),
  'invoices.forBuyer': rule(EDITORS),
  'invoices.forInquiry': rule(EDITORS),
  'invoices.pdf': rule(EDITORS),
  'invoices.recordPayment': rule(EDITORS, 'never more than the balance due; not on a void invoice'),
  'invoices.void': rule(ADMINS, 'with a reason, kept in the invoice note; a void invoice stays void'),
  'invoices.settings.taxRates': rule(EDITORS),
  'invoices.settings.setTaxRates': rule(ADMINS, 'new invoices carry them; issued invoices keep theirs'),
  'invoices.settings.seller': rule(EDITORS),
  'invoices.settings.setSeller': rule(ADMINS),

  // consignments in (stones another dealer lent us)
  'consignments.list': rule(STAFF, 'practitioners do not receive agreed prices'),
  'consignments.get': rule(STAFF, 'practitioners do not receive agreed prices'),
  'consignments.forStone': rule(STAFF, 'practitioners do not receive agreed prices'),
  'consignments.onStones': rule(STAFF),
  'consignments.suppliers': rule(EDITORS),
  'consignments.overdueCount': rule(STAFF),
  'consignments.receive': rule(EDITORS, 'a stone has at most one consignment in; not a sold stone or one out on memo'),
  'consignments.returnToSupplier': rule(
    EDITORS,
    'a consignment still in; not a stone sold, out on memo, held or reserved',
  ),
  'consignments.settle': rule(EDITORS, 'a consignment still in'),

  // activities and follow-ups
  'activities.list': rule(STAFF),
  'activities.create': rule(STAFF),
  'activities.setDone': rule(STAFF, 'only activities they logged (admins: any)'),
  'activities.followUps': rule(STAFF),
  'activities.followUpCount': rule(STAFF),
  'activities.markDone': rule(
    STAFF,
    "an inquiry's follow-up: admins and coordinators; an activity: who logged it, or an admin",
  ),
  'activities.snooze': rule(
    STAFF,
    "an inquiry's follow-up: admins and coordinators; an activity: who logged it, or an admin",
  ),

  // reports
  'reports.valuation': rule(EDITORS, 'money: cost and asking per currency'),
  'reports.valuationFile': rule(EDITORS),
  'reports.memosOut': rule(EDITORS),
  'reports.memosOutFile': rule(EDITORS),
  'reports.aging': rule(STAFF, 'practitioners receive counts and carats only'),
  'reports.agingFile': rule(STAFF, 'practitioners receive counts and carats only'),
  'reports.sales': rule(EDITORS),
  'reports.salesFile': rule(EDITORS),
  'reports.stockCounts': rule(STAFF, 'finished counts; no money in them'),
  'reports.stockCountsFile': rule(STAFF),
  'reports.dashboardCharts': rule(STAFF, 'practitioners receive the counts only (pipeline and aging)'),

  // sync
  'sync.status': rule(STAFF),
  'sync.requestsThisMonth': rule(STAFF, 'a count of requests; nothing else'),
  'sync.staff.waiting': rule(STAFF, 'which waiting changes name staff without a backend account'),
  'sync.staff.createBackendAccount': rule(
    ADMINS,
    'for staff made here while the workstation was local only; the role is set on the server',
  ),
  'sync.staff.handOver': rule(ADMINS, 'the waiting changes of staff without a backend account go under a backend user'),
  'sync.syncNow': rule(STAFF),
  'sync.connect': rule(ADMINS),
  'sync.conflicts.list': rule(STAFF, 'practitioners see none about prices or contact details'),
  'sync.conflicts.reapply': rule(EDITORS),
  'sync.conflicts.dismiss': rule(STAFF),
  'sync.deadLetters.list': rule(STAFF, 'practitioners receive no prices or contact details'),
  'sync.deadLetters.mine': rule(STAFF, 'practitioners receive no prices or contact details'),
  'sync.deadLetters.dismiss': rule(STAFF),
  'sync.onChange': rule(STAFF),

  // backups, self-check, diagnostics, updates
  'app.health': rule(STAFF, 'the start self-check, for the banner'),
  'app.backups.status': rule(EDITORS),
  'app.backups.backUpNow': rule(EDITORS),
  'app.backups.setFolder': rule(ADMINS),
  'app.backups.check': rule(ADMINS, 'checks a file before anyone is asked to restore it'),
  'app.backups.restore': rule(ADMINS, 'everyone signs in again afterwards'),
  'app.doctor.run': rule(EDITORS),
  'app.diagnostics.export': rule(ADMINS),
  'app.updates.status': rule(STAFF),
  'app.updates.onStatus': rule(STAFF),
  'app.updates.check': rule(STAFF),
  'app.updates.install': rule(STAFF, '"Restart to update" once an update is downloaded'),
  'app.updates.setFeedUrl': rule(ADMINS),
};

export function isAllowed(path: string, caller: MatrixCaller): boolean {
  const entry = ROLE_MATRIX[path];
  if (!entry) throw new Error(`${path} is not in the role matrix (src/main/core/role-matrix.ts)`);
  return entry.allow.includes(caller);
}

export const ROLE_MATRIX_BEGIN =
  '<!-- role-matrix:begin (generated from src/main/core/role-matrix.ts by scripts/role-matrix-docs.ts) -->';
export const ROLE_MATRIX_END = '<!-- role-matrix:end -->';

/** The table as docs/security.md prints it (✓ allowed, — refused with FORBIDDEN or UNAUTHORIZED). */
export function roleMatrixMarkdown(): string {
  const header = `| Procedure | ${CALLERS.map((c) => c[0]!.toUpperCase() + c.slice(1)).join(' | ')} | Also |`;
  const rule = `|---|${CALLERS.map(() => ':-:').join('|')}|---|`;
  const rows = Object.entries(ROLE_MATRIX).map(
    ([path, entry]) =>
      `| \`${path}\` | ${CALLERS.map((c) => (entry.allow.includes(c) ? '✓' : '—')).join(' | ')} | ${entry.note ?? ''} |`,
  );
  return [header, rule, ...rows].join('\n');
}

/** The document with the table between the markers replaced. */
export function withRoleMatrix(readme: string): string {
  const begin = readme.indexOf(ROLE_MATRIX_BEGIN);
  const end = readme.indexOf(ROLE_MATRIX_END);
  if (begin < 0 || end < begin) throw new Error('docs/security.md has no role-matrix markers');
  return `${readme.slice(0, begin + ROLE_MATRIX_BEGIN.length)}\n${roleMatrixMarkdown()}\n${readme.slice(end)}`;
}
