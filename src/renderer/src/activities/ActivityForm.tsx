import { Alert, Button, Checkbox, Group, Modal, SegmentedControl, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ACTIVITY_TYPES, type ActivityType } from '../../../shared/enums';
import { createActivityInput } from '../../../shared/sales';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { validate } from '../common/zod-form';
import { fromDateInput, todayInput } from '../follow-ups/dates';
import { ACTIVITY_LABELS } from '../inquiries/labels';
import { useTRPC } from '../trpc';

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
  const [type, setType] = useState<ActivityType>('call');
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [dueDate, setDueDate] = useState(todayInput());
  const [done, setDone] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation(
    trpc.activities.create.mutationOptions({ onSuccess: onClose, onError: (e) => setErrors(fieldErrorsOf(e)) }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = { type, subject, description, dueDate: done ? null : fromDateInput(dueDate), done, buyer, inquiry };
    const result = validate(createActivityInput, input);
    if (!result.ok) return setErrors(result.errors);
    create.mutate(result.data);
  };

  return (
    <Modal opened onClose={onClose} title={`Log an activity: ${about}`} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} noValidate aria-label="Log an activity">
        <Stack gap="sm">
          <SegmentedControl
            aria-label="Activity type"
            value={type}
            onChange={(v) => setType(v as ActivityType)}
            data={ACTIVITY_TYPES.map((t) => ({ value: t, label: ACTIVITY_LABELS[t] ?? t }))}
          />
          <TextInput
            label="Subject"
            data-autofocus
            required
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
            error={errors.subject}
          />
          <Textarea
            label="Notes"
            autosize
            minRows={2}
            maxRows={6}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={errors.description}
          />
          <Group align="flex-end" gap="md">
            <TextInput
              type="date"
              label="Due"
              description="Shows on the follow-ups list until done"
              disabled={done}
              value={dueDate}
              onChange={(e) => setDueDate(e.currentTarget.value)}
              error={errors.dueDate}
            />
            <Checkbox label="Already done" checked={done} onChange={(e) => setDone(e.currentTarget.checked)} mb={8} />
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
