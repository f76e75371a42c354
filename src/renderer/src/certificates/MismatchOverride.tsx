import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorData, errorMessage, fieldErrorsOf } from '../common/errors';
import { useTRPC } from '../trpc';

/** Whether a refused move is the certificate-mismatch block an administrator may override. */
export const isMismatchRefusal = (error: unknown) => errorData(error).reason === 'CERTIFICATE_MISMATCH';

/**
 * An administrator reserves a stone whose certificate is in mismatch: only with a reason, which the core
 * keeps in the inquiry's history together with who overrode and when.
 */
export function MismatchOverride({
  inquiry,
  refusal,
  onClose,
}: {
  inquiry: { id: string; sku: string; buyerName: string };
  refusal: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reserve = useMutation(
    trpc.inquiries.transition.mutationOptions({
      onSuccess: onClose,
      onError: (e) => setError(fieldErrorsOf(e).reason ?? errorMessage(e)),
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setError('Say why the certificate mismatch is overridden');
    reserve.mutate({ id: inquiry.id, to: 'reserved', mismatchOverride: true, reason });
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Reserve ${inquiry.sku} despite the certificate mismatch?`}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate aria-label="Override the certificate mismatch">
        <Stack gap="sm">
          <Alert color="red" variant="light">
            {refusal}
          </Alert>
          <Text size="sm">
            As an administrator you may reserve it for {inquiry.buyerName} anyway. Your name, the time and your reason
            are kept in the inquiry’s history.
          </Text>
          <TextInput
            label="Reason for the override"
            required
            data-autofocus
            value={reason}
            onChange={(e) => (setReason(e.currentTarget.value), setError(null))}
            error={error}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={reserve.isPending}>
              Reserve with override
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
