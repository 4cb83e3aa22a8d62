import { defineConfig, devices } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';

// End-to-end tests drive Debian's Chromium (Playwright's own browser download is not
// reachable here) against the optimised release build, on a fresh SQLite database
// with the demo data. Map tiles and any other outside request are blocked in tests.
const port = process.env.E2E_PORT ?? '3457';
const baseURL = `http://127.0.0.1:${port}`;
const targetDir = process.env.CARGO_TARGET_DIR ?? path.resolve(__dirname, '../target');
const dbFile = path.join(os.tmpdir(), `coin-e2e-${port}.db`);

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } }, testIgnore: /.*\.mobile\.spec\.ts/ },
    { name: 'mobile', use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
      testMatch: /.*\.mobile\.spec\.ts/ },
  ],
  webServer: {
    // A fresh database for each run: remove the previous one first.
    command: `rm -f ${dbFile} ${dbFile}-wal ${dbFile}-shm && exec ${targetDir}/release/coin-du-partage`,
    cwd: path.resolve(__dirname, '..'),
    url: `${baseURL}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      DATABASE_URL: `sqlite://${dbFile}`,
      COIN_DEMO_DATA: 'true',
      COIN_DEV_MODE: 'true',
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: 'target/site',
      RUST_LOG: 'warn',
    },
  },
});
