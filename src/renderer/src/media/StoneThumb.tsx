import { Box } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../trpc';

/** This connection's pass for media URLs (fixed while Loupe runs): asked once, kept. */
export function useMediaPass(): string | null {
  const trpc = useTRPC();
  return useQuery({ ...trpc.media.pass.queryOptions(), staleTime: Infinity }).data ?? null;
}

/**
 * A stone's cover thumbnail (its first photo), loaded lazily by the browser: never in the way of a scan.
 * `cover` changes when the cover does, so the URL does too. Without a photo, or until it loads, a neutral tile.
 */
export function StoneThumb({ stoneId, cover, size }: { stoneId: string; cover: string | null; size: number }) {
  const pass = useMediaPass();
  const [failed, setFailed] = useState<string | null>(null);
  const src =
    cover && pass
      ? `/media/cover/${encodeURIComponent(stoneId)}?v=${encodeURIComponent(cover)}&s=${encodeURIComponent(pass)}`
      : null;
  const tile = { width: size, height: size, borderRadius: 4, flex: 'none' } as const;
  if (!src || failed === src) return <Box style={tile} bg="gray.1" aria-hidden data-testid="thumb-placeholder" />;
  return (
    <img
      src={src}
      alt="Photo of the stone"
      loading="lazy"
      decoding="async"
      width={size}
      height={size}
      style={{ ...tile, objectFit: 'cover', background: 'var(--mantine-color-gray-1)' }}
      onError={() => setFailed(src)}
      data-testid="stone-thumb"
    />
  );
}
