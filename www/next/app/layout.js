export const metadata = { title: 'wasm-auth-client · Next.js example' };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
