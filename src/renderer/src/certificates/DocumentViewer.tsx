import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { errorMessage } from '../common/errors';
import { download } from '../inventory/desk-store';
import { useTRPCClient } from '../trpc';
import { formatBytes } from './parts';

interface Opened {
  fileName: string;
  contentType: string;
  size: number;
  base64: string;
}

/**
 * The scanned report of an entry, in the app: the core sends the bytes (downloading them from the
 * backend the first time if this workstation has only the reference) and they are shown from a blob: URL
 * — an image inline, a PDF in a frame. The CSP allows exactly that (img-src and frame-src blob:).
 */
export function DocumentViewer({ entryId, title, onClose }: { entryId: string; title: string; onClose: () => void }) {
  // Fetched once when opened, not as a cached query: a report does not change (entries are append-only),
  // and the screens' refresh on every data change must not download megabytes again.
  const client = useTRPCClient();
  const [document, setDocument] = useState<{ isPending: boolean; error: unknown; data: Opened | null }>({
    isPending: true,
    error: null,
    data: null,
  });
  const [url, setUrl] = useState<string | null>(null);
  const data = document.data;

  useEffect(() => {
    let live = true;
    client.certificates.document
      .query({ id: entryId })
      .then((opened) => live && setDocument({ isPending: false, error: null, data: opened }))
      .catch((error: unknown) => live && setDocument({ isPending: false, error, data: null }));
    return () => {
      live = false;
    };
  }, [client, entryId]);

  useEffect(() => {
    if (!data) return;
    const bytes = Uint8Array.from(atob(data.base64), (c) => c.charCodeAt(0));
    const objectUrl = URL.createObjectURL(new Blob([bytes], { type: data.contentType }));
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [data]);

  return (
    <Modal opened onClose={onClose} size="90%" title={title} closeButtonProps={{ 'aria-label': 'Close' }}>
      {document.isPending && (
        <Group gap="xs">
          <Loader size="sm" aria-label="Loading the report" />
          <Text size="sm">Opening the report…</Text>
        </Group>
      )}
      {document.error !== null && <Alert color="red">{errorMessage(document.error)}</Alert>}
      {data && url && (
        <Stack gap="xs" data-testid="document-viewer">
          <Group justify="space-between">
            <Text size="sm">
              {data.fileName} · {formatBytes(data.size)}
            </Text>
            <Button
              size="xs"
              variant="default"
              onClick={() => download(data.fileName, data.contentType, { base64: data.base64 })}
            >
              Save a copy
            </Button>
          </Group>
          {data.contentType.startsWith('image/') ? (
            <img
              src={url}
              alt={`Scanned report ${data.fileName}`}
              style={{ maxWidth: '100%', maxHeight: '75vh', objectFit: 'contain' }}
            />
          ) : data.contentType === 'application/pdf' ? (
            <iframe
              src={url}
              title={`Scanned report ${data.fileName}`}
              style={{ width: '100%', height: '75vh', border: 0 }}
            />
          ) : (
            <Alert color="yellow">
              This file is neither a PDF nor an image, so it cannot be shown here; save a copy to open it.
            </Alert>
          )}
        </Stack>
      )}
    </Modal>
  );
}
