import type { Metadata } from "next";
import "./globals.css";

// Scripts run only with the per-request CSP nonce (server/http/perimeter.ts), so no page may be prerendered.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Switchboard",
  description: "One inbox for every customer conversation",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
