import { Text } from '@mantine/core';
import type { ReplicatedClass } from '../../../shared/enums';
import { offList } from '../../../shared/record-rules';

/**
 * A value as stored, marked when another app wrote one that Loupe's lists do not offer (clarity "VS", lab
 * "GIA Lab"): it is kept and shown as written, and staff can see it did not come from Loupe's form.
 */
export function AsWritten({ entity, field, value }: { entity: ReplicatedClass; field: string; value: string }) {
  if (!offList(entity, field, value)) return <>{value}</>;
  return (
    <>
      {value}{' '}
      <Text span size="xs" c="dimmed" title="Written by another app; Loupe's forms offer a list that does not have it">
        (not on Loupe’s list)
      </Text>
    </>
  );
}
