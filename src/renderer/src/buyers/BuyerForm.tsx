import { Alert, Anchor, Button, Group, Modal, Select, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Buyer, SessionUser } from '../api-types';
import { SALES_STATUSES } from '../../../shared/enums';
import { buyerFields, createBuyerInput } from '../../../shared/sales';
import { errorData, errorMessage, fieldErrorsOf } from '../common/errors';
import { validate } from '../common/zod-form';
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
  const [values, setValues] = useState<FormValues>(() =>
    buyer
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
        },
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [duplicate, setDuplicate] = useState<DuplicateWarning | null>(null);
  const onError = (error: unknown) => {
    const data = errorData(error) as { reason?: string | null; existingId?: string };
    if (data.reason === 'DUPLICATE_BUYER' && data.existingId) {
      const field = Object.keys(fieldErrorsOf(error))[0];
      setDuplicate({ message: errorMessage(error), existingId: data.existingId, confirmable: field === 'companyName' });
      return;
    }
    setErrors(fieldErrorsOf(error));
  };
  const onSuccess = (saved: Buyer) => {
    onClose();
    onSaved?.(saved.id);
  };
  const create = useMutation(trpc.buyers.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.buyers.update.mutationOptions({ onSuccess, onError }));
  const saving = create.isPending || update.isPending;
  const failure = create.error ?? update.error;

  const code = values.buyerCode || (buyer ? '' : (options.data?.nextBuyerCode ?? ''));
  const input = () => ({
    ...values,
    buyerCode: code,
    phone: values.phone || null,
    accountManager: values.accountManager ?? undefined,
  });
  const set = <K extends keyof FormValues>(field: K, value: FormValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors(({ [field]: _cleared, ...rest }) => rest);
    if (field === 'email' || field === 'buyerCode' || field === 'companyName') setDuplicate(null);
  };
  const check = async (field: 'email' | 'buyerCode' | 'companyName' | 'contactName' | 'phone') => {
    const result = validate(buyerFields.pick({ [field]: true } as Record<typeof field, true>), {
      [field]: input()[field],
    });
    if (!result.ok && result.errors[field]) return setErrors((e) => ({ ...e, [field]: result.errors[field]! }));
    if (field === 'contactName' || field === 'phone' || user.role === 'practitioner') return;
    const found = await queryClient.fetchQuery(
      trpc.buyers.checkDuplicate.queryOptions({ [field]: input()[field], exceptId: buyer?.id }, { staleTime: 0 }),
    );
    if (found)
      setDuplicate({
        message: found.message,
        existingId: found.existingId,
        confirmable: found.match === 'companyName',
      });
  };

  const submit = (event: FormEvent, confirmSimilarName = false) => {
    event.preventDefault();
    if (buyer) {
      const result = validate(buyerFields.partial(), input());
      if (!result.ok) return setErrors(result.errors);
      const changes = { ...result.data };
      if (user.role !== 'admin') delete changes.accountManager;
      update.mutate({ id: buyer.id, changes, confirmSimilarName });
    } else {
      const result = validate(createBuyerInput, { ...input(), confirmSimilarName });
      if (!result.ok) return setErrors(result.errors);
      create.mutate(result.data);
    }
  };

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
      <form onSubmit={(e) => submit(e, false)} noValidate aria-label={buyer ? 'Edit buyer' : 'Add a buyer'}>
        <Stack gap="sm">
          <SimpleGrid cols={2} spacing="sm">
            <TextInput
              label="Company name"
              data-autofocus
              required
              value={values.companyName}
              onChange={(e) => set('companyName', e.currentTarget.value)}
              onBlur={() => void check('companyName')}
              error={errors.companyName}
            />
            <TextInput
              label="Buyer code"
              required
              placeholder={options.data?.nextBuyerCode}
              description={buyer ? undefined : 'Leave empty for the next free code'}
              value={values.buyerCode}
              onChange={(e) => set('buyerCode', e.currentTarget.value)}
              onBlur={() => void check('buyerCode')}
              error={errors.buyerCode}
            />
            <TextInput
              label="Contact name"
              required
              value={values.contactName}
              onChange={(e) => set('contactName', e.currentTarget.value)}
              onBlur={() => void check('contactName')}
              error={errors.contactName}
            />
            <TextInput
              label="Email"
              required
              type="email"
              value={values.email}
              onChange={(e) => set('email', e.currentTarget.value)}
              onBlur={() => void check('email')}
              error={errors.email}
            />
            <TextInput
              label="Phone"
              type="tel"
              value={values.phone}
              onChange={(e) => set('phone', e.currentTarget.value)}
              onBlur={() => void check('phone')}
              error={errors.phone}
            />
            <Select
              label="Sales status"
              allowDeselect={false}
              data={SALES_STATUSES.map((s) => ({ value: s, label: SALES_STATUS_LABELS[s] ?? s }))}
              value={values.salesStatus}
              onChange={(v) => v && set('salesStatus', v)}
              error={errors.salesStatus}
            />
            <TagsInput
              label="Preferred gemstone types"
              data={options.data?.gemstoneTypes ?? []}
              value={values.preferredGemstoneTypes}
              onChange={(v) => set('preferredGemstoneTypes', v)}
              acceptValueOnBlur
              clearable
              error={errors.preferredGemstoneTypes}
            />
            <Select
              label="Account manager"
              required
              allowDeselect={false}
              data={managers}
              value={values.accountManager}
              onChange={(v) => v && set('accountManager', v)}
              disabled={!!buyer && user.role !== 'admin'}
              description={buyer && user.role !== 'admin' ? 'Administrators reassign buyers' : undefined}
              error={errors.accountManager}
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
                  <Button size="compact-sm" variant="default" onClick={(e) => submit(e, true)} loading={saving}>
                    It’s a different company — save anyway
                  </Button>
                )}
              </Group>
            </Alert>
          )}
          {failure && !duplicate && Object.keys(fieldErrorsOf(failure)).length === 0 && (
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
