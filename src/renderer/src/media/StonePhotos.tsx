import { ActionIcon, Alert, Button, Group, Modal, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type DragEvent } from 'react';
import type { MediaItem } from '../../../shared/media';
import { MAX_VIDEO_BYTES, MEDIA_ACCEPT } from '../../../shared/media';
import { errorMessage } from '../common/errors';
import { formatBytes } from '../certificates/parts';
import { useTRPC } from '../trpc';

// The stone panel's photos and videos: thumbnails (the first is the cover), a drop zone and a file picker
// for coordinators and administrators, and a viewer with next/previous. The core checks every file.

async function readMedia(file: File): Promise<{ fileName: string; base64: string }> {
  if (file.size > MAX_VIDEO_BYTES) throw new Error(`${file.name} is ${formatBytes(file.size)}; the limit is 100 MB.`);
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error(`${file.name} could not be read.`));
    reader.readAsDataURL(file);
  });
  return { fileName: file.name, base64: dataUrl.slice(dataUrl.indexOf(',') + 1) };
}

export function StonePhotos({ stoneId, canEdit }: { stoneId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.media.list.queryOptions({ stone: stoneId }));
  const [problem, setProblem] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();
  const done = {
    onSuccess: (next: MediaItem[]) => {
      setProblem(null);
      queryClient.setQueryData(trpc.media.list.queryKey({ stone: stoneId }), next);
    },
    onError: (e: unknown) => setProblem(errorMessage(e)),
  };
  const attach = useMutation(trpc.media.attach.mutationOptions());
  const remove = useMutation(trpc.media.remove.mutationOptions(done));
  const reorder = useMutation(trpc.media.reorder.mutationOptions(done));
  const shown: MediaItem[] = list.data ?? [];

  // One file per attach, read only when its turn comes: a request carries at most one video at the limit
  // (MAX_REQUEST_BYTES), and a drop of several large files is never all in memory at once. A file refused
  // does not stop the others; every refusal is shown.
  const add = async (files: FileList | File[]) => {
    const problems: string[] = [];
    for (const file of [...files]) {
      try {
        const next = await attach.mutateAsync({ stone: stoneId, files: [await readMedia(file)] });
        queryClient.setQueryData(trpc.media.list.queryKey({ stone: stoneId }), next);
      } catch (error) {
        problems.push(errorMessage(error));
      }
    }
    setProblem(problems.length ? problems.join(' ') : null);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    if (canEdit) void add(event.dataTransfer.files);
  };

  return (
    <Stack gap={4} data-testid="stone-photos">
      <Group justify="space-between">
        <Title order={5}>
          Photos and videos{' '}
          {shown.length > 0 && (
            <Text span c="dimmed">
              ({shown.length})
            </Text>
          )}
        </Title>
        {canEdit && (
          <Button size="xs" variant="default" loading={attach.isPending} onClick={() => input.current?.click()}>
            Add photos…
          </Button>
        )}
      </Group>
      <input
        ref={input}
        type="file"
        multiple
        accept={MEDIA_ACCEPT}
        hidden
        aria-label="Choose photos or videos"
        onChange={(e) => {
          if (e.currentTarget.files) void add(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />
      {problem && (
        <Alert color="red" withCloseButton onClose={() => setProblem(null)}>
          {problem}
        </Alert>
      )}
      <Group
        gap="xs"
        p={canEdit ? 'xs' : 0}
        onDragOver={(e) => {
          if (!canEdit) return;
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        style={
          canEdit
            ? {
                border: `1px dashed var(--mantine-color-${over ? 'blue-6' : 'gray-4'})`,
                borderRadius: 6,
                minHeight: 72,
              }
            : undefined
        }
      >
        {shown.map((item, i) => (
          <button
            key={item.key}
            type="button"
            onClick={() => setOpen(i)}
            aria-label={`Open ${item.fileName}${i === 0 ? ' (cover)' : ''}`}
            style={{
              padding: 0,
              border: i === 0 ? '2px solid var(--mantine-color-blue-6)' : '1px solid var(--mantine-color-gray-3)',
              borderRadius: 4,
              background: 'none',
              cursor: 'pointer',
            }}
          >
            <img
              src={item.thumbUrl}
              alt={item.fileName}
              loading="lazy"
              width={64}
              height={64}
              style={{ display: 'block', objectFit: 'cover', borderRadius: 3 }}
            />
          </button>
        ))}
        {shown.length === 0 && (
          <Text size="sm" c="dimmed">
            {canEdit ? 'No photos yet. Drop photos or short videos here, or choose them.' : 'No photos yet.'}
          </Text>
        )}
      </Group>
      {open !== null && shown[open] && (
        <Viewer
          items={shown}
          at={open}
          onMove={setOpen}
          onClose={() => setOpen(null)}
          canEdit={canEdit}
          onCover={(key) =>
            reorder.mutate({ stone: stoneId, keys: [key, ...shown.map((m) => m.key).filter((k) => k !== key)] })
          }
          onRemove={(key) => {
            setOpen(null);
            remove.mutate({ stone: stoneId, key });
          }}
        />
      )}
    </Stack>
  );
}

function Viewer(props: {
  items: MediaItem[];
  at: number;
  canEdit: boolean;
  onMove(at: number): void;
  onClose(): void;
  onCover(key: string): void;
  onRemove(key: string): void;
}) {
  const { items, at, canEdit } = props;
  const item = items[at]!;
  return (
    <Modal
      opened
      onClose={props.onClose}
      size="xl"
      title={`${item.fileName} · ${at + 1} of ${items.length}`}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack gap="xs" data-testid="media-viewer">
        {item.kind === 'video' ? (
          <video src={item.url} controls style={{ maxWidth: '100%', maxHeight: '65vh' }} aria-label={item.fileName} />
        ) : (
          <img
            src={item.url}
            alt={item.fileName}
            style={{ maxWidth: '100%', maxHeight: '65vh', objectFit: 'contain' }}
          />
        )}
        <Group justify="space-between">
          <Group gap="xs">
            <Tooltip label="Previous">
              <ActionIcon
                variant="default"
                aria-label="Previous"
                disabled={at === 0}
                onClick={() => props.onMove(at - 1)}
              >
                ‹
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Next">
              <ActionIcon
                variant="default"
                aria-label="Next"
                disabled={at === items.length - 1}
                onClick={() => props.onMove(at + 1)}
              >
                ›
              </ActionIcon>
            </Tooltip>
            <Text size="sm" c="dimmed">
              {item.size > 0 ? formatBytes(item.size) : 'On the server'} ·{' '}
              {item.uploaded ? 'The other apps see it' : 'Waiting to upload'}
            </Text>
          </Group>
          {canEdit && (
            <Group gap="xs">
              <Button size="xs" variant="default" disabled={at === 0} onClick={() => props.onCover(item.key)}>
                Make cover
              </Button>
              <Button size="xs" color="red" variant="light" onClick={() => props.onRemove(item.key)}>
                Remove
              </Button>
            </Group>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
