import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './trpc';

// The renderer's names for what the core sends, derived from the one contract (the router), so the
// renderer never reaches into the core's files: a change there shows up here as a type error.

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

/** The signed-in staff member (never includes the password hash). */
export type SessionUser = NonNullable<RouterOutputs['auth']['status']['user']>;

export type Stone = RouterOutputs['inventory']['get'];
export type StoneDetail = RouterOutputs['inventory']['detail'];
export type SearchHit = RouterOutputs['inventory']['search'][number];
export type CountReport = RouterOutputs['inventory']['counts']['report'];
export type CountLine = CountReport['matched'][number];
export type CountScanResult = RouterOutputs['inventory']['counts']['scan'];

export type CertificateEntry = RouterOutputs['certificates']['get'];
export type RecordResult = RouterOutputs['certificates']['record'];
export type VerificationStone = NonNullable<RouterOutputs['certificates']['stone']>;
export type QueueFacets = RouterOutputs['certificates']['queue']['facets'];

export type Buyer = RouterOutputs['buyers']['get'];
export type PreferringBuyer = RouterOutputs['buyers']['preferringType']['buyers'][number];

export type Inquiry = RouterOutputs['inquiries']['list'][number];
export type InquiryDetail = RouterOutputs['inquiries']['get'];
export type ScannedStone = NonNullable<RouterOutputs['inquiries']['stoneBySku']>;
export type StoneHold = NonNullable<ScannedStone['hold']>;

export type Hold = RouterOutputs['holds']['onStones'][number];
export type HoldNotice = RouterOutputs['holds']['notices'][number];

export type Consignment = RouterOutputs['consignments']['list'][number];

export type Activity = RouterOutputs['activities']['list'][number];
export type FollowUp = RouterOutputs['activities']['followUps']['overdue'][number];

/** The updater's state, as the check and the status stream send it. */
export type UpdateStatus = RouterOutputs['app']['updates']['check'];
export type BackupFile = RouterOutputs['app']['backups']['status']['backups'][number];

export type SyncDeadLetter = RouterOutputs['sync']['deadLetters']['list'][number];
export type BuyerImportResult = RouterOutputs['buyers']['import'];

export type MemoListItem = RouterOutputs['memos']['list'][number];
export type MemoDetail = RouterOutputs['memos']['get'];
export type MemoLine = MemoDetail['lines'][number];
export type StoneOnMemo = RouterOutputs['memos']['onStones'][number];
