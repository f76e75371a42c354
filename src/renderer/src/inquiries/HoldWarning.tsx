import { Alert } from '@mantine/core';
import type { StoneHold } from '../api-types';
import { STATUS_LABELS } from './labels';

const who = (hold: StoneHold) =>
  hold.buyerName ? `${hold.buyerName}${hold.buyerCode ? ` (${hold.buyerCode})` : ''}` : null;

/** Before a new inquiry is saved: who already holds the stone, and what that means for this inquiry. */
export function HoldWarning({ hold }: { hold: StoneHold }) {
  const buyer = who(hold);
  const handler = hold.handledByName ? `, handled by ${hold.handledByName}` : '';
  if (hold.kind === 'sold') {
    return (
      <Alert color="red" title="This stone is sold" data-testid="hold-warning">
        {buyer ? `Sold to ${buyer}: their inquiry is closed as sold${handler}. ` : ''}A sold stone takes no new
        inquiries.
      </Alert>
    );
  }
  if (hold.kind === 'reserved') {
    return (
      <Alert color="orange" title="Already reserved" data-testid="hold-warning">
        Reserved for {buyer}: their inquiry is at {STATUS_LABELS[hold.stage ?? 'reserved']}
        {handler}. You can still take this inquiry; the stone can be reserved for it only once that inquiry closes.
      </Alert>
    );
  }
  return (
    <Alert color="orange" title="Set aside for a buyer" data-testid="hold-warning">
      Assigned to {buyer}, without an inquiry. You can still take this inquiry; the stone can be reserved for it only
      once it is released.
    </Alert>
  );
}
