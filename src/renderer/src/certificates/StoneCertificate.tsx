import { Alert, Button } from '@mantine/core';
import type { SessionUser } from '../api-types';
import { setDesk } from '../inventory/desk-store';
import { canVerify } from './EntryDialog';
import { requestVerification } from './request';

// What the stone drawer (scan, grid, Ctrl+K) shows of the certificate beyond its status badge.

/** Practitioners and administrators: record a verification of this stone (opens the Certificates form). */
export function RecordVerificationButton({ stoneId, user }: { stoneId: string; user: SessionUser }) {
  if (!canVerify(user)) return null;
  return (
    <Button
      size="xs"
      variant="light"
      onClick={() => {
        setDesk({ openStoneId: null });
        requestVerification({ stoneId });
      }}
    >
      Record verification
    </Button>
  );
}

/** A stone whose certificate is in mismatch must not be sold on it: said loudly, where people look. */
export function MismatchBanner({ status }: { status: string }) {
  if (status !== 'mismatch') return null;
  return (
    <Alert color="red" variant="filled" title="Certificate mismatch" data-testid="certificate-mismatch">
      The certificate does not match this stone. Do not sell or reserve it on this certificate until it is verified
      again; only an administrator can reserve it meanwhile, with a reason.
    </Alert>
  );
}
