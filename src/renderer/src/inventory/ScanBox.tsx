import { TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { takeScans } from './desk-store';

/** Where a vault clerk scans: a scanner's keys anywhere on the screen land here too (takeScans). */
export function ScanBox({
  label,
  onCode,
  disabled,
}: {
  label: string;
  onCode: (code: string) => void;
  disabled?: boolean;
}) {
  const [code, setCode] = useState('');
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;
  useEffect(() => (disabled ? undefined : takeScans((c) => onCodeRef.current(c))), [disabled]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!code.trim()) return;
    onCode(code.trim());
    setCode('');
  };
  return (
    <form onSubmit={submit} aria-label={label}>
      <TextInput
        label={label}
        placeholder="Scan or type a SKU, then Enter"
        ff="monospace"
        autoFocus
        disabled={disabled}
        value={code}
        onChange={(e) => setCode(e.currentTarget.value)}
        w={360}
      />
    </form>
  );
}

/** A short high beep for a good scan, a low one for a refused scan, as the clerk's ears expect. */
export function beep(ok: boolean) {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    osc.frequency.value = ok ? 1200 : 300;
    osc.connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + (ok ? 0.08 : 0.25));
    osc.onended = () => void ctx.close();
  } catch {
    // No audio device: the visual confirmation is enough.
  }
}
