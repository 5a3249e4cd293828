"use client";

import { signOut } from "next-auth/react";
import { useEffect } from "react";

export default function LogoutPage() {
  useEffect(() => {
    void signOut({ callbackUrl: "/login" });
  }, []);
  return <p className="p-10 text-center text-sm text-slate-500">Signing you out…</p>;
}
