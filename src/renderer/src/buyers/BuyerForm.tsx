import { useForm } from '@mantine/form';
import { Alert, Anchor, Button, Group, Modal, Select, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Buyer, SessionUser } from '../api-types';
import { SALES_STATUSES } from '../../../shared/enums';
import { buyerFields, createBuyerInput } from '../../../shared/sales';
import { errorData, errorMessage, fieldErrorsOf } from '../common/errors';
import { schemaValidate, showFieldErrors } from '../common/schema-form';
import { SALES_STATUS_LABELS } from '../inquiries/labels';
import { useTRPC } from '../trpc';
import { buyerHref } from './links';

interface FormValues {
  buyerCode: string;
  companyName: string;
  contactName: string;
  email: string;
  phone: string;
  preferredGemstoneTypes: string[];
  salesStatus: string;
  accountManager: string | null;
}

interface DuplicateWarning {
  message: string;
  existingId: string;
  /** A similar name can be confirmed as a different company; the same email or code cannot. */
  confirmable: boolean;
}

/**
 * Add (administrators) or edit (the account manager or an administrator) a buyer. Duplicates are checked
 * as the user leaves the email, code and company fields, and again by the core on save; either way the
 * form offers to open the existing buyer.
 */
export function BuyerForm({
  user,
  buyer,
  onClose,
  onSaved,
}: {
  user: SessionUser;
  buyer?: Buyer;
  onClose: () => void;
  onSaved?: (id: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = useQuery(trpc.buyers.formOptions.queryOptions());
  const staff = useQuery(trpc.auth.staff.list.queryOptions());
  const initialValues: FormValues = buyer
    ? {
        buyerCode: buyer.buyerCode,
        companyName: buyer.companyName,
        contactName: buyer.contactName,
        email: buyer.email ?? '',
        phone: buyer.phone ?? '',
        preferredGemstoneTypes: buyer.preferredGemstoneTypes,
        salesStatus: buyer.salesStatus,
        accountManager: buyer.accountManager,
      }
    : {
        buyerCode: '',
        companyName: '',
        contactName: '',
        email: '',
        phone: '',
        preferredGemstoneTypes: [],
        salesStatus: 'prospect',
        accountManager: user.id,
      };
  const [duplicate, setDuplicate] = useState<DuplicateWarning | null>(null);

  /** What the form sends: an empty code takes the next free one, an empty phone is none. */
  const toInput = (values: FormValues) => ({
    ...values,
    buyerCode: values.buyerCode || (buyer ? '' : (options.data?.nextBuyerCode ?? '')),
    phone: values.phone || null,
    accountManager: values.accountManager ?? undefined,
  });
  const form = useForm<FormValues>({
    initialValues,
    validate: schemaValidate(buyer ? buyerFields.partial() : createBuyerInput, toInput),
    onValuesChange: (values, previous) => {
      const identity = ['email', 'buyerCode', 'companyName'] as const;
      if (identity.some((field) => values[field] !== previous[field])) setDuplicate(null);
    },
  });

  const [failure, setFailure] = useState<unknown>(null);
  const onError = (error: unknown) => {
    const data = errorData(error) as { reason?: string | null; existingId?: string };
    if (data.reason === 'DUPLICATE_BUYER' && data.existingId) {
      const field = Object.keys(fieldErrorsOf(error))[0];
      setDuplicate({ message: errorMessage(error), existingId: data.existingId, confirmable: field === 'companyName' });
      return;
    }
    setFailure(showFieldErrors(form, error) ? null : error);
  };
  const onSuccess = (saved: Buyer) => {
    onClose();
    onSaved?.(saved.id);
  };
  const create = useMutation(trpc.buyers.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.buyers.update.mutationOptions({ onSuccess, onError }));
  const saving = create.isPending || update.isPending;

  /** As the user leaves a field: its rule, then (for what identifies a buyer) whether another buyer has it. */
  const check = async (field: 'email' | 'buyerCode' | 'companyName' | 'contactName' | 'phone') => {
    if (form.validateField(field).hasError) return;
    if (field === 'contactName' || field === 'phone' || user.role === 'practitioner') return;
    const found = await queryClient.fetchQuery(
      trpc.buyers.checkDuplicate.queryOptions(
        { [field]: toInput(form.getValues())[field], exceptId: buyer?.id },
        { staleTime: 0 },
      ),
    );
    if (found)
      setDuplicate({
        message: found.message,
        existingId: found.existingId,
        confirmable: found.match === 'companyName',
      });
  };

  const save = (confirmSimilarName: boolean) =>
    form.onSubmit((values) => {
      setFailure(null);
      if (buyer) {
        const changes = buyerFields.partial().parse(toInput(values));
        if (user.role !== 'admin') delete changes.accountManager;
        update.mutate({ id: buyer.id, changes, confirmSimilarName });
      } else {
        create.mutate(createBuyerInput.parse({ ...toInput(values), confirmSimilarName }));
      }
    });

  const managers = (staff.data ?? [])
    .filter((s) => s.role !== 'practitioner')
    .map((s) => ({ value: s.id, label: s.fullName }));
  return (
    <Modal
      opened
      onClose={onClose}
      title={buyer ? `Edit ${buyer.companyName}` : 'Add a buyer'}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={save(false)} noValidate aria-label={buyer ? 'Edit buyer' : 'Add a buyer'}>
        <Stack gap="sm">
          <SimpleGrid cols={2} spacing="sm">
            <TextInput
              label="Company name"
              data-autofocus
              required
              {...form.getInputProps('companyName')}
              onBlur={() => void check('companyName')}
            />
            <TextInput
              label="Buyer code"
              required
              placeholder={options.data?.nextBuyerCode}
              description={buyer ? undefined : 'Leave empty for the next free code'}
              {...form.getInputProps('buyerCode')}
              onBlur={() => void check('buyerCode')}
            />
            <TextInput
              label="Contact name"
              required
              {...form.getInputProps('contactName')}
              onBlur={() => void check('contactName')}
            />
            <TextInput
              label="Email"
              required
              type="email"
              {...form.getInputProps('email')}
              onBlur={() => void check('email')}
            />
            <TextInput label="Phone" type="tel" {...form.getInputProps('phone')} onBlur={() => void check('phone')} />
            <Select
              label="Sales status"
              allowDeselect={false}
              data={SALES_STATUSES.map((s) => ({ value: s, label: SALES_STATUS_LABELS[s] ?? s }))}
              {...form.getInputProps('salesStatus')}
            />
            <TagsInput
              label="Preferred gemstone types"
              data={options.data?.gemstoneTypes ?? []}
              {...form.getInputProps('preferredGemstoneTypes')}
              acceptValueOnBlur
              clearable
            />
            <Select
              label="Account manager"
              required
              allowDeselect={false}
              data={managers}
              {...form.getInputProps('accountManager')}
              disabled={!!buyer && user.role !== 'admin'}
              description={buyer && user.role !== 'admin' ? 'Administrators reassign buyers' : undefined}
            />
          </SimpleGrid>
          {duplicate && (
            <Alert color="orange" role="alert" title="Possible duplicate">
              {duplicate.message}{' '}
              <Group gap="sm" mt={6}>
                <Anchor href={buyerHref(duplicate.existingId)} onClick={onClose}>
                  Open the existing one
                </Anchor>
                {duplicate.confirmable && (
                  <Button size="compact-sm" variant="default" onClick={() => save(true)()} loading={saving}>
                    It’s a different company — save anyway
                  </Button>
                )}
              </Group>
            </Alert>
          )}
          {failure !== null && !duplicate && (
            <Alert color="red" role="alert">
              {errorMessage(failure)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              {buyer ? 'Save changes' : 'Add buyer'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
