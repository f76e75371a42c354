import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ShellUpdater, usableFeedUrl, type AutoUpdaterLike } from './updater';

class Fake extends EventEmitter implements AutoUpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  feeds: string[] = [];
  checks = 0;
  failWith: Error | null = null;
  setFeedURL(options: { provider: 'generic'; url: string }) {
    this.feeds.push(options.url);
  }
  async checkForUpdates() {
    this.checks++;
    if (this.failWith) throw this.failWith;
    return null;
  }
  quitAndInstall() {}
}

const timers = { setInterval: () => 0, clearInterval: () => undefined };

describe('the shell updater', () => {
  it('does nothing in a development build', async () => {
    const fake = new Fake();
    const updater = new ShellUpdater({
      updater: fake,
      currentVersion: '1.0.0',
      packaged: false,
      builtInFeedUrl: 'https://u.example/loupe',
      timers,
    });
    expect(updater.status()).toMatchObject({
      phase: 'unsupported',
      message: expect.stringMatching(/development build/),
    });
    await updater.check();
    expect(fake.checks).toBe(0);
    expect(() => updater.install()).toThrow(/No update has been downloaded/);
  });

  it('waits for an address when the build carries only the placeholder, and uses the one from Settings', async () => {
    const fake = new Fake();
    const updater = new ShellUpdater({
      updater: fake,
      currentVersion: '1.0.0',
      packaged: true,
      builtInFeedUrl: 'https://updates.loupe.invalid/',
      timers,
    });
    expect(updater.status().phase).toBe('not-configured');
    updater.start();
    expect(fake.checks).toBe(0);
    updater.configure('https://updates.dealer.example/loupe');
    expect(updater.status()).toMatchObject({ phase: 'idle', feedUrl: 'https://updates.dealer.example/loupe' });
    await updater.check();
    expect(fake.checks).toBe(1);
    expect(fake.feeds).toEqual(['https://updates.dealer.example/loupe']);
  });

  it('reports a failed check and a failed download in words, and tries again at the next check', async () => {
    const fake = new Fake();
    const updater = new ShellUpdater({
      updater: fake,
      currentVersion: '1.0.0',
      packaged: true,
      builtInFeedUrl: 'https://u.example/loupe',
      timers,
    });
    fake.failWith = new Error('net::ERR_INTERNET_DISCONNECTED');
    expect(await updater.check()).toMatchObject({
      phase: 'error',
      message: expect.stringMatching(/ERR_INTERNET_DISCONNECTED/),
    });
    fake.failWith = null;
    fake.emit('error', new Error('sha512 checksum mismatch'));
    expect(updater.status().message).toMatch(/checksum mismatch/);
    await updater.check();
    expect(fake.checks).toBe(2);
  });

  it('accepts only https addresses, after parsing them', () => {
    expect(usableFeedUrl('https://updates.dealer.example/loupe')).toBe('https://updates.dealer.example/loupe');
    expect(usableFeedUrl('http://updates.dealer.example/loupe')).toBeNull(); // an installer over plain http could be swapped
    expect(usableFeedUrl('file:///tmp/evil')).toBeNull();
    expect(usableFeedUrl('javascript:alert(1)')).toBeNull();
    expect(usableFeedUrl('not a url')).toBeNull();
    expect(usableFeedUrl('https://updates.loupe.invalid/x')).toBeNull();
  });
});
