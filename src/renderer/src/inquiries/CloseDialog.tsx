import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { INQUIRY_OUTCOMES, type InquiryOutcome } from '../../../shared/enums';
import { transitionInput } from '../../../shared/sales';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { schemaValidate, showFieldErrors } from '../common/schema-form';
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
  const toInput = (values: { outcome: InquiryOutcome | null; reason: string }) => ({
    id: inquiry.id,
    to: 'closed' as const,
    outcome: values.outcome ?? undefined,
    reason: values.reason,
  });
  const form = useForm<{ outcome: InquiryOutcome | null; reason: string }>({
    initialValues: { outcome: null, reason: '' },
    validate: schemaValidate(transitionInput, toInput),
  });
  const close = useMutation(
    trpc.inquiries.transition.mutationOptions({ onSuccess: onClose, onError: (e) => showFieldErrors(form, e) }),
  );
  const submit = form.onSubmit((values) => close.mutate(toInput(values)));

  return (
    <Modal
      opened
      onClose={onClose}
      title={`Close the inquiry: ${inquiry.sku} for ${inquiry.buyerName}`}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate aria-label="Close the inquiry">
        <Stack gap="sm">
          <Radio.Group label="Outcome" required {...form.getInputProps('outcome')}>
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
          <TextInput label="Reason" required {...form.getInputProps('reason')} />
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
