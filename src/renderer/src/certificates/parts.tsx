import { Badge } from '@mantine/core';
import { MAX_DOCUMENT_BYTES } from '../../../shared/certificates';
import type { VerificationResult } from '../../../shared/enums';
import { certificateStatusLabel, formatDateTime, verificationResultLabel } from '../../../shared/format';
import { VERIFICATION_RESULT_COLORS } from '../../../shared/labs';
import { CERTIFICATE_STATUS_COLORS } from '../inventory/labels';

export function ResultBadge({ result }: { result: string }) {
  const r = result as VerificationResult;
  return (
    <Badge color={VERIFICATION_RESULT_COLORS[r] ?? 'gray'} variant="light" tt="none">
      {verificationResultLabel(result)}
    </Badge>
  );
}

/** What else is true of an entry, as small marks beside its result: corrected, a correction, a report… */
export function EntryMarks({
  entry,
}: {
  entry: { formatOverride: boolean; corrects: string | null; correctedBy: readonly unknown[]; document: unknown };
}) {
  return (
    <>
      {entry.formatOverride && (
        <Badge
          size="xs"
          color="orange"
          variant="outline"
          tt="none"
          title="The number does not follow the lab's format; confirmed on purpose"
        >
          format override
        </Badge>
      )}
      {entry.corrects && (
        <Badge size="xs" color="blue" variant="outline" tt="none">
          correction
        </Badge>
      )}
      {entry.correctedBy.length > 0 && (
        <Badge size="xs" color="gray" tt="none">
          corrected
        </Badge>
      )}
      {entry.document ? (
        <Badge size="xs" color="indigo" variant="light" tt="none">
          report
        </Badge>
      ) : null}
    </>
  );
}

export function StatusBadge({ status, size }: { status: string; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge
      color={CERTIFICATE_STATUS_COLORS[status] ?? 'gray'}
      variant={status === 'mismatch' ? 'filled' : 'light'}
      size={size}
      data-testid="certificate-status"
    >
      {certificateStatusLabel(status)}
    </Badge>
  );
}

export function formatBytes(n: number | null): string {
  if (n === null) return 'size not known yet';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** A chosen file as the core takes it (base64), or a message for a file that cannot be a report. */
export async function readReport(file: File): Promise<{ fileName: string; base64: string }> {
  // The core checks the bytes themselves; this only spares uploading something that is certainly too big.
  if (file.size > MAX_DOCUMENT_BYTES)
    throw new Error(`${file.name} is ${formatBytes(file.size)}; a scanned report can be at most 20 MB.`);
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error(`${file.name} could not be read.`));
    reader.readAsDataURL(file);
  });
  return { fileName: file.name, base64: dataUrl.slice(dataUrl.indexOf(',') + 1) };
}

export const formatWhen = (iso: string | null) => formatDateTime(iso);
