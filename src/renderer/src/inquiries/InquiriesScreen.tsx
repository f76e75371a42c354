import { Alert, Button, Group, NumberInput, Popover, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { SessionUser } from '../api-types';
import { agingThresholdsInput } from '../../../shared/sales';
import { closeRecord, openInquiry, useHashParam } from '../buyers/links';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { schemaValidate, showFieldErrors } from '../common/schema-form';
import { useTRPC } from '../trpc';
import { InquiryDetail } from './InquiryDetail';
import { InquiryForm } from './InquiryForm';
import { InquiryList } from './InquiryList';
import { PipelineBoard } from './PipelineBoard';

/** The pipeline: a board of open inquiries by status, or the filtered list; an open inquiry is #/inquiries/<id>. */
export function InquiriesScreen({ user }: { user: SessionUser }) {
  const [view, setView] = useState<'board' | 'list'>('board');
  const [creating, setCreating] = useState(false);
  const openId = useHashParam();
  const canCreate = user.role !== 'practitioner';

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Group gap="md">
          <Title order={3}>Inquiries</Title>
          <SegmentedControl
            size="xs"
            aria-label="View"
            value={view}
            onChange={(v) => setView(v as 'board' | 'list')}
            data={[
              { value: 'board', label: 'Board' },
              { value: 'list', label: 'List' },
            ]}
          />
        </Group>
        <Group gap="xs">
          {user.role === 'admin' && <AgingSettings />}
          {canCreate && <Button onClick={() => setCreating(true)}>New inquiry</Button>}
        </Group>
      </Group>
      {view === 'board' ? <PipelineBoard user={user} /> : <InquiryList />}
      {creating && <InquiryForm user={user} onClose={() => setCreating(false)} onCreated={openInquiry} />}
      {openId && <InquiryDetail key={openId} id={openId} user={user} onClose={() => closeRecord('inquiries')} />}
    </Stack>
  );
}

/** Administrators set after how many days in a stage cards turn amber, then red (stored on this workstation). */
function AgingSettings() {
  const trpc = useTRPC();
  const current = useQuery(trpc.inquiries.agingThresholds.queryOptions());
  const [opened, setOpened] = useState(false);
  const toInput = (values: { amberDays: number | string; redDays: number | string }) => ({
    amberDays: Number(values.amberDays),
    redDays: Number(values.redDays),
  });
  const form = useForm<{ amberDays: number | string; redDays: number | string }>({
    initialValues: { amberDays: '', redDays: '' },
    validate: schemaValidate(agingThresholdsInput, toInput),
  });
  const save = useMutation(
    trpc.inquiries.setAgingThresholds.mutationOptions({
      onSuccess: () => setOpened(false),
      onError: (e) => showFieldErrors(form, e),
    }),
  );
  const open = () => {
    form.setValues(current.data ?? { amberDays: 7, redDays: 14 });
    form.clearErrors();
    setOpened(true);
  };
  const submit = form.onSubmit((values) => save.mutate(agingThresholdsInput.parse(toInput(values))));
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" trapFocus withArrow>
      <Popover.Target>
        <Button variant="default" onClick={() => (opened ? setOpened(false) : open())}>
          Aging thresholds
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form onSubmit={submit} noValidate aria-label="Aging thresholds">
          <Stack gap="xs" w={240}>
            <Text size="sm">Cards turn amber, then red, after this many days in a stage.</Text>
            <NumberInput
              label="Amber after (days)"
              min={1}
              max={365}
              {...form.getInputProps('amberDays')}
              data-autofocus
            />
            <NumberInput label="Red after (days)" min={2} max={730} {...form.getInputProps('redDays')} />
            {save.isError && Object.keys(fieldErrorsOf(save.error)).length === 0 && (
              <Alert color="red">{errorMessage(save.error)}</Alert>
            )}
            <Group justify="flex-end">
              <Button type="submit" size="xs" loading={save.isPending}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
