import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { INQUIRY_OUTCOMES, type InquiryOutcome } from '../../../shared/enums';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { useTRPC } from '../trpc';
import { OUTCOME_LABELS } from './labels';

const OUTCOME_HELP: Record<InquiryOutcome, string> = {
  sold: 'The stone moves to “Sold”; its other open inquiries close as lost.',
  lost: 'The buyer went elsewhere or said no.',
  withdrawn: 'We or the buyer stopped it.',
};

/** Closing needs an outcome and a reason; the core releases the stone (or marks it sold). */
export function CloseDialog({
  inquiry,
  onClose,
}: {
  inquiry: { id: string; sku: string; buyerName: string };
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const [outcome, setOutcome] = useState<InquiryOutcome | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const close = useMutation(
    trpc.inquiries.transition.mutationOptions({ onSuccess: onClose, onError: (e) => setErrors(fieldErrorsOf(e)) }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!outcome) missing.outcome = 'Choose how the inquiry ended';
    if (!reason.trim()) missing.reason = 'Give a reason for closing';
    if (Object.keys(missing).length) return setErrors(missing);
    close.mutate({ id: inquiry.id, to: 'closed', outcome: outcome!, reason });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={`Close the inquiry: ${inquiry.sku} for ${inquiry.buyerName}`}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate aria-label="Close the inquiry">
        <Stack gap="sm">
          <Radio.Group
            label="Outcome"
            required
            value={outcome}
            onChange={(v) => setOutcome(v as InquiryOutcome)}
            error={errors.outcome}
          >
            <Stack gap={6} mt={4}>
              {INQUIRY_OUTCOMES.map((o) => (
                <Radio
                  key={o}
                  value={o}
                  label={OUTCOME_LABELS[o]}
                  description={OUTCOME_HELP[o]}
                  data-autofocus={o === 'sold' ? true : undefined}
                />
              ))}
            </Stack>
          </Radio.Group>
          <TextInput
            label="Reason"
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason}
          />
          {close.isError && Object.keys(fieldErrorsOf(close.error)).length === 0 && (
            <Alert color="red" role="alert">
              {errorMessage(close.error)}
            </Alert>
          )}
          <Text size="xs" c="dimmed">
            Closing is final; the history keeps who closed it and why.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={close.isPending}>
              Close inquiry
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
