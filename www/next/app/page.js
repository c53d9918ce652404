// A server component (prerendered at build time): the page around the client component.
import { AuthPanel } from './auth-panel';

export default function Page() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: '36rem', margin: '2rem auto' }}>
      <h1>wasm-auth-client · Next.js example</h1>
      <AuthPanel />
    </main>
  );
}
