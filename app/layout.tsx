import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { sans, serif } from "./fonts";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Newsroom", template: "%s" },
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fdfcf9" },
    { media: "(prefers-color-scheme: dark)", color: "#15171b" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={`${serif.variable} ${sans.variable}`}>
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
