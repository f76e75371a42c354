import { Alert, Button, Checkbox, Group, Modal, SegmentedControl, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { ACTIVITY_TYPES, type ActivityType } from '../../../shared/enums';
import { createActivityInput } from '../../../shared/sales';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { schemaValidate, showFieldErrors } from '../common/schema-form';
import { fromDateInput, todayInput } from '../follow-ups/dates';
import { ACTIVITY_LABELS } from '../inquiries/labels';
import { useTRPC } from '../trpc';

interface FormValues {
  type: ActivityType;
  subject: string;
  description: string;
  /** As the date input gives it (yyyy-mm-dd). */
  dueDate: string;
  done: boolean;
}

/** Log a call, email, meeting or note on a buyer or an inquiry: planned (with a due date) or already done. */
export function ActivityForm({
  buyer,
  inquiry,
  about,
  onClose,
}: {
  buyer?: string;
  inquiry?: string;
  /** Whom or what it is about, for the title ("Aurora Gems Ltd", "RB-1001 for Aurora Gems Ltd"). */
  about: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const toInput = (values: FormValues) => ({
    ...values,
    dueDate: values.done ? null : fromDateInput(values.dueDate),
    buyer,
    inquiry,
  });
  const form = useForm<FormValues>({
    initialValues: { type: 'call', subject: '', description: '', dueDate: todayInput(), done: false },
    validate: schemaValidate(createActivityInput, toInput),
  });
  const done = form.values.done;
  const create = useMutation(
    trpc.activities.create.mutationOptions({ onSuccess: onClose, onError: (e) => showFieldErrors(form, e) }),
  );
  const submit = form.onSubmit((values) => create.mutate(createActivityInput.parse(toInput(values))));

  return (
    <Modal opened onClose={onClose} title={`Log an activity: ${about}`} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} noValidate aria-label="Log an activity">
        <Stack gap="sm">
          <SegmentedControl
            aria-label="Activity type"
            {...form.getInputProps('type')}
            data={ACTIVITY_TYPES.map((t) => ({ value: t, label: ACTIVITY_LABELS[t] ?? t }))}
          />
          <TextInput label="Subject" data-autofocus required {...form.getInputProps('subject')} />
          <Textarea label="Notes" autosize minRows={2} maxRows={6} {...form.getInputProps('description')} />
          <Group align="flex-end" gap="md">
            <TextInput
              type="date"
              label="Due"
              description="Shows on the follow-ups list until done"
              disabled={done}
              {...form.getInputProps('dueDate')}
            />
            <Checkbox label="Already done" {...form.getInputProps('done', { type: 'checkbox' })} mb={8} />
          </Group>
          {create.isError && Object.keys(fieldErrorsOf(create.error)).length === 0 && (
            <Alert color="red" role="alert">
              {errorMessage(create.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Log activity
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
