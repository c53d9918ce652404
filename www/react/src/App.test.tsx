// @vitest-environment jsdom
// The app's unit test, under Vitest + jsdom with the real package (no mock): the App renders
// signed out, then logs in through its form against a test server, calls the profile service and
// logs out. The server's URL comes from $AUTH_SERVER_URL (tests/compat/run starts one):
//   AUTH_SERVER_URL=http://127.0.0.1:9000 npm test
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, test } from 'vitest';
import _auth from 'wasm-auth-client';
import { App } from './App';

const server = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env
  .AUTH_SERVER_URL;

afterEach(cleanup);

test('renders signed out, logs in against the test server, calls profile, logs out', async () => {
  expect(server, 'set AUTH_SERVER_URL to a running auth-test-server').toMatch(/^http:\/\//);
  // What src/main.tsx does at module top level, with the test server as the API.
  _auth.config({ prefix: `${server}/services/` });
  await _auth.ready();
  expect(_auth.snapshot().status).toBe('logged_out');

  render(<App />);
  expect(screen.getByText('Signed out.')).toBeTruthy();
  expect(document.getElementById('login-form')).not.toBeNull();

  fireEvent.change(document.getElementById('username')!, { target: { value: 'admin' } });
  fireEvent.change(document.getElementById('password')!, { target: { value: 'secret' } });
  fireEvent.click(document.getElementById('login-button')!);
  await waitFor(() => expect(document.getElementById('user-name')?.textContent).toBe('Ada Admin'));
  expect(screen.getByText('Signed in.')).toBeTruthy();
  expect(_auth.isLogged()).toBe(true);
  expect(_auth.snapshot().status).toBe('logged_in');

  fireEvent.click(document.getElementById('profile-button')!);
  await waitFor(() => expect(document.getElementById('profile-status')?.textContent).toBe('HTTP 200'));
  expect(document.getElementById('profile-result')?.textContent).toContain('Ada Admin');

  fireEvent.click(document.getElementById('logout-button')!);
  await waitFor(() => expect(screen.getByText('Signed out.')).toBeTruthy());
  expect(_auth.isLogged()).toBe(false);
  expect(_auth.snapshot().status).toBe('logged_out');
});
